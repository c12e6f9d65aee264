"""Reminders to Teams users: the `reminders.channels.Channel` that writes into a person's personal chat.

A bot may write unasked only into a conversation that exists, so a person is reachable once they have
talked to the bot or installed it (the reference is kept then, `storage.teams_conversations`). Sending
goes through the same adapter and connector client as answers, on the server's event loop when the
server runs, else on a loop of its own (`utblick reminders run-due` from cron).
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from sqlalchemy.orm import object_session

from bot.messages import Reply
from bot.platforms.teams import TeamsAdapter
from reminders.channels import DeliveryError
from storage import teams_conversations
from storage.models import Person

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 60.0
# The person blocked or removed the bot (403), or the conversation is gone (404): trying again cannot help.
GONE = {403, 404}


class TeamsChannel:
    name = "teams"

    def __init__(self, adapter: TeamsAdapter, *, timeout: float = SEND_TIMEOUT_SECONDS) -> None:
        self.adapter = adapter
        self.timeout = timeout

    def reaches(self, person: Person) -> bool:
        return person.teams_aad_id is not None and self._reference(person) is not None

    def send(self, person: Person, replies: list[Reply]) -> None:
        reference = self._reference(person)
        if reference is None:
            raise DeliveryError("no personal Teams chat with this person is known", retryable=False)
        try:
            self.adapter.call(self.adapter.send_proactively(reference, replies), self.timeout)
        except aiohttp.ClientResponseError as exc:
            if exc.status in GONE:
                self._forget(person)
                raise DeliveryError(
                    f"Teams answered {exc.status}: the bot cannot reach this chat", retryable=False
                ) from None
            raise DeliveryError(f"Teams answered {exc.status}", retryable=True) from None
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"Teams could not be reached ({type(exc).__name__})", retryable=True) from None
        except Exception as exc:  # a token Microsoft would not issue (MSAL), a broken reference
            log.warning("proactive Teams message failed", exc_info=True)
            raise DeliveryError(f"sending to Teams failed ({type(exc).__name__})", retryable=True) from None

    def _reference(self, person: Person) -> dict[str, Any] | None:
        session = object_session(person)
        if session is not None:
            row = teams_conversations.find(session, person.id)
            return dict(row.reference) if row is not None else None
        with self.adapter.engine.database.session_scope() as own:
            row = teams_conversations.find(own, person.id)
            return dict(row.reference) if row is not None else None

    def _forget(self, person: Person) -> None:
        try:
            with self.adapter.engine.database.session_scope() as session:
                teams_conversations.forget(session, person.id)
        except Exception:
            log.warning("could not forget the Teams chat of a person the bot can no longer reach", exc_info=True)

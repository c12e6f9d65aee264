"""Reminders to Teams users: the `reminders.channels.Channel` that writes into a person's personal chat.

A bot may write unasked only into a conversation that exists, so a person is reachable once they have
talked to the bot or installed it (the reference is kept then, `storage.teams_conversations`). Sending
goes through the same adapter and connector client as answers, on the server's event loop when the
server runs, else on a loop of its own (`utblick reminders run-due` from cron). A person without such a
chat, or who removed the bot, is `Unreachable` here, and their reminder goes by e-mail instead.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import aiohttp
from sqlalchemy import select
from sqlalchemy.orm import object_session

from bot.messages import Reply
from bot.platforms.teams import TeamsAdapter
from reminders.channels import About, DeliveryError, Unreachable
from storage import teams_conversations
from storage.models import Person, TeamsConversation

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 60.0
# The person blocked or removed the bot (403), or the conversation is gone (404): trying again cannot help.
GONE = {403, 404}
# UTBLICK_EXAMPLES_CHANNEL names a Teams channel as "teams:<conversation id>".
CHANNEL_PREFIX = "teams:"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


class TeamsChannel:
    name = "teams"

    def __init__(self, adapter: TeamsAdapter, *, timeout: float = SEND_TIMEOUT_SECONDS) -> None:
        self.adapter = adapter
        self.timeout = timeout

    def reaches(self, person: Person) -> bool:
        return person.teams_aad_id is not None and self._reference(person) is not None

    def confirms(self, person: Person) -> bool:
        return self.reaches(person)

    def app_link(self) -> str | None:
        """Teams' link to the app (`/l/app/<app id>`): it installs Utblick for someone who has not, which
        is what a person reminded by e-mail because Teams had no chat with them needs. The manifest's id
        is the bot's app id (see the README's Teams set-up)."""
        app_id = self.adapter.settings.teams_app_id
        if not app_id:
            return None
        tenant = self.adapter.settings.teams_tenant_id or ""
        return f"https://teams.microsoft.com/l/app/{app_id}" + (f"?tenantId={tenant}" if _GUID.match(tenant) else "")

    def send(self, person: Person, replies: list[Reply], about: About | None = None) -> None:
        reference = self._reference(person)
        if reference is None:
            raise Unreachable("no personal Teams chat with this person is known")
        try:
            self.adapter.call(self.adapter.send_proactively(reference, replies), self.timeout)
        except aiohttp.ClientResponseError as exc:
            if exc.status in GONE:
                self._forget(person)
                raise Unreachable(f"Teams answered {exc.status}: the bot cannot reach this chat") from None
            raise DeliveryError(f"Teams answered {exc.status}", retryable=True) from None
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"Teams could not be reached ({type(exc).__name__})", retryable=True) from None
        except Exception as exc:  # a token Microsoft would not issue (MSAL), a broken reference
            log.warning("proactive Teams message failed", exc_info=True)
            raise DeliveryError(f"sending to Teams failed ({type(exc).__name__})", retryable=True) from None

    def posts_to(self, address: str) -> bool:
        return address.startswith(CHANNEL_PREFIX) and len(address) > len(CHANNEL_PREFIX)

    def post(self, address: str, replies: list[Reply]) -> None:
        """A proactive message into a Teams channel (an approved good example). Teams is reached at the
        service URL of the tenant's conversations, learned from the latest personal chat with the bot."""
        with self.adapter.engine.database.session_scope() as session:
            latest = session.scalars(select(TeamsConversation).order_by(TeamsConversation.updated_at.desc())).first()
            known = dict(latest.reference) if latest is not None else None
        if known is None:
            raise Unreachable("no Teams conversation is known yet, so neither is the service URL")
        conversation = {"id": address[len(CHANNEL_PREFIX) :], "isGroup": True, "conversationType": "channel"}
        tenant = (known.get("conversation") or {}).get("tenantId")
        if tenant:
            conversation["tenantId"] = tenant
        reference = {key: value for key, value in known.items() if key not in ("user", "activityId", "conversation")}
        reference["conversation"] = conversation
        try:
            self.adapter.call(self.adapter.send_proactively(reference, replies), self.timeout)
        except aiohttp.ClientResponseError as exc:
            raise DeliveryError(f"Teams answered {exc.status}", retryable=exc.status not in GONE) from None
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"Teams could not be reached ({type(exc).__name__})", retryable=True) from None

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

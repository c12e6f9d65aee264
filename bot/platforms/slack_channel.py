"""Reminders through Slack: a direct message to the person, found by user id or, for someone imported
from the unit register with only an e-mail address, by `users.lookupByEmail`."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.config import Settings
from bot.messages import Reply
from bot.platforms.slack import retry_handlers, web_client
from bot.platforms.slack_delivery import Courier, Target
from reminders.channels import DeliveryError
from storage.models import Person

log = logging.getLogger(__name__)

# Errors that another attempt will not mend: the person is gone, or the app may not write to them.
_FOR_GOOD = frozenset(
    {"user_not_found", "users_not_found", "account_inactive", "user_disabled", "cannot_dm_bot", "channel_not_found",
     "is_archived", "not_in_channel", "invalid_auth", "not_authed", "token_revoked", "missing_scope", "no_permission",
     "restricted_action"}
)  # fmt: skip


class SlackChannel:
    name = "slack"

    def __init__(self, settings: Settings, client: WebClient | None = None) -> None:
        self.client = client or web_client(settings)
        self.courier = Courier(self.client, retry_handlers())

    def reaches(self, person: Person) -> bool:
        return bool(person.slack_user_id or person.email)

    def _user(self, person: Person) -> str:
        if person.slack_user_id:
            return person.slack_user_id
        assert person.email
        try:
            response = self.client.users_lookupByEmail(email=person.email)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown"))
            raise DeliveryError(f"Slack: {error}", retryable=error not in _FOR_GOOD) from None
        return str(response["user"]["id"])

    def send(self, person: Person, replies: list[Reply]) -> None:
        try:
            user = self._user(person)
            channel = self.courier.dm_channel(user)
            self.courier.deliver(replies, Target(user=user, channel=channel, conversation=channel), strict=True)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown"))
            raise DeliveryError(f"Slack: {error}", retryable=error not in _FOR_GOOD) from None
        except (SlackClientError, OSError) as exc:
            raise DeliveryError(f"Slack unreachable: {type(exc).__name__}", retryable=True) from None

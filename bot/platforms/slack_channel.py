"""Reminders through Slack: a direct message to the person, found by user id or, for someone imported
from the unit register with only an e-mail address, by `users.lookupByEmail`. Someone Slack does not know
by that address is `Unreachable` here, and their reminder goes by e-mail instead."""

from __future__ import annotations

import logging
import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.actions import ActionCodec
from bot.config import Settings
from bot.messages import Reply
from bot.platforms.slack import retry_handlers, web_client
from bot.platforms.slack_delivery import Courier, Target
from reminders.channels import About, DeliveryError, Unreachable
from storage.models import Person

log = logging.getLogger(__name__)

# Errors that another attempt will not mend: the person is gone, or the app may not write to them.
_FOR_GOOD = frozenset(
    {"user_not_found", "users_not_found", "account_inactive", "user_disabled", "cannot_dm_bot", "channel_not_found",
     "is_archived", "not_in_channel", "invalid_auth", "not_authed", "token_revoked", "missing_scope", "no_permission",
     "restricted_action"}
)  # fmt: skip
# What `users.lookupByEmail` answers for an address no one in the workspace has.
_NOT_IN_SLACK = "users_not_found"
# A channel by name ("#goda-exempel") or by id (C…, G… for a private one).
_CHANNEL = re.compile(r"#[\w.-]+|[CG][A-Z0-9]{6,}")


class SlackChannel:
    name = "slack"

    def __init__(self, settings: Settings, codec: ActionCodec, client: WebClient | None = None) -> None:
        self.client = client or web_client(settings)
        self.courier = Courier(self.client, codec, retry_handlers())
        self._link: str | None = None

    def reaches(self, person: Person) -> bool:
        return bool(person.slack_user_id or person.email)

    def confirms(self, person: Person) -> bool:
        """Asks Slack about someone known only by e-mail; when Slack cannot be asked, delivery would try
        Slack (and retry), so that is the answer."""
        if person.slack_user_id or not person.email:
            return self.reaches(person)
        try:
            self._user(person)
        except Unreachable:
            return False
        except (DeliveryError, SlackClientError, OSError):
            return True
        return True

    def _user(self, person: Person) -> str:
        if person.slack_user_id:
            return person.slack_user_id
        assert person.email
        try:
            response = self.client.users_lookupByEmail(email=person.email)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown"))
            if error == _NOT_IN_SLACK:
                raise Unreachable(f"Slack: {error}") from None
            raise DeliveryError(f"Slack: {error}", retryable=error not in _FOR_GOOD) from None
        return str(response["user"]["id"])

    def app_link(self) -> str | None:
        """A link that opens the app's DM in Slack (`app_redirect`), asked of Slack once per process:
        `auth.test` names the workspace and the bot, `bots.info` the bot's app. None when Slack will not
        say, and then asked again next time."""
        if self._link is None:
            try:
                me = self.client.auth_test()
                bot = self.client.bots_info(bot=str(me["bot_id"]))
                self._link = f"https://slack.com/app_redirect?app={bot['bot']['app_id']}&team={me['team_id']}"
            except (SlackApiError, SlackClientError, OSError, KeyError, TypeError) as exc:
                log.warning("could not find the Slack app's link for e-mails: %s", type(exc).__name__)
        return self._link

    def send(self, person: Person, replies: list[Reply], about: About | None = None) -> None:
        try:
            user = self._user(person)
            channel = self.courier.dm_channel(user)
            self.courier.deliver(replies, Target(user=user, channel=channel, conversation=channel), strict=True)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown"))
            raise DeliveryError(f"Slack: {error}", retryable=error not in _FOR_GOOD) from None
        except (SlackClientError, OSError) as exc:
            raise DeliveryError(f"Slack unreachable: {type(exc).__name__}", retryable=True) from None

    def posts_to(self, address: str) -> bool:
        return bool(_CHANNEL.fullmatch(address))

    def post(self, address: str, replies: list[Reply]) -> None:
        """`chat.postMessage` to a channel the app has been added to (an approved good example)."""
        try:
            self.courier.deliver(replies, Target(user="", channel=address, conversation=address), strict=True)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown"))
            raise DeliveryError(f"Slack: {error}", retryable=error not in _FOR_GOOD) from None
        except (SlackClientError, OSError) as exc:
            raise DeliveryError(f"Slack unreachable: {type(exc).__name__}", retryable=True) from None

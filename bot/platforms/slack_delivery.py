"""Sending the engine's replies to Slack: messages, ephemeral answers, files and modals.

Where a reply goes depends on where the person spoke, and that is decided once, when the request comes
in, as a `Target`. Delivery then never needs the original payload: a reply to a DM is posted in the DM
(in the thread if the person wrote in one), a reply to a slash command is ephemeral through its
`response_url` (it works in channels the bot is not a member of), and a reply with a form opens a modal
when Slack gave a trigger to open one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.messages import Attachment, Form, Reply
from bot.platforms import slack_blocks as kit
from bot.platforms.rendering import delivered

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """Where the replies to one request go.

    `channel` is a conversation id (or a user id, which Slack turns into the app's DM with them),
    `conversation` the key the engine keeps the dialogue under: the DM for everything but a mention in a
    channel, so a conversation begun with `/utblick`, a shortcut or App Home goes on in the DM.
    `response_url` makes replies ephemeral answers to a slash command or to a click on an ephemeral
    message; `trigger_id` lets a form open as a modal; `replace_original` lets the first reply take the
    place of the clicked ephemeral message.
    """

    user: str
    channel: str | None
    conversation: str
    thread_ts: str | None = None
    response_url: str | None = None
    trigger_id: str | None = None
    replace_original: bool = False


def form_metadata(form: Form, target: Target) -> dict[str, Any]:
    """What a modal must remember to turn its submission back into engine input and answer it."""
    metadata: dict[str, Any] = {"action": form.action, "conversation": target.conversation}
    # A form opened by a slash command may come from a channel the app cannot post in; its answers go
    # to the person's DM with the app, which is also the conversation a slash command is kept in.
    if target.channel and not target.response_url:
        metadata["channel"] = target.channel
        if target.thread_ts:
            metadata["thread_ts"] = target.thread_ts
    return metadata


class Courier:
    """Delivers replies; every Web API call goes through the one client with its retry handlers."""

    def __init__(self, client: WebClient, retry_handlers: list[RetryHandler] | None = None) -> None:
        self.client = client
        self.retry_handlers = retry_handlers or []
        self._dms: dict[str, str] = {}

    def deliver(self, replies: list[Reply], target: Target, *, strict: bool = False) -> None:
        """Send the replies of one turn. A form opens as a modal when there is a trigger to open it, else it
        becomes a button that opens it. Ephemeral answers go as one message when they fit in one: a
        response_url takes only five posts, and one card is easier to read than several that only the
        person sees. With `strict` (a reminder the outbox must try again) a message Slack will not take
        fails the delivery; otherwise only that message is lost."""
        trigger = target.trigger_id
        messages: list[tuple[list[dict[str, Any]], str]] = []
        for index, reply in enumerate(replies):
            if reply.form is not None and trigger:
                trigger = None  # a trigger opens one modal, once
                if self.open_form(reply.form, target, trigger_id=target.trigger_id or "", errors=reply.form_errors):
                    continue
            blocks = kit.reply_blocks(reply, index, self._form_opener(reply))
            # A reply that only carries files has nothing to post; a long one goes as several messages.
            for number, piece in enumerate(kit.messages(blocks)):
                messages.append((piece, kit.notification_text(reply) if number == 0 else kit.blocks_text(piece)))
        if target.response_url and len(messages) > 1:
            blocks = [b for i, (bs, _) in enumerate(messages) for b in ([{"type": "divider"}] if i else []) + bs]
            first = kit.clip("\n".join(text for _, text in messages), kit.NOTIFICATION_TEXT_MAX)
            pieces = kit.messages(blocks)
            messages = [
                (piece, first if number == 0 else kit.blocks_text(piece)) for number, piece in enumerate(pieces)
            ]
        for number, (blocks, text) in enumerate(messages):
            if target.response_url and number == kit.RESPONSE_URL_POSTS:
                # What a response_url cannot take goes on in the DM, where the conversation is kept.
                target = replace(target, channel=target.conversation, response_url=None)
            try:
                self.post(blocks, text, target)
            except (SlackApiError, SlackClientError, OSError) as exc:
                if strict:  # a reminder: the outbox tries again, so the whole delivery must fail
                    raise
                # One message Slack would not take after its retries is lost, not the rest of the answer.
                error = exc.response.get("error") if isinstance(exc, SlackApiError) else type(exc).__name__
                log.warning("message %d of an answer to %s could not be posted: %s", number + 1, target.user, error)
            target = replace(target, replace_original=False)
        for reply in replies:
            for attachment in reply.files:
                self.upload(attachment, target)

    @staticmethod
    def _form_opener(reply: Reply) -> list[dict[str, Any]]:
        """A button that opens the reply's form later, carrying the form itself (see `pack_form`)."""
        packed = kit.pack_form(reply.form) if reply.form is not None else None
        if reply.form is None or packed is None:
            return []
        # The form's own title ("Logga aktivitet") is the label, in the person's language.
        return [
            {
                "type": "button",
                "action_id": kit.OPEN_FORM_ACTION,
                "text": kit.plain(reply.form.title, kit.BUTTON_TEXT_MAX),
                "value": packed,
                "style": "primary",
            }
        ]

    def post(self, blocks: list[dict[str, Any]], text: str, target: Target) -> None:
        if target.response_url:
            self._respond(target.response_url, blocks, text, replace_original=target.replace_original)
            return
        if target.channel is None:
            log.warning("no channel to answer %s in; reply dropped", target.user)
            return
        self.client.chat_postMessage(channel=target.channel, text=text, blocks=blocks, thread_ts=target.thread_ts)

    def _respond(self, url: str, blocks: list[dict[str, Any]], text: str, *, replace_original: bool) -> None:
        webhook = WebhookClient(url, retry_handlers=self.retry_handlers)
        response = webhook.send(
            text=text,
            blocks=blocks,
            response_type="ephemeral",
            replace_original=replace_original,
        )
        if response.status_code >= 300:
            log.warning("response_url answered %s", response.status_code)

    def update(self, channel: str, ts: str, blocks: list[dict[str, Any]], text: str) -> None:
        try:
            self.client.chat_update(channel=channel, ts=ts, blocks=blocks, text=text)
        except SlackApiError as exc:
            log.warning("chat.update failed: %s", exc.response.get("error"))

    def upload(self, attachment: Attachment, target: Target) -> None:
        """Upload a file where the conversation is; ephemeral answers cannot hold files, so those go to
        the person's DM with the app. A personal file is removed afterwards, whatever happened."""
        channel = target.channel if not target.response_url else None
        if channel is None or channel.startswith(("U", "W")):
            channel = self.dm_channel(target.user)
        path = attachment.path
        try:
            self.client.files_upload_v2(
                channel=channel, file=str(path), filename=path.name, title=attachment.title, thread_ts=target.thread_ts
            )
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("file upload of %s failed: %s", path.name, type(exc).__name__)
        finally:
            delivered(attachment)

    def open_form(
        self, form: Form, target: Target, *, trigger_id: str, errors: Mapping[str, str] | None = None
    ) -> bool:
        """Open a form as a modal; False when the trigger has expired (3 s) or was already used."""
        view = kit.form_view(form, form_metadata(form, target), errors)
        try:
            self.client.views_open(trigger_id=trigger_id, view=view)
            return True
        except SlackApiError as exc:
            log.info("could not open the form as a modal: %s", exc.response.get("error"))
            return False

    def publish_home(self, user: str, blocks: list[dict[str, Any]], metadata: str) -> None:
        self.client.views_publish(
            user_id=user, view={"type": "home", "blocks": blocks, "private_metadata": metadata[:3000]}
        )

    def dm_channel(self, user: str) -> str:
        """The id of the app's DM with a person, asked once per person and process (it never changes)."""
        known = self._dms.get(user)
        if known is not None:
            return known
        try:
            response = self.client.conversations_open(users=user)
            channel = str(response["channel"]["id"])
        except (SlackApiError, SlackClientError, KeyError, TypeError) as exc:
            # Slack also accepts a user id where a channel is expected, and posts in the app's DM.
            log.warning("conversations.open for %s failed: %s", user, exc)
            return user
        self._dms[user] = channel
        return channel

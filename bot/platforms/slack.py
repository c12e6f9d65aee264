"""The Slack app: DMs, @mentions, `/utblick`, buttons, modals, shortcuts and the App Home tab.

A thin translator around the engine, like the terminal adapter: each listener acknowledges Slack, turns
the payload into a `Message` and a `Target` (where the answer goes), asks the engine, and hands the
replies to the `Courier`. What every request needs (a log line, recognising Slack's retries, finding out
who the person is) is Bolt middleware in `slack_middleware.py`.

Acknowledging first and working after is Bolt's default (`process_before_response=False`): events are
acked before the listener runs, and the other listeners call `ack()` on their first line, while the
engine's turn runs on the listener thread pool.
"""

from __future__ import annotations

import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    RetryHandler,
)
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.actions import Action
from bot.config import Settings
from bot.conversation import Engine, TurnResult
from bot.i18n import all_languages
from bot.messages import Message, Reply, Sender
from bot.platforms import slack_blocks as kit
from bot.platforms.slack_delivery import Courier, Target
from bot.platforms.slack_http import KeepAliveWebClient
from bot.platforms.slack_middleware import (
    AttachSender,
    Direct,
    RecogniseRetries,
    install_redaction,
    log_request,
    only_installed_workspace,
)
from bot.platforms.slack_people import PLATFORM, KeyedLocks, SlackPeople

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
# callback_ids in slack/manifest.yml
MESSAGE_SHORTCUT = "utblick_log_message"
GLOBAL_SHORTCUT = "utblick_log_form"
# What the engine is asked when the person wants a form, a message logged, their overview, or help.
LOG_FORM = Action("log_activity", "form")
LOG_MESSAGE = Action("log_activity", "start")
SHOW_HOME = Action("home", "show")
SHOW_HELP = Action("help", "show")
# How long a submitted form waits for the engine's answer before Slack gets a plain acknowledgement.
FORM_ANSWER_SECONDS = 2.0


class _NoTokenUnusedWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment itself and then warns that the client we give it
    (with our base URL and retry handlers) takes precedence. That is the intent; the warning only worries
    operators."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


BOLT_LOGGER = logging.getLogger("slack_bolt.App")
BOLT_LOGGER.addFilter(_NoTokenUnusedWarning())


class SlackNotConfigured(Exception):
    """A required Slack setting is missing; the message names the variable."""


def retry_handlers() -> list[RetryHandler]:
    """Retry a dropped connection or an answer that did not come in time (a read timeout), a 429 after its
    Retry-After, and Slack's own 500/503. A timed-out post may in rare cases have reached Slack and then
    show twice; a lost answer is worse."""
    return [
        ConnectionErrorRetryHandler(
            max_retry_count=2, error_types=[URLError, ConnectionError, RemoteDisconnected, TimeoutError]
        ),  # fmt: skip
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ]


def api_url(settings: Settings) -> str:
    url = settings.slack_api_url or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


def web_client(settings: Settings) -> WebClient:
    """The one Web API client of an instance: its connections to Slack stay open between calls."""
    if settings.slack_bot_token is None:
        raise SlackNotConfigured("SLACK_BOT_TOKEN")
    return KeepAliveWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=api_url(settings),
        retry_handlers=retry_handlers(),
        timeout=15,
    )


def form_command(text: str) -> bool:
    """`/utblick logga`, `/utblick log`, `/utblick formulär`: the person asks for the logging form."""
    words = {w.casefold() for w in all_languages("slack.form_words")}
    return text.strip().casefold() in words


# Subtypes that are still a person's own new message: one with a file attached (its text is what they
# wrote with it), and a thread reply also sent to the conversation. Every other subtype is an edit, a
# deletion, a bot's post or a notice of something that happened in the channel.
SPOKEN_SUBTYPES = frozenset({"file_share", "thread_broadcast"})


def is_conversation(event: dict[str, Any]) -> bool:
    """A person's own new message in a DM with the app (not an edit, a deletion, or another bot)."""
    return (
        event.get("channel_type") == "im"
        and (not event.get("subtype") or event.get("subtype") in SPOKEN_SUBTYPES)
        and not event.get("bot_id")
        and bool(event.get("user"))
    )


def is_private(target: Target) -> bool:
    """Whether only the person sees where the answer goes: their DM with the app (Slack's DM ids start with
    D), or an ephemeral answer through a response_url."""
    return bool(target.response_url) or (target.channel or "").startswith("D")


def _metadata(view: dict[str, Any] | None) -> dict[str, Any]:
    try:
        loaded = json.loads((view or {}).get("private_metadata") or "{}")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


class SlackAdapter:
    """The Bolt app around the engine. `bolt` serves HTTP (`bot.server`) and Socket Mode alike."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        client: WebClient | None = None,
        listener_threads: int | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.client = client or web_client(settings)
        self.people = SlackPeople(self.client, engine.database, engine.clock)
        self.courier = Courier(self.client, engine.actions, retry_handlers())
        listener_threads = listener_threads or settings.slack_threads
        self.executor = ThreadPoolExecutor(max_workers=listener_threads, thread_name_prefix="slack-listener")
        # A pool of its own: a form's answer must not queue behind the listeners that wait for it.
        self._form_answers = ThreadPoolExecutor(max_workers=listener_threads, thread_name_prefix="slack-form")
        self._locks = KeyedLocks()
        self.retries = RecogniseRetries(engine.database, engine.clock)
        install_redaction()
        self.signing_secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
        self.bolt = App(
            client=self.client,
            signing_secret=self.signing_secret,
            process_before_response=False,
            listener_executor=self.executor,
            logger=BOLT_LOGGER,
        )
        self._register()

    def _register(self) -> None:
        bolt = self.bolt
        for step in (log_request, only_installed_workspace, self.retries, AttachSender(self.people)):
            bolt.use(Direct(step))
        bolt.event("message")(self.on_message)
        bolt.event("app_mention")(self.on_mention)
        bolt.event("app_home_opened")(self.on_home_opened)
        bolt.command(re.compile(r"^/"))(self.on_command)
        bolt.action(re.compile(rf"^{re.escape(kit.BUTTON_ACTION)}:"))(self.on_button)
        bolt.action(kit.OPEN_FORM_ACTION)(self.on_open_form)
        bolt.shortcut(MESSAGE_SHORTCUT)(self.on_message_shortcut)
        bolt.shortcut(GLOBAL_SHORTCUT)(self.on_global_shortcut)
        bolt.view(kit.FORM_CALLBACK)(self.on_form_submitted)

    # --- listeners: ack, build a Message, ask the engine, deliver --------------------------------

    def on_message(self, event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        if not is_conversation(event):
            return
        target = Target(event["user"], event["channel"], event["channel"], thread_ts=event.get("thread_ts"))
        text = kit.readable(event.get("text") or "", context.bot_user_id)
        self.turn(context, target, text=text, event_id=body.get("event_id"))

    def on_mention(self, event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        if event.get("bot_id") or not event.get("user"):
            return  # another app or a workflow: answering could set two bots talking to each other
        # In a channel the answer goes in a thread, so the bot does not flood the conversation.
        thread = event.get("thread_ts") or event.get("ts")
        target = Target(event["user"], event["channel"], event["channel"], thread_ts=thread)
        text = kit.readable(event.get("text") or "", context.bot_user_id)
        self.turn(context, target, text=text, event_id=body.get("event_id"))

    def on_home_opened(self, event: dict[str, Any], context: BoltContext) -> None:
        if event.get("tab") != "home":
            return
        channel = event.get("channel") or event["user"]
        replies = self.ask(context, Message(self._sender(context, event["user"]), channel, action=SHOW_HOME)).replies
        if not replies:
            return
        blocks = kit.view_blocks(replies, self.engine.actions.encode)
        self.courier.publish_home(event["user"], blocks, json.dumps({"channel": channel}))

    def on_command(self, ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        ack()
        text = kit.readable(command.get("text") or "", context.bot_user_id)
        action = LOG_FORM if form_command(text) else SHOW_HELP if not text else None
        user = command["user_id"]
        target = Target(
            user,
            command.get("channel_id"),
            self.courier.dm_channel(user),
            response_url=command.get("response_url"),
            trigger_id=command.get("trigger_id"),
        )
        self.turn(context, target, text="" if action else text, action=action)

    def on_button(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        ack()
        label = (action.get("text") or {}).get("text", "")
        target = self.click_target(body)
        message = replace(self.message(context, target, text=label), pressed=str(action.get("value") or ""))
        result = self.ask(context, message)
        replies, failed = result.replies, result.failed or result.refused
        if target.response_url and not failed:
            target = replace(target, replace_original=True)
        elif not failed:
            self.mark_chosen(body, label)
        self.deliver(replies, target)

    def on_open_form(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        try:
            form = kit.unpack_form(action.get("value") or "", self.engine.actions.decode)
        except (ValueError, KeyError, TypeError):
            log.warning("a form button carried no readable form")
            return
        except Exception as exc:  # the key that signs forms is in the database, which may be down
            log.warning("could not open a form: %s", type(exc).__name__)
            return
        self.courier.open_form(form, self.click_target(body), trigger_id=body.get("trigger_id") or "")

    def on_message_shortcut(self, ack: Ack, shortcut: dict[str, Any], context: BoltContext) -> None:
        ack()
        user = shortcut["user"]["id"]
        dm = self.courier.dm_channel(user)
        target = Target(user, dm, dm, trigger_id=shortcut.get("trigger_id"))
        text = kit.readable((shortcut.get("message") or {}).get("text") or "", context.bot_user_id)
        self.turn(context, target, text=text, action=LOG_MESSAGE)

    def on_global_shortcut(self, ack: Ack, shortcut: dict[str, Any], context: BoltContext) -> None:
        ack()
        user = shortcut["user"]["id"]
        dm = self.courier.dm_channel(user)
        self.turn(context, Target(user, dm, dm, trigger_id=shortcut.get("trigger_id")), action=LOG_FORM)

    def on_form_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        """The engine answers before the acknowledgement when it can, so answers that do not fit together
        are shown under their inputs in the modal, which stays open with what was typed.

        It is given `FORM_ANSWER_SECONDS`, well inside Slack's three: a slow turn (a first users.info
        lookup that Slack rate-limits) must not make Slack show "trouble connecting" in a modal whose
        activity is then saved anyway, and invite the person to submit it twice. After that the modal
        closes with a plain acknowledgement and the answer follows in the conversation.
        """
        user = body["user"]["id"]
        metadata = _metadata(view)
        channel = metadata.get("channel") or self.courier.dm_channel(user)
        conversation = metadata.get("conversation") or self.courier.dm_channel(user)
        target = Target(user, channel, conversation, metadata.get("thread_ts"), trigger_id=body.get("trigger_id"))
        data = kit.form_values((view.get("state") or {}).get("values") or {})

        def answer() -> list[Reply]:
            message = self.message(context, target, data=data, submission_id=view.get("id"))
            return self.ask(context, replace(message, pressed=str(metadata.get("action") or ""))).replies

        pending = self._form_answers.submit(answer)
        try:
            replies = pending.result(timeout=FORM_ANSWER_SECONDS)
        except FutureTimeout:
            ack()
            self.deliver(pending.result(), target)
            return
        except Exception:  # the modal must not wait for an answer that will not come
            ack()
            raise
        errors = kit.form_errors(replies, view)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        self.deliver(replies, target)

    # --- the shared path ---------------------------------------------------------------------------

    def turn(
        self,
        context: BoltContext,
        target: Target,
        *,
        text: str = "",
        action: Action | None = None,
        data: dict[str, str] | None = None,
        event_id: str | None = None,
    ) -> list[Reply]:
        message = self.message(context, target, text=text, action=action, data=data, event_id=event_id)
        replies = self.ask(context, message).replies
        self.deliver(replies, target)
        return replies

    def message(
        self,
        context: BoltContext,
        target: Target,
        *,
        text: str = "",
        action: Action | None = None,
        data: dict[str, str] | None = None,
        event_id: str | None = None,
        submission_id: str | None = None,
    ) -> Message:
        sender = self._sender(context, target.user)
        private = is_private(target)
        return Message(
            sender=sender,
            channel=target.conversation,
            text=text,
            action=action,
            locale=sender.locale,
            event_id=event_id,
            delivery_id=event_id,
            data=data,
            submission_id=submission_id,
            private=private,
            private_channel=None if private else self.courier.dm_channel(target.user),
        )

    def ask(self, context: BoltContext, message: Message) -> TurnResult:
        """The engine's answer, or none for a redelivery of an event that was already answered.

        A message that carries its event's id has the delivery recorded by the engine, in the turn's own
        transaction (one session and commit per turn, not two); other events (App Home opened) are
        recorded on their own first.
        """
        first_delivery = context.get("first_delivery")
        if message.delivery_id is None and callable(first_delivery) and not first_delivery():
            return TurnResult([])
        with self._locks.hold(f"{message.sender.user_id}/{message.channel}"):
            result = self.engine.handle(message)
        if message.delivery_id is not None:
            self.retries.forget_old_when_due()
        if result.repeat:
            log.info("slack event %s already handled; ignoring the redelivery", message.delivery_id)
        return result

    def deliver(self, replies: list[Reply], target: Target) -> None:
        """Send the replies where the person spoke; what is for their eyes only goes to their DM instead."""
        personal = [reply for reply in replies if reply.personal]
        if personal and not is_private(target):
            dm = self.courier.dm_channel(target.user)
            self._deliver(personal, Target(target.user, dm, dm))
            replies = [reply for reply in replies if not reply.personal]
        self._deliver(replies, target)

    def _deliver(self, replies: list[Reply], target: Target) -> None:
        try:
            self.courier.deliver(replies, target)
        except SlackApiError as exc:
            log.warning("could not answer %s in %s: %s", target.user, target.channel, exc.response.get("error"))
        except (SlackClientError, OSError) as exc:
            log.warning("could not answer %s: %s", target.user, type(exc).__name__)

    def _sender(self, context: BoltContext, user: str) -> Sender:
        resolve = context.get("sender")
        return resolve() if callable(resolve) else Sender(platform=PLATFORM, user_id=user)

    def click_target(self, body: dict[str, Any]) -> Target:
        """Where to answer a click: in place for an ephemeral message, in the message's channel and
        thread otherwise, and in the DM for a click in App Home."""
        user = body["user"]["id"]
        container = body.get("container") or {}
        trigger = body.get("trigger_id")
        if container.get("type") == "view":
            channel = _metadata(body.get("view")).get("channel") or self.courier.dm_channel(user)
            return Target(user, channel, channel, trigger_id=trigger)
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or user
        if container.get("is_ephemeral"):  # an answer to /utblick: that conversation is kept in the DM
            dm = self.courier.dm_channel(user)
            return Target(user, channel, dm, response_url=body.get("response_url"), trigger_id=trigger)
        thread = (body.get("message") or {}).get("thread_ts")
        return Target(user, channel, channel, thread_ts=thread, trigger_id=trigger)

    def mark_chosen(self, body: dict[str, Any], label: str) -> None:
        message = body.get("message") or {}
        container = body.get("container") or {}
        if container.get("type") != "message" or not message.get("ts"):
            return
        blocks = kit.chosen_blocks(message.get("blocks") or [], label)
        self.courier.update(container.get("channel_id") or "", message["ts"], blocks, message.get("text") or label)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self._form_answers.shutdown(wait=True)
        if isinstance(self.client, KeepAliveWebClient):
            self.client.close()

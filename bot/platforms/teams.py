"""Microsoft Teams: the Bot Framework endpoint `/api/messages`, on the Microsoft 365 Agents SDK.

A thin translator around the engine, like the Slack and terminal adapters. The SDK's `CloudAdapter`
checks nothing itself: `handle` verifies the Bot Framework's JWT (signature against Microsoft's published
keys, audience = our app id) before the SDK sees the request, then the SDK builds a turn and calls
`on_turn`, which turns the activity into a `Message`, asks the engine on a thread pool (the engine and the
database are synchronous; the event loop never blocks on them), and sends the replies back to the
activity's `serviceUrl` with the connector client the SDK made for this turn.

Without `TEAMS_APP_ID` the endpoint runs in the SDK's anonymous mode, as the Bot Framework Emulator
expects on a developer's machine: no token is asked for and none is sent. Such a request could claim to
be anyone, so local mode answers only requests from this machine, and `utblick serve` offers it only
when no platform is configured at all, and says so.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import threading
import warnings
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any, TypeVar

import aiohttp
from aiohttp import web
from microsoft_agents.activity import Activity, ActivityTypes, ConversationReference
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentAuthConfiguration,
    ClaimsIdentity,
    Connections,
    JwtTokenValidator,
    OutboundHostValidator,
    TurnContext,
)
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from yarl import URL

from bot.config import Settings
from bot.conversation import Engine
from bot.i18n import all_languages
from bot.messages import Message, Reply, Sender
from bot.platforms import teams_cards as cards
from bot.platforms.teams_files import FileOffers
from bot.platforms.teams_people import (
    PLATFORM,
    TeamsPeople,
    is_personal,
    sender_from_activity,
    stored_reference,
    tenant_of,
    with_roster,
)
from storage import events
from storage.db import DatabaseUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")

# The Bot Framework's own audience for tokens the bot asks for (the connector, the token service).
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com"
# Teams answers a burst with 429, and now and then a 502/503; a reply is tried three times.
RETRY_STATUSES = {429, 500, 502, 503, 504}
SEND_ATTEMPTS = 3
RETRY_AFTER_MAX_SECONDS = 10.0


def quiet_sdk_logs() -> None:
    """The SDK logs every reply it sends, its connection settings over several lines, and in local mode a
    warning per turn that there is no app id; Utblick logs one line per turn itself. Its warnings and
    errors stay, and with UTBLICK_LOG_LEVEL=DEBUG its info lines too (never its debug lines, which hold
    message bodies: see `bot.logs.BODY_LOGGERS`)."""
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("microsoft_agents").setLevel(logging.WARNING)
        logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client").setLevel(logging.ERROR)


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    """The SDK's view of our Entra app: client id, secret and tenant; anonymous without an app id."""
    if not settings.teams_app_id:
        return AgentAuthConfiguration(anonymous_allowed=True)
    secret = settings.teams_app_secret.get_secret_value() if settings.teams_app_secret else None
    return AgentAuthConfiguration(
        client_id=settings.teams_app_id,
        tenant_id=settings.teams_tenant_id,
        client_secret=secret,
        # Accept tokens only from the Bot Framework and our own tenant, not any issuer with our audience.
        validate_issuer=True,
    )


class ServiceUrls(OutboundHostValidator):
    """The service URLs the bot answers, and so sends its Bot Framework token to: Microsoft's own (the SDK's
    list, https only, no private addresses) and those an operator names in `TEAMS_SERVICE_URLS`.

    An activity carries the URL its answer is to be posted to; a valid token from the Bot Framework does not
    make every URL in the body trustworthy, and answering a foreign host would hand it our token. The SDK
    refuses such an activity with 401 before any turn runs, and also one whose URL's host differs from the
    token's `serviceurl` claim.
    """

    def __init__(self, extra: Sequence[str] = ()) -> None:
        super().__init__(enabled=True)
        self.extra = tuple(url.rstrip("/") + "/" for url in extra if url.strip())

    def is_allowed(self, url: str | URL) -> bool:
        text = str(url).rstrip("/") + "/"
        return any(text.startswith(prefix) for prefix in self.extra) or super().is_allowed(url)


def engine_failed(replies: list[Reply]) -> bool:
    """True when the engine could not do the turn (database down, a bug): its one apology, nothing else.
    A card whose button was pressed then keeps its buttons, so the person can press again."""
    failures = {*all_languages("errors.database"), *all_languages("errors.internal")}
    return len(replies) == 1 and replies[0].text in failures


class SentCards:
    """The cards with buttons this process sent lately, by activity id, to take their buttons away once
    one is pressed. Teams does not send the card back with the click; a card this process does not know
    (sent before a restart, or by another instance) keeps its buttons, and the engine still refuses to
    save the same thing twice."""

    def __init__(self, size: int = 2000) -> None:
        self.size = size
        self._cards: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, conversation: str, activity_id: str, content: dict[str, Any]) -> None:
        with self._lock:
            self._cards[(conversation, activity_id)] = content
            self._cards.move_to_end((conversation, activity_id))
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)

    def peek(self, conversation: str, activity_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._cards.get((conversation, activity_id))

    def take(self, conversation: str, activity_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._cards.pop((conversation, activity_id), None)


class TeamsAdapter:
    """The SDK's CloudAdapter around the engine. `handle` is the aiohttp route; `on_turn` is the agent."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        connections: Connections | None = None,
        dispatch_threads: int = 8,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.app_id = settings.teams_app_id or None
        quiet_sdk_logs()
        self.auth = auth_configuration(settings)
        manager = connections or MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": self.auth})
        # Local mode answers only this machine (the Emulator on http://localhost), so there is no token to leak.
        validator = ServiceUrls(settings.teams_service_urls) if self.app_id else None
        self.cloud = CloudAdapter(connection_manager=manager, host_validator=validator)
        self.cloud.on_turn_error = self._on_turn_error
        self.validator = JwtTokenValidator(self.auth)
        self.executor = ThreadPoolExecutor(max_workers=dispatch_threads, thread_name_prefix="teams-dispatch")
        self.people = TeamsPeople(engine.database, engine.clock)
        self.cards = SentCards()
        self.files = FileOffers()
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self.loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None

    @property
    def authenticated(self) -> bool:
        return self.app_id is not None

    # --- HTTP -------------------------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """`POST /api/messages`: 401 without a valid Bot Framework token (unless anonymous), then the SDK."""
        if self.loop is None:
            self.bind(asyncio.get_running_loop())
        if not self.authenticated and not _loopback(request.remote):
            # Local mode trusts whatever it is sent, so it answers only this machine (the Emulator, a tunnel).
            log.warning("teams request from another machine refused in local mode (TEAMS_APP_ID is not set)")
            return web.json_response({"error": "Local mode answers only this machine."}, status=403)
        identity = await self.authorize(request.headers.get("Authorization"))
        if identity is None:
            return web.json_response({"error": "Invalid token or authentication failed."}, status=401)
        with warnings.catch_warnings():
            # The SDK reads the identity from the request under this string key (aiohttp prefers typed keys).
            warnings.simplefilter("ignore", web.NotAppKeyWarning)
            request["claims_identity"] = identity
        try:
            response = await self.cloud.process(request, self)
        except ValidationError:
            return web.json_response({"error": "Not a Bot Framework activity."}, status=400)
        except Exception as exc:  # e.g. no token from Entra for the reply: the Bot Framework will try again
            log.error("teams request failed before the bot could answer: %s", type(exc).__name__)
            return web.json_response({"error": "The bot could not process the activity."}, status=500)
        return response if response is not None else web.Response(status=202)

    async def authorize(self, header: str | None) -> ClaimsIdentity | None:
        """The caller's identity from its bearer token; None when it is missing or does not verify.

        Without an app id every caller is anonymous (the Emulator's local mode) and no header is read.
        """
        if not self.authenticated:
            return ClaimsIdentity()
        scheme, _, token = (header or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            log.warning("teams request without a bearer token refused")
            return None
        try:
            return await self.validator.validate_token(token.strip())
        except Exception as exc:  # PyJWT's errors, a key that cannot be fetched, a wrong audience
            log.warning("teams request with an invalid token refused: %s", type(exc).__name__)
            return None

    # --- the agent -----------------------------------------------------------------------------------------

    async def on_turn(self, context: TurnContext) -> None:
        activity = context.activity
        kind = activity.type
        log.info(
            "teams %s%s conversation=%s",
            kind,
            f":{activity.name}" if activity.name else "",
            getattr(activity.conversation, "conversation_type", None) or "-",
        )
        if kind == ActivityTypes.message:
            await self.on_message(context)
        elif kind in {ActivityTypes.conversation_update, ActivityTypes.installation_update}:
            await self.on_installed(context)
        elif kind == ActivityTypes.invoke and activity.name == "fileConsent/invoke":
            await self.files.on_consent(context, self)

    async def on_message(self, context: TurnContext) -> None:
        activity = context.activity
        if activity.from_property is None or not await self.first_delivery(activity):
            return
        submitted = cards.submission(activity.value)
        if submitted and not submitted.label and activity.reply_to_id:  # chosen in a drop-down
            sent = self.cards.peek(activity.conversation.id, activity.reply_to_id)
            title = cards.choice_title(sent, submitted.action) if sent else None
            submitted = replace(submitted, label=title or "")
        bot_id = activity.recipient.id if activity.recipient else None
        mention = next((m.text for m in activity.get_mentions() if m.mentioned and m.mentioned.id == bot_id), None)
        text = submitted.label if submitted else cards.readable(activity.text or "", mention)
        sender = await self.identify(context)
        private = is_personal(activity)
        # In a channel or group chat, what is personal is answered in the person's own chat with the bot.
        own_chat = None if private else await self.run(self.people.personal_reference, sender.user_id)
        message = Message(
            sender=sender,
            channel=activity.conversation.id,
            text=text,
            action=submitted.action if submitted else None,
            data=submitted.data if submitted else None,
            locale=activity.locale,
            event_id=activity.id,
            # The card a form was submitted from: pressing its button twice is one submission.
            submission_id=activity.reply_to_id if submitted and submitted.data else None,
            private=private,
            private_channel=str(own_chat["conversation"]["id"]) if own_chat else None,
        )
        async with self._held(f"{sender.user_id}/{activity.conversation.id}"):
            replies = await self.run(self.engine.handle, message)
        personal = [reply for reply in replies if reply.personal]
        if personal and own_chat is not None:
            replies = [reply for reply in replies if not reply.personal]
            try:
                await self.send_proactively(own_chat, personal)
            except Exception as exc:  # the pointer still says where to look; the person can ask there
                log.warning("could not answer in the person's own chat: %s", type(exc).__name__)
        await self.deliver(context, replies)
        if submitted and activity.reply_to_id and not engine_failed(replies):
            await self.mark_chosen(context, activity.reply_to_id, submitted)

    async def on_installed(self, context: TurnContext) -> None:
        """The app was added to a personal chat: keep the reference, so a reminder can reach the person
        before they ever write. Nothing is said; the person has not asked. Removed: forget it."""
        activity = context.activity
        person = activity.from_property
        if not is_personal(activity) or person is None:
            return
        bot_id = activity.recipient.id if activity.recipient else None
        if activity.action == "remove" or bot_id in [m.id for m in activity.members_removed or []]:
            await self.run(self.people.forget, sender_from_activity(activity))
            return
        added = {m.id for m in activity.members_added or []}
        if activity.type == ActivityTypes.conversation_update and not added & {bot_id, person.id}:
            return
        await self.identify(context)

    # --- people ---------------------------------------------------------------------------------------------

    async def identify(self, context: TurnContext) -> Sender:
        """The sender, from the database when it knows them, else from the roster; in a personal chat the
        conversation reference is kept up to date on the way. Never fails: a person the roster or the
        database cannot describe is still answered under their AAD id."""
        activity = context.activity
        sender = sender_from_activity(activity)
        reference = stored_reference(activity) if is_personal(activity) else None
        try:
            known = await self.run(self.people.known, sender, reference)
        except (SQLAlchemyError, DatabaseUnavailable) as exc:
            log.debug("person cache unavailable: %s", type(exc).__name__)
            return sender
        if known.sender is not None and known.reference_current:
            return known.sender
        refreshed = known.sender is None
        if refreshed:
            sender = await self.roster(context, sender)
        try:
            await self.run(
                self.people.store, sender, refreshed=refreshed, reference=reference, tenant_id=tenant_of(activity)
            )
        except (SQLAlchemyError, DatabaseUnavailable) as exc:
            log.warning("could not keep the Teams profile of a person: %s", type(exc).__name__)
        return known.sender or sender

    async def roster(self, context: TurnContext, sender: Sender) -> Sender:
        activity = context.activity
        client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
        fetch = getattr(client, "get_conversation_member", None)
        if fetch is None:
            return sender
        try:
            member = await fetch(activity.conversation.id, activity.from_property.id)
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            log.warning("roster lookup failed: %s", type(exc).__name__)
            return sender
        return with_roster(sender, member)

    async def first_delivery(self, activity: Activity) -> bool:
        """False for a redelivery of an activity already answered (the Bot Framework retries when it
        did not get its answer in time); True when the database cannot tell, which beats silence."""
        if not activity.id:
            return True
        conversation = activity.conversation.id if activity.conversation else ""
        key = f"{conversation}|{activity.id}"[-200:]

        def record() -> bool:
            with self.engine.database.session_scope() as session:
                return events.first_time(session, PLATFORM, key, self.engine.clock.now())

        try:
            first = await self.run(record)
        except (SQLAlchemyError, DatabaseUnavailable) as exc:
            log.warning("could not check Teams activity for repeats: %s", type(exc).__name__)
            return True
        if not first:
            log.info("teams activity already handled; ignoring the redelivery")
        return first

    # --- sending ----------------------------------------------------------------------------------------------

    async def deliver(self, context: TurnContext, replies: list[Reply], *, strict: bool = False) -> None:
        """Send the replies as messages. A message Teams will not take after its retries is lost, not the rest
        of the answer, and one refused as too large (413) goes again as plain text, without its buttons;
        `strict` (a reminder, which the outbox must retry) raises instead."""
        for reply in replies:
            for payload in cards.reply_messages(reply) if reply.text.strip() or cards.needs_card(reply) else []:
                try:
                    sent = await self.send(context, Activity.model_validate(payload))
                except (aiohttp.ClientResponseError, aiohttp.ClientConnectionError, TimeoutError) as exc:
                    status = getattr(exc, "status", None)
                    if strict and status != 413:
                        raise
                    log.warning("a message of an answer could not be sent: %s %s", type(exc).__name__, status or "")
                    if status == 413 and "attachments" in payload:
                        for text in cards.plain_messages(reply):
                            await self.send(context, Activity.model_validate(text))
                    continue
                content = payload.get("attachments", [{}])[0].get("content") if "attachments" in payload else None
                if sent and content and cards.has_actions(content):
                    self.cards.remember(context.activity.conversation.id, sent, content)
            if reply.files:
                await self.files.offer(context, self, reply.files)

    async def send(self, context: TurnContext, activity: Activity) -> str | None:
        """Send one activity, trying again after a 429 or a passing server error; the new activity's id."""
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                response = await context.send_activity(activity)
                return response.id if response is not None else None
            except aiohttp.ClientResponseError as exc:
                if exc.status not in RETRY_STATUSES or attempt == SEND_ATTEMPTS:
                    raise
                await asyncio.sleep(_retry_after(exc, attempt))
            except (TimeoutError, aiohttp.ClientConnectionError):
                if attempt == SEND_ATTEMPTS:
                    raise
                await asyncio.sleep(0.5 * attempt)
        return None

    async def mark_chosen(self, context: TurnContext, activity_id: str, submitted: cards.Submission) -> None:
        content = self.cards.take(context.activity.conversation.id, activity_id)
        if content is None:
            return
        chosen = cards.chosen_card(content, submitted.label, submitted.data)
        update = Activity.model_validate(cards.card_message(chosen, submitted.label))
        update.id = activity_id
        try:
            await context.update_activity(update)
        except (TimeoutError, aiohttp.ClientError) as exc:
            log.warning("could not update the pressed card: %s", type(exc).__name__)

    # --- proactive ---------------------------------------------------------------------------------------------

    async def send_proactively(self, reference: dict[str, Any], replies: list[Reply]) -> None:
        """Deliver replies into a stored conversation, unasked (reminders). Raises what sending raised."""
        continuation = ConversationReference.model_validate(reference).get_continuation_activity()
        continuation.id = None  # the SDK gives it a made-up id, which would make each message a reply to it
        failure: list[BaseException] = []

        async def send_all(context: TurnContext) -> None:
            try:
                await self.deliver(context, replies, strict=True)
            except BaseException as exc:  # the SDK's turn-error handler would swallow it; the caller needs it
                failure.append(exc)

        if self.authenticated:
            assert self.app_id is not None
            await self.cloud.continue_conversation(self.app_id, continuation, send_all)
        else:
            await self.cloud.continue_conversation_with_claims(
                ClaimsIdentity(), continuation, send_all, audience=BOT_FRAMEWORK_SCOPE
            )
        if failure:
            raise failure[0]

    def call(self, coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
        """Run a coroutine of this adapter from synchronous code (the reminder scheduler's thread): on the
        server's event loop when it is running, else on a loop of its own (`utblick reminders run-due`)."""
        loop = self.loop
        if loop is not None and loop.is_running():
            if threading.get_ident() == self._loop_thread:
                coroutine.close()
                raise RuntimeError("TeamsAdapter.call from the event loop's own thread would wait forever")
            return asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout)
        return asyncio.run(asyncio.wait_for(coroutine, timeout))

    # --- plumbing -------------------------------------------------------------------------------------------------

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, lambda: function(*args, **kwargs))

    @asynccontextmanager
    async def _held(self, key: str) -> AsyncIterator[None]:
        """One turn at a time per person and conversation: two quick answers in one dialogue do not race."""
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        async with lock:
            yield

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        # The SDK's default sends the exception's text to the person; a log line is what it deserves.
        log.error("teams turn failed: %s", type(error).__name__, exc_info=error)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Called on the event loop's thread when the server starts."""
        self.loop = loop
        self._loop_thread = threading.get_ident()

    def close(self) -> None:
        self.executor.shutdown(wait=True)


def _loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def _retry_after(error: aiohttp.ClientResponseError, attempt: int) -> float:
    value = error.headers.get("Retry-After") if error.headers is not None else None
    try:
        seconds = float(value) if value is not None else 0.5 * attempt
    except ValueError:
        seconds = 0.5 * attempt
    return max(0.0, min(seconds, RETRY_AFTER_MAX_SECONDS))


Starter = Callable[[web.Application], Awaitable[None]]


def on_startup(adapter: TeamsAdapter) -> Starter:
    """An aiohttp startup hook that lets the adapter reach its event loop from other threads."""

    async def start(_: web.Application) -> None:
        adapter.bind(asyncio.get_running_loop())

    return start

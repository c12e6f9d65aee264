"""Bolt middleware for what every Slack request needs before a listener sees it.

Middleware runs before the acknowledgement, so nothing here waits on the network or the disk: one log
line, and two *lazy* answers that listeners ask for after they have acked — whether this delivery of an
event is its first (a database write), and who the person is (a first `users.info` call).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.logs import RedactSecrets, install_redaction, redact
from bot.platforms.slack_people import SlackPeople
from storage import events
from storage.db import Database, DatabaseUnavailable

log = logging.getLogger(__name__)

PLATFORM = "slack"
# Slack retries within about five minutes; a day of history is plenty and keeps the table small.
KEEP_EVENTS = timedelta(days=1)
PRUNE_EVERY_SECONDS = 3600.0

Next = Callable[[], BoltResponse]
T = TypeVar("T")
Step = Callable[[dict[str, Any], BoltContext, BoltRequest, Next], BoltResponse]


class Direct(Middleware):
    """A middleware function called with the request's body, context, the request and `next`, always.

    Bolt calls a plain function middleware through `build_required_kwargs`, which matches the function's
    parameter names against everything it could pass on every request: about a tenth of a millisecond
    each, four times a request, on the thread that owes Slack its acknowledgement.
    """

    def __init__(self, step: Step) -> None:
        self.step = step

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Next) -> BoltResponse:  # noqa: A002 - Bolt's name
        return self.step(req.body, req.context, req, next)

    @property
    def name(self) -> str:
        return f"Direct({getattr(self.step, '__name__', type(self.step).__name__)})"


def request_kind(body: dict[str, Any]) -> str:
    """A short name for what Slack sent, for logs: `event:message`, `command:/utblick`, `block_actions`."""
    if body.get("type") == "event_callback":
        return f"event:{(body.get('event') or {}).get('type', '?')}"
    if body.get("command"):
        return f"command:{body['command']}"
    return str(body.get("type") or "unknown")


def log_request(body: dict[str, Any], context: BoltContext, request: BoltRequest, next: Next) -> BoltResponse:
    """One line per request: what it is, who sent it, whether it is a redelivery. No tokens, no text."""
    retry = request.headers.get("x-slack-retry-num", [None])[0]
    log.info(
        "slack %s user=%s%s",
        request_kind(body),
        context.user_id or "-",
        f" retry={retry} reason={request.headers.get('x-slack-retry-reason', ['?'])[0]}" if retry else "",
    )
    return next()


class RecogniseRetries:
    """Let each Events API event be answered once, however often Slack delivers it.

    Puts `context["first_delivery"]` on the context of every event: a function that records the
    `event_id` in `processed_events` and says whether this delivery is the first. A message for the
    engine carries its event id instead (`Message.delivery_id`), and the engine records it in the turn's
    own transaction; this is for the events that are no message (App Home opened). Listeners call it after
    their ack, because on SQLite the commit costs a disk flush (~15 ms here) that has no business in
    Slack's three seconds. Two deliveries racing (a retry while the first is still being answered, or on
    another instance) meet in one INSERT … ON CONFLICT DO NOTHING, so exactly one of them goes on. If
    the database is down the event goes through: the engine will then tell the person, which beats
    silence.
    """

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock
        self._last_prune = 0.0
        self._lock = threading.Lock()

    def __call__(self, body: dict[str, Any], context: BoltContext, request: BoltRequest, next: Next) -> BoltResponse:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            retry = request.headers.get("x-slack-retry-num", [None])[0]
            context["first_delivery"] = _once(lambda: self.first_delivery(str(event_id), retry))
        return next()

    def first_delivery(self, event_id: str, retry: str | None) -> bool:
        try:
            with self.database.session_scope() as session:
                first = events.first_time(session, PLATFORM, event_id, self.clock.now())
                if self._prune_due():
                    events.forget_before(session, self.clock.now() - KEEP_EVENTS)
        except (SQLAlchemyError, DatabaseUnavailable) as exc:
            log.warning("could not check event %s for repeats: %s", event_id, type(exc).__name__)
            return True
        if not first:
            log.info("slack event %s already handled; ignoring redelivery %s", event_id, retry or "-")
        return first

    def forget_old_when_due(self) -> None:
        """Drop the records Slack can no longer retry, once an hour: for the messages whose delivery the
        engine records in the turn's transaction, which never pass through `first_delivery`."""
        if not self._prune_due():
            return
        try:
            with self.database.session_scope() as session:
                events.forget_before(session, self.clock.now() - KEEP_EVENTS)
        except (SQLAlchemyError, DatabaseUnavailable) as exc:
            log.warning("could not forget old Slack events: %s", type(exc).__name__)

    def _prune_due(self) -> bool:
        with self._lock:
            now = time.monotonic()
            if now - self._last_prune < PRUNE_EVERY_SECONDS:
                return False
            self._last_prune = now
            return True


class AttachSender:
    """Put `context["sender"]`, a function giving the `Sender` of the request's user, on the context.

    The lookup itself (database, then `users.info` for someone new) runs when a listener calls it,
    after its `ack()`, and its answer is remembered for the rest of the request.
    """

    def __init__(self, people: SlackPeople) -> None:
        self.people = people

    def __call__(self, body: dict[str, Any], context: BoltContext, request: BoltRequest, next: Next) -> BoltResponse:
        user_id = context.user_id
        if user_id:
            context["sender"] = _once(lambda: self.people.sender(user_id))
        return next()


def installed_workspace(body: dict[str, Any], context: BoltContext) -> bool:
    """Whether a request comes from the workspace (or Enterprise Grid org) the app is installed in.

    A signature only proves that Slack sent the request for this app; an app installed in more than one
    workspace, or a person from another organisation writing in a Slack Connect channel, is still someone
    else's. The installation is what `auth.test` said for the bot token (Bolt asks once, at start):
    installed org-wide in a Grid org, every workspace of that org (`enterprise_id`) is served; installed
    in one workspace, only that workspace (`team_id`). Where Slack names the acting person's own team
    (`user_team` in a shared channel), that team must be ours too.
    """
    installed = context.authorize_result
    if installed is None:
        return True  # requests that need no installation (url_verification) carry no workspace
    org_wide = bool(installed.get("is_enterprise_install")) or not installed.team_id
    event: dict[str, Any] = body["event"] if isinstance(body.get("event"), dict) else {}
    user: dict[str, Any] = body["user"] if isinstance(body.get("user"), dict) else {}
    teams = {context.team_id, body.get("team_id"), event.get("user_team"), user.get("team_id")} - {None, ""}
    enterprises = {context.enterprise_id, event.get("user_enterprise")} - {None, ""}
    if org_wide:
        return bool(installed.enterprise_id) and enterprises <= {installed.enterprise_id} and bool(enterprises)
    if installed.enterprise_id and enterprises - {installed.enterprise_id}:
        return False
    return bool(teams) and teams <= {installed.team_id}


def only_installed_workspace(
    body: dict[str, Any], context: BoltContext, request: BoltRequest, next: Next
) -> BoltResponse:
    """Serve nothing from another workspace: an event is acknowledged and dropped (Slack would only retry
    it), anything a person pressed or typed is refused, and either is logged with the workspace's id."""
    if installed_workspace(body, context):
        return next()
    log.warning("slack %s from workspace %s/%s refused: the app is installed in %s/%s", request_kind(body),
                context.enterprise_id or "-", context.team_id or "-",
                context.authorize_result.enterprise_id if context.authorize_result else "-",
                context.authorize_result.team_id if context.authorize_result else "-")  # fmt: skip
    if body.get("type") == "event_callback":
        return BoltResponse(status=200, body="")
    return BoltResponse(status=403, body="")


def _once(compute: Callable[[], T]) -> Callable[[], T]:
    """`compute`, run at most once; later calls give the first answer."""
    value: list[T] = []

    def resolved() -> T:
        if not value:
            value.append(compute())
        return value[0]

    return resolved


# Logs never hold a secret: the filter lives in bot/logs.py, for every command, not only Slack's.
__all__ = ["AttachSender", "Direct", "RecogniseRetries", "RedactSecrets", "install_redaction", "log_request",
           "only_installed_workspace", "redact"]  # fmt: skip

"""Sending what is due, exactly once: plan → outbox → claim → compose → send → mark.

One call of `run_due` is one scheduler tick (and what `utblick reminders run-due` does). Any number of
processes may run it at the same moment against the same database: the outbox's keys and claims make
each notice go out once. Sending happens outside any transaction, so a slow platform never holds a
database lock, and a row is marked sent only after the platform accepted the message.

Each notice goes through one channel: the first that reaches the person, chat before e-mail. A channel
that finds the person is not there before anything went out (`Unreachable`) passes the notice on to the
next; when none is left, the notice is "undeliverable" and the administrators are told. `preview` walks
the same path without sending or writing, so `utblick reminders preview` shows what `run_due` would send.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.messages import Reply
from reminders import messages, outbox
from reminders.channels import About, Channel, DeliveryError, Unreachable, post_through
from reminders.planner import Notice, done_key, fingerprint, plan, plan_new
from storage.db import Database
from storage.good_examples import CHANNEL_POST
from storage.models import Delivery, Person
from storage.people import find_by_email

log = logging.getLogger(__name__)


@dataclass
class TickSummary:
    planned: int = 0
    sent: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    undeliverable: list[str] = field(default_factory=list)
    # Key → (whom, kind) of the notices no channel delivered, for the operator who ran `run-due`.
    unreached: dict[str, tuple[str, str]] = field(default_factory=dict)


def _admins(session: Session, settings: Settings) -> list[Person]:
    named = list(settings.admins)
    query = select(Person).where(
        or_(
            Person.is_admin.is_(True),
            Person.email.in_(named),
            Person.slack_user_id.in_(named),
            Person.teams_aad_id.in_(named),
        )
    )
    return list(session.scalars(query))


def who(person: Person | None) -> str:
    """How the operator's terminal names a recipient (never a log line: it is personal)."""
    if person is None:
        return "?"
    if person.display_name and person.email:
        return f"{person.display_name} <{person.email}>"
    return person.display_name or person.email or person.slack_user_id or person.teams_aad_id or f"#{person.id}"


def route(channels: Sequence[Channel], person: Person, *, ask: bool = True) -> Channel | None:
    """The channel a notice to the person would go through, asking the platforms where they can be asked
    (read-only): for the preview and the doctor. `ask=False` goes by what is stored alone (the doctor,
    when Slack already failed to answer)."""
    return next(
        (channel for channel in channels if channel.reaches(person) and (not ask or channel.confirms(person))), None
    )


def send_through(
    channels: Sequence[Channel], person: Person, replies: list[Reply], notice: About
) -> tuple[Channel | None, DeliveryError | None]:
    """Send through the first channel that reaches the person; one that finds them absent before sending
    anything passes on to the next. Returns the channel that sent or refused, and what went wrong."""
    absent: list[str] = []
    for channel in channels:
        if not channel.reaches(person):
            continue
        try:
            channel.send(person, replies, notice)
        except Unreachable as exc:
            absent.append(exc.reason)
            continue
        except DeliveryError as exc:
            return channel, exc
        except Exception as exc:  # a bug in a channel must not stop the other notices
            log.exception("channel %s failed on %s", channel.name, notice.key)
            return channel, DeliveryError(type(exc).__name__, retryable=True)
        return channel, None
    if absent:
        return None, Unreachable("; ".join(absent))
    if not channels:
        return None, Unreachable("no channel is configured (Slack, Teams or e-mail)")
    return None, Unreachable("no configured channel can reach this person (no Slack or Teams user, no e-mail)")


def about(row: Delivery) -> About:
    """What the row is about, for the channels that show more than its replies."""
    series = row.payload.get("series") or (row.key if row.kind == "mandate_review" else None)
    year = row.payload.get("year")
    return About(key=row.key, kind=row.kind, deadline=row.deadline, series=series,
                 year=int(year) if year is not None else None)  # fmt: skip


def _stopped(session: Session, row: Delivery) -> bool:
    """A series stopped after this row was queued ("Klart" pressed, follow-up recorded)."""
    series = row.payload.get("series") or (row.key if row.kind == "mandate_review" else None)
    return isinstance(series, str) and outbox.is_marked(session, done_key(series))


def _useless(session: Session, row: Delivery, now: datetime) -> bool:
    useful_until = row.payload.get("useful_until")
    return bool(useful_until and now > datetime.fromisoformat(useful_until)) or _stopped(session, row)


def _compose(session: Session, row: Delivery, person: Person | None, settings: Settings, now: datetime) -> list[Reply]:
    if person is None:
        return []
    return messages.compose(session, row, person, settings, now.astimezone(settings.tz).date())


def _deliver_one(database: Database, channels: Sequence[Channel], settings: Settings, now: datetime,
                 delivery_id: int, summary: TickSummary) -> None:  # fmt: skip
    with database.session_scope() as session:
        if not outbox.claim(session, delivery_id, now):
            return  # another worker has it
    with database.session_scope() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        key, kind, notice = row.key, row.kind, about(row)
        person = session.get(Person, row.person_id) if row.person_id else None
        if _useless(session, row, now):
            outbox.skipped(session, delivery_id, "no longer useful")
            summary.skipped.append(key)
            return
        replies = _compose(session, row, person, settings, now)
        address = str(row.payload.get("channel", "")) if kind == CHANNEL_POST else ""
        if address:  # a post to a channel (an approved good example), prepared when it was queued
            replies = [Reply(str(row.payload.get("text", "")))]
        if person is not None and not replies:
            outbox.skipped(session, delivery_id, "nothing left to say (the activity is gone)")
            summary.skipped.append(key)
            return
        session.expunge_all()
    channel: Channel | None = None
    error: DeliveryError | None
    if address:
        error = post_through(channels, address, replies)
    elif person is None:
        error = Unreachable("the notice names no one who can be found")
    else:
        channel, error = send_through(channels, person, replies, notice)
    with database.session_scope() as session:
        if error is None:
            outbox.sent(session, delivery_id, now)
            summary.sent.append(key)
            log.info("reminder sent key=%s kind=%s channel=%s", key, kind, channel.name if channel else "-")
            return
        row = session.get(Delivery, delivery_id)
        assert row is not None
        if isinstance(error, Unreachable):
            outbox.undeliverable(session, delivery_id, error.reason)
            log.warning("reminder key=%s undeliverable: %s", key, error.reason)
            summary.undeliverable.append(key)
            summary.unreached[key] = (who(person), kind)
            # With no channel at all, an alert could reach no one either: the operator's terminal says it.
            if kind != "delivery_failed" and channels:
                _alert_admins(session, settings, row, error.reason, now)
            return
        outcome = outbox.failed(session, row, now, error.reason, retryable=error.retryable,
                                attempts=settings.delivery_attempts)  # fmt: skip
        log.warning("reminder key=%s not delivered (%s): %s", key, outcome.status, error.reason)
        if outcome.status == "retry":
            summary.retrying.append(key)
            return
        summary.failed.append(key)
        if kind != "delivery_failed":
            _alert_admins(session, settings, row, error.reason, now)


def _alert_admins(session: Session, settings: Settings, failed: Delivery, reason: str, now: datetime) -> None:
    """Tell the administrators once that a reminder could not be delivered, so a person can follow up."""
    for admin in _admins(session, settings):
        if admin.id == failed.person_id:
            continue
        outbox.mark(session, f"alert:{failed.id}:{admin.id}", "delivery_failed", "pending", now,
                    person_id=admin.id, payload={"delivery_id": failed.id, "reason": reason})  # fmt: skip


def run_due(database: Database, channels: Sequence[Channel], settings: Settings, now: datetime) -> TickSummary:
    """One tick: store what became due since the last tick (`planner.plan_new`), then deliver what is
    claimable."""
    summary = TickSummary()
    with database.session_scope() as session:
        settings_now = fingerprint(settings)
        since = outbox.planned_until(session, settings_now)
        notices = plan_new(session, now, settings, since)
        summary.planned = len(notices)
        outbox.enqueue(session, notices)
        if since is None or since <= now:  # an operator's `run-due --at` in the past leaves the mark alone
            outbox.plan_done(session, now, settings_now, reset=since is None)
    with database.session_scope() as session:
        ids = outbox.claimable(session, now)
    for delivery_id in ids:
        _deliver_one(database, channels, settings, now, delivery_id, summary)
    return summary


@dataclass
class Preview:
    """One notice `run_due` would deliver: to whom, through which channel (None: no channel reaches
    them), what it says, or why nothing would be sent after all."""

    key: str
    kind: str
    person: Person | None
    channel: Channel | None
    replies: list[Reply]
    about: About
    skipped: str | None = None


def _draft(session: Session, notice: Notice) -> tuple[Delivery, Person | None]:
    """The outbox row a planned notice would get, and its recipient, without storing either."""
    row = Delivery(key=notice.key, kind=notice.kind, person_id=notice.to.person_id, org_unit_id=notice.unit_id,
                   payload={**notice.payload, "useful_until": notice.useful_until.isoformat()}, due_at=notice.due_at,
                   deadline=notice.deadline, status="pending", attempts=0)  # fmt: skip
    if notice.to.person_id is not None:
        return row, session.get(Person, notice.to.person_id)
    if notice.to.email:
        known = find_by_email(session, notice.to.email)
        return row, known or Person(email=notice.to.email, display_name=notice.to.name, language=notice.to.language)
    return row, None


def _due_rows(session: Session, settings: Settings, now: datetime) -> list[tuple[Delivery, Person | None]]:
    """What `run_due` at `now` would claim: the planned notices not yet stored, and the stored rows that
    are claimable, less those a planned notice supersedes (`outbox.enqueue`)."""
    notices = plan(session, now, settings)
    claimable = set(outbox.claimable(session, now, limit=100_000))
    stored = {
        row.key: row for row in session.scalars(select(Delivery).where(Delivery.key.in_([n.key for n in notices])))
    }
    rows: list[tuple[Delivery, Person | None]] = []
    for notice in notices:
        if notice.key not in stored:
            rows.append(_draft(session, notice))
    latest = {n.payload["series"]: n.due_at for n in notices if n.kind == "annual_deadline" and "offset" in n.payload}
    for row in session.scalars(select(Delivery).where(Delivery.id.in_(claimable))):
        series = row.payload.get("series")
        if "offset" in row.payload and series in latest and row.due_at < latest[series]:
            continue  # superseded by the later reminder planned now
        rows.append((row, session.get(Person, row.person_id) if row.person_id else None))
    return sorted(rows, key=lambda pair: (pair[0].due_at, pair[0].key))


def preview(
    database: Database, channels: Sequence[Channel], settings: Settings, now: datetime, *, to: str | None = None
) -> list[Preview]:
    """What `run_due` at `now` would send, to whom and through which channel; it sends nothing and writes
    nothing (the platforms may be asked whom they know). `to` keeps the notices to one e-mail address."""
    found: list[Preview] = []
    with database.session_scope() as session:
        for row, person in _due_rows(session, settings, now):
            if to and (person is None or (person.email or "").strip().lower() != to.strip().lower()):
                continue
            entry = Preview(row.key, row.kind, person, None, [], about(row))
            if _useless(session, row, now):
                entry.skipped = "no longer useful"
            else:
                entry.replies = _compose(session, row, person, settings, now)
                if person is not None and not entry.replies:
                    entry.skipped = "nothing left to say (the activity is gone)"
                elif person is not None:
                    entry.channel = route(channels, person)
            found.append(entry)
        session.expunge_all()
    return found

"""Sending what is due, exactly once: plan → outbox → claim → compose → send → mark.

One call of `run_due` is one scheduler tick (and what `utblick reminders run-due` does). Any number of
processes may run it at the same moment against the same database: the outbox's keys and claims make
each notice go out once. Sending happens outside any transaction, so a slow platform never holds a
database lock, and a row is marked sent only after the platform accepted the message.
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
from reminders.channels import Channel, DeliveryError
from reminders.planner import done_key, plan
from storage.db import Database
from storage.models import Delivery, Person

log = logging.getLogger(__name__)


@dataclass
class TickSummary:
    planned: int = 0
    sent: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


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


def _channel_for(channels: Sequence[Channel], person: Person) -> Channel | None:
    return next((channel for channel in channels if channel.reaches(person)), None)


def _stopped(session: Session, row: Delivery) -> bool:
    """A series stopped after this row was queued ("Klart" pressed, follow-up recorded)."""
    series = row.payload.get("series") or (row.key if row.kind == "mandate_review" else None)
    return isinstance(series, str) and outbox.is_marked(session, done_key(series))


def _deliver_one(database: Database, channels: Sequence[Channel], settings: Settings, now: datetime,
                 delivery_id: int, summary: TickSummary) -> None:  # fmt: skip
    with database.session_scope() as session:
        if not outbox.claim(session, delivery_id, now):
            return  # another worker has it
    with database.session_scope() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        key, kind = row.key, row.kind
        person = session.get(Person, row.person_id) if row.person_id else None
        useful_until = row.payload.get("useful_until")
        if (useful_until and now > datetime.fromisoformat(useful_until)) or _stopped(session, row):
            outbox.skipped(session, delivery_id, "no longer useful")
            summary.skipped.append(key)
            return
        if person is None:
            replies: list[Reply] = []
            channel = None
        else:
            replies = messages.compose(session, row, person, settings, now.astimezone(settings.tz).date())
            channel = _channel_for(channels, person)
        if person is not None and not replies:
            outbox.skipped(session, delivery_id, "nothing left to say (the activity is gone)")
            summary.skipped.append(key)
            return
        session.expunge_all()
    error: DeliveryError | None = None
    if person is None or channel is None:
        error = DeliveryError("no platform can reach this person (no Slack or Teams user)", retryable=False)
    else:
        try:
            channel.send(person, replies)
        except DeliveryError as exc:
            error = exc
        except Exception as exc:  # a bug in a channel must not stop the other notices
            log.exception("channel %s failed on %s", channel.name, key)
            error = DeliveryError(type(exc).__name__, retryable=True)
    with database.session_scope() as session:
        if error is None:
            outbox.sent(session, delivery_id, now)
            summary.sent.append(key)
            log.info("reminder sent key=%s kind=%s", key, kind)
            return
        row = session.get(Delivery, delivery_id)
        assert row is not None
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
    """One tick: store what is due, then deliver everything claimable."""
    summary = TickSummary()
    with database.session_scope() as session:
        notices = plan(session, now, settings)
        summary.planned = len(notices)
        outbox.enqueue(session, notices)
    with database.session_scope() as session:
        ids = outbox.claimable(session, now)
    for delivery_id in ids:
        _deliver_one(database, channels, settings, now, delivery_id, summary)
    return summary

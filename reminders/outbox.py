"""The outbox: one `Delivery` row per notice, under its key, so every instance agrees on what was sent.

Enqueueing inserts a row only if its key is new (`INSERT … ON CONFLICT DO NOTHING`, on SQLite and
PostgreSQL alike). A worker claims a row with a conditional UPDATE that only one transaction can win,
holds it for a lease while it sends, and marks it sent only after the platform accepted the message. A
worker that dies mid-send leaves the lease to run out, and the row is tried again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from reminders.planner import Notice
from storage.models import Delivery, Person, PlannerState
from storage.people import find_by_email

LEASE = timedelta(minutes=5)
# Pauses before the 2nd, 3rd, … attempt: a Slack hiccup passes in minutes, an outage in hours.
BACKOFF = (timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=6))


def _insert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _person_for(session: Session, notice: Notice) -> int | None:
    """The recipient's row; someone named only by e-mail in the settings gets one now."""
    if notice.to.person_id is not None:
        return notice.to.person_id
    if notice.to.email:
        person = find_by_email(session, notice.to.email)
        if person is None:
            person = Person(email=notice.to.email)
            session.add(person)
            session.flush()
        return person.id
    return None


def enqueue(session: Session, notices: list[Notice]) -> int:
    """Store each notice once; return how many were new. A batch is one INSERT … ON CONFLICT DO NOTHING,
    and only the reminders that were new supersede the earlier ones of their series."""
    added = 0
    annual = {n.key: n for n in notices if n.kind == "annual_deadline" and "offset" in n.payload}
    for start in range(0, len(notices), 500):
        values = [
            {
                "key": notice.key,
                "kind": notice.kind,
                "person_id": _person_for(session, notice),
                "org_unit_id": notice.unit_id,
                "payload": {**notice.payload, "useful_until": notice.useful_until.isoformat()},
                "due_at": notice.due_at,
                "deadline": notice.deadline,
                "status": "pending",
                "attempts": 0,
                "created_at": notice.due_at,
            }
            for notice in notices[start : start + 500]
        ]
        statement = (
            _insert(session)(Delivery).values(values).on_conflict_do_nothing(index_elements=["key"])
            .returning(Delivery.key)
        )  # fmt: skip
        new = list(session.scalars(statement))
        added += len(new)
        for key in new:
            if key in annual:
                _skip_superseded(session, annual[key])
    return added


PLANNER = "reminders"  # the planner's row in `planner_state`


def planned_until(session: Session, fingerprint: str) -> datetime | None:
    """When the last tick planned, if it planned with the same settings; None: plan everything once."""
    row = session.get(PlannerState, PLANNER)
    if row is None or row.settings != fingerprint:
        return None
    return row.planned_until


def plan_done(session: Session, at: datetime, fingerprint: str, *, reset: bool = False) -> None:
    """Record that everything due at `at` is in the outbox, in the transaction that stored the notices.
    The mark only moves forward (another instance may have planned later already), unless `reset`: it was
    planned with other settings, and `at` is where a plan with these ones now stands."""
    session.execute(
        _insert(session)(PlannerState)
        .values(name=PLANNER, planned_until=at, settings=fingerprint)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    statement = update(PlannerState).where(PlannerState.name == PLANNER).values(planned_until=at, settings=fingerprint)
    session.execute(statement if reset else statement.where(PlannerState.planned_until < at))


def _skip_superseded(session: Session, notice: Notice) -> None:
    """An earlier reminder of the same series still waiting (a failed Slack, downtime) is not sent
    once a later one is due: one reminder with the current count of days is enough."""
    series = notice.payload["series"]
    session.execute(
        update(Delivery)
        .where(
            Delivery.key.like(f"{series}:%"),
            Delivery.key != notice.key,
            Delivery.status == "pending",
            Delivery.due_at < notice.due_at,
        )  # fmt: skip
        .values(status="skipped", error="superseded by a later reminder")
    )


def mark(
    session: Session,
    key: str,
    kind: str,
    status: str,
    when: datetime,
    *,
    payload: dict[str, Any] | None = None,
    **fields: Any,
) -> None:
    """Store a row under a key once: a state that stops a series ("Klart", a recorded follow-up), a
    snoozed reminder, an alert to the administrators. A second call with the same key does nothing."""
    statement = (
        _insert(session)(Delivery)
        .values(
            key=key, kind=kind, status=status, due_at=when, created_at=when, attempts=0, payload=payload or {}, **fields
        )  # fmt: skip
        .on_conflict_do_nothing(index_elements=["key"])
    )
    session.execute(statement)


def is_marked(session: Session, key: str) -> bool:
    return session.scalar(select(Delivery.id).where(Delivery.key == key)) is not None


# Follow-ups about one activity can wait a tick; a deadline reminder, the strategy follow-up, an alert to the
# administrators and a coordinator's answer cannot. After an import thousands of follow-ups fall due at once,
# and with one queue ordered by due time they would hold back every unit's deadline reminder for hours.
FOLLOW_UPS = ("results_followup", "climate_compensation")
URGENT_LIMIT = 1000  # more than any municipality has units: every unit's reminder goes out in the same tick


def claimable(session: Session, now: datetime, limit: int = 50, urgent_limit: int = URGENT_LIMIT) -> list[int]:
    """Ids of rows that are due, waiting, and not held by another worker: everything but the follow-ups
    first, with a budget of its own, then at most `limit` follow-ups, oldest due first in each."""
    due = (
        select(Delivery.id)
        .where(
            Delivery.status == "pending",
            Delivery.due_at <= now,
            (Delivery.next_attempt_at.is_(None)) | (Delivery.next_attempt_at <= now),
            (Delivery.claimed_until.is_(None)) | (Delivery.claimed_until < now),
        )
        .order_by(Delivery.due_at, Delivery.id)
    )
    urgent = list(session.scalars(due.where(Delivery.kind.not_in(FOLLOW_UPS)).limit(urgent_limit)))
    return urgent + list(session.scalars(due.where(Delivery.kind.in_(FOLLOW_UPS)).limit(limit)))


def claim(session: Session, delivery_id: int, now: datetime) -> bool:
    """Take the row for this worker for one lease; only one concurrent transaction can succeed."""
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            Delivery.status == "pending",
            (Delivery.claimed_until.is_(None)) | (Delivery.claimed_until < now),
        )
        .values(claimed_until=now + LEASE)
    )
    assert isinstance(result, CursorResult)
    return (result.rowcount or 0) == 1


@dataclass(frozen=True)
class Outcome:
    status: str
    error: str | None = None
    retry_at: datetime | None = None


def sent(session: Session, delivery_id: int, now: datetime) -> None:
    session.execute(
        update(Delivery).where(Delivery.id == delivery_id)
        .values(status="sent", sent_at=now, claimed_until=None, error=None)
    )  # fmt: skip


def skipped(session: Session, delivery_id: int, reason: str) -> None:
    session.execute(
        update(Delivery).where(Delivery.id == delivery_id).values(status="skipped", claimed_until=None, error=reason)
    )


def undeliverable(session: Session, delivery_id: int, reason: str) -> None:
    """No configured channel reaches the person: kept apart from "failed" (a channel tried and was
    refused) so an operator can list whom to give an e-mail address or a chat with the bot."""
    session.execute(
        update(Delivery).where(Delivery.id == delivery_id)
        .values(status="undeliverable", claimed_until=None, error=reason[:2000], attempts=Delivery.attempts + 1)
    )  # fmt: skip


def failed(session: Session, row: Delivery, now: datetime, reason: str, *, retryable: bool, attempts: int) -> Outcome:
    """Count the attempt; retry later with a growing pause, or give up after the last attempt."""
    row.attempts += 1
    row.error = reason[:2000]
    row.claimed_until = None
    if retryable and row.attempts < attempts:
        row.next_attempt_at = now + BACKOFF[min(row.attempts - 1, len(BACKOFF) - 1)]
        return Outcome("retry", reason, row.next_attempt_at)
    row.status = "failed"
    return Outcome("failed", reason)

"""Good examples: proposing an activity, the coordinator's decision, and the approved ones by filter.

A repository in the usual way: it takes a session and never commits. Posting an approved example to the
configured channel goes through the outbox (`queue_post`), under a key of its own, so it is posted once
however many instances run and however often the button is pressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Activity, Delivery, GoodExample, Person

CHANNEL_POST = "channel_post"
POST_USEFUL_FOR = timedelta(days=14)


def for_activity(session: Session, activity_id: int) -> GoodExample | None:
    return session.scalars(select(GoodExample).where(GoodExample.activity_id == activity_id)).first()


def propose(session: Session, activity: Activity, person: Person, why: str, now: datetime) -> GoodExample | None:
    """The new proposal, or None when the activity was proposed before (whatever became of it)."""
    if for_activity(session, activity.id) is not None:
        return None
    example = GoodExample(activity_id=activity.id, proposed_by_id=person.id, why=why.strip(), proposed_at=now)
    session.add(example)
    session.flush()
    return example


def decide(example: GoodExample, approved: bool, person: Person, now: datetime) -> bool:
    """Approve or decline a proposal; False when it was already decided (a second press does nothing)."""
    if example.status != "proposed":
        return False
    example.status = "approved" if approved else "declined"
    example.decided_by_id = person.id
    example.decided_at = now
    return True


@dataclass(frozen=True)
class Filter:
    kind: str | None = None
    country: str | None = None
    year: int | None = None
    unit_id: int | None = None


def approved(session: Session, where: Filter = Filter(), limit: int | None = None) -> list[GoodExample]:
    """Approved examples, the newest activity first, by kind, country, the year it took place, unit."""
    statement = (
        select(GoodExample)
        .join(Activity, GoodExample.activity_id == Activity.id)
        .where(GoodExample.status == "approved")
    )
    if where.kind:
        statement = statement.where(Activity.kind == where.kind)
    if where.country:
        statement = statement.where(Activity.country == where.country)
    if where.unit_id is not None:
        statement = statement.where(Activity.org_unit_id == where.unit_id)
    if where.year is not None:
        first = func.coalesce(Activity.start_date, Activity.end_date)
        last = func.coalesce(Activity.end_date, Activity.start_date)
        statement = statement.where(
            or_(
                and_(first <= date(where.year, 12, 31), last >= date(where.year, 1, 1)),
                and_(first.is_(None), func.extract("year", GoodExample.proposed_at) == where.year),
            )
        )
    statement = statement.order_by(func.coalesce(Activity.start_date, Activity.end_date).desc(), GoodExample.id.desc())
    if limit:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def queue_post(session: Session, example: GoodExample, address: str, text: str, now: datetime) -> None:
    """Queue the example's post to the channel in the outbox, once under its key."""
    key = f"good_example:{example.id}:posted"
    if session.scalars(select(Delivery).where(Delivery.key == key)).first() is not None:
        return
    session.add(
        Delivery(
            key=key,
            kind=CHANNEL_POST,
            person_id=None,
            payload={"text": text, "channel": address, "useful_until": (now + POST_USEFUL_FOR).isoformat()},
            due_at=now,
            deadline=now.date(),
            status="pending",
            attempts=0,
            created_at=now,
        )
    )
    session.flush()

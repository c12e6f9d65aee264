"""Queries on activities. Every function that reads or changes one person's activities takes that person,
so a handler cannot show or edit someone else's by passing the wrong id.

Two people may change an activity: whoever logged it, and the contact person of the unit it belongs to,
who answers for the unit's report and is the one who notices a missing result or climate answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from storage.models import Activity, OrgUnit, Person

# The longest text each typed field may hold: the column's own length, so a form refuses what the database
# would. A country is typed as a name ("Lettland") and stored as its code, so its limit is a name's.
TEXT_LIMITS: dict[str, int] = {
    **{
        name: int(getattr(Activity.__table__.c[name].type, "length", 0))
        for name in ("title", "city", "programme", "project_name")
    },
    "country": 60,
}


def add(session: Session, activity: Activity) -> Activity:
    session.add(activity)
    session.flush()
    return activity


def add_once(session: Session, activity: Activity) -> Activity | None:
    """Store a new activity unless one with its `submission_key` is stored already; the stored row, or
    None when it was.

    The database decides, not a lock in this process: one INSERT … ON CONFLICT DO NOTHING, so two instances
    saving the same draft at the same moment meet in the unique key, the second waits for the first to
    commit and then inserts nothing, and neither sees an error.
    """
    values = {
        column.key: getattr(activity, column.key)
        for column in Activity.__table__.columns
        if column.key != "id" and getattr(activity, column.key) is not None
    }
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Activity).values(**values).on_conflict_do_nothing(index_elements=["submission_key"])
    stored = session.scalars(statement.returning(Activity)).first()
    if stored is not None:
        session.flush()
    return stored


def by_submission(session: Session, key: str) -> Activity | None:
    return session.scalars(select(Activity).where(Activity.submission_key == key)).first()


def of_person(session: Session, person: Person, limit: int = 20) -> list[Activity]:
    """The person's own activities, the latest first (by when they happened, then when they were logged)."""
    return list(session.scalars(_of_person(limit), {"person_id": person.id}))


@cache
def _of_person(limit: int) -> Select[Activity]:
    """`of_person`'s statement, built once per limit: "mina aktiviteter" is among the commonest messages, and
    building the select cost more Python than sending it."""
    return (
        select(Activity)
        .where(Activity.logged_by_id == bindparam("person_id"))
        .order_by(func.coalesce(Activity.start_date, Activity.end_date, date(1900, 1, 1)).desc(), Activity.id.desc())
        .limit(limit)
    )


def own(session: Session, person: Person, activity_id: int) -> Activity | None:
    """One of the person's own activities, or None if it is not theirs (or does not exist)."""
    return session.scalars(
        select(Activity).where(Activity.id == activity_id, Activity.logged_by_id == person.id)
    ).first()


def _may_change(person: Person) -> ColumnElement[bool]:
    contact_units = select(OrgUnit.id).where(OrgUnit.contact_person_id == person.id)
    return or_(Activity.logged_by_id == person.id, Activity.org_unit_id.in_(contact_units))


def changeable(session: Session, person: Person, activity_id: int) -> Activity | None:
    """The activity if this person may change it: their own, or one of a unit they are contact person of."""
    return session.scalars(select(Activity).where(Activity.id == activity_id, _may_change(person))).first()


def awaiting_outcome(session: Session, person: Person) -> list[Activity]:
    """The applications this person may change that have no outcome yet (applied or planned), oldest first."""
    query = select(Activity).where(
        Activity.kind == "application",
        or_(Activity.status.is_(None), Activity.status.in_(("applied", "planned"))),
        _may_change(person),
    )
    return list(session.scalars(query.order_by(Activity.id)))


def search_own(session: Session, person: Person, words: Sequence[str], limit: int = 5) -> list[Activity]:
    """The person's activities whose title, city, programme or network mentions any of the words."""
    conditions = []
    for word in words:
        pattern = f"%{word.lower()}%"
        for column in (Activity.title, Activity.city, Activity.programme, Activity.network, Activity.project_name):
            conditions.append(func.lower(column).like(pattern))
    if not conditions:
        return []
    query = select(Activity).where(Activity.logged_by_id == person.id, or_(*conditions)).order_by(Activity.id.desc())
    return list(session.scalars(query.limit(limit)))


def delete(session: Session, activity: Activity) -> None:
    session.delete(activity)
    session.flush()

"""Answers to questions about the register, computed by the database: counts, pages of lists, units.

A register question ("how many flights did my unit log in 2025?", "which units have logged nothing this
year?") is answered with SQL aggregates and one page of rows at a time, never by loading every activity:
the municipality's register grows by thousands of rows a year and the answer must stay quick. Who may
ask about which units is decided before, by the handler; a `RegisterQuery` carries the result as
`unit_ids` (None: every unit) and `person_id` (only what one person logged).

The gaps follow the report's rules (`reports.builder.lacks`), written here as SQL, so the list a
contact person gets and the report they send agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, exists, func, not_, or_, select, true
from sqlalchemy.orm import Session, aliased

from reports.period import OPEN_KINDS
from reports.query import in_year_clause
from storage.models import Activity, Delivery, OrgUnit, Person

# Physical travel: a trip is an activity someone travelled to, by any means but a screen.
TRAVEL = ("flight", "train", "bus", "car", "boat")
_NO_RESULTS_EXPECTED = ("planned", "rejected")
# An application still waiting for a decision: sent in, or logged without saying what came of it.
_WAITING = ("applied",)
PAGE = 10


@dataclass(frozen=True)
class RegisterQuery:
    """What to count or list, and over which rows: the handler has already applied who may see what."""

    subject: str
    unit_ids: tuple[int, ...] | None = None
    person_id: int | None = None
    year: int | None = None
    start: date | None = None
    end: date | None = None
    logged_since: datetime | None = None
    country: str | None = None
    city: str | None = None
    status: str | None = None
    offset: int = 0


@dataclass(frozen=True)
class Counts:
    total: int
    compensated: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """One activity in a list: enough to show a line and build its buttons."""

    id: int
    title: str
    city: str | None
    start_date: date | None
    end_date: date | None
    unit_id: int | None
    unit_name: str | None
    logged_by_id: int | None
    logger_name: str | None


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    contact_id: int | None
    contact_name: str | None


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    offset: int

    @property
    def more(self) -> bool:
        return self.offset + len(self.rows) < self.total


def _period(query: RegisterQuery, zone: ZoneInfo, today: date) -> ColumnElement[bool]:
    if query.start is not None:
        first = func.coalesce(Activity.start_date, Activity.end_date)
        last = func.coalesce(Activity.end_date, Activity.start_date)
        end = query.end or today
        dated = and_(first <= end, last >= query.start)
        undated = and_(
            Activity.start_date.is_(None),
            Activity.end_date.is_(None),
            Activity.created_at >= datetime.combine(query.start, time(0), tzinfo=zone),
            Activity.created_at < datetime.combine(end, time(23, 59, 59), tzinfo=zone),
        )
        return or_(dated, undated)
    if query.year is not None:
        return in_year_clause(query.year, zone)
    return true()


def _taken_place(today: date) -> ColumnElement[bool]:
    """SQL for `reports.builder.has_taken_place`."""
    last = case(
        (Activity.kind.in_(sorted(OPEN_KINDS)), Activity.end_date),
        else_=func.coalesce(Activity.end_date, Activity.start_date),
    )
    return or_(Activity.status == "finished", and_(last.is_not(None), last <= today))


def _subject(subject: str, today: date) -> ColumnElement[bool]:
    if subject == "trips":
        return Activity.travel_mode.in_(TRAVEL)
    if subject == "flights":
        return Activity.travel_mode == "flight"
    if subject == "eu_projects":
        return Activity.kind == "eu_project"
    if subject == "applications":
        return Activity.kind == "application"
    if subject == "waiting_applications":
        return and_(Activity.kind == "application", or_(Activity.status.is_(None), Activity.status.in_(_WAITING)))
    if subject == "lacking_results":
        return and_(
            or_(Activity.results.is_(None), Activity.results == ""),
            Activity.kind != "application",
            or_(Activity.status.is_(None), Activity.status.not_in(_NO_RESULTS_EXPECTED)),
            _taken_place(today),
        )
    if subject == "lacking_travel_mode":
        # Projects and applications are not trips: only the other kinds are asked how one travelled.
        return and_(Activity.travel_mode.is_(None), Activity.kind.not_in(sorted(OPEN_KINDS | {"application"})))
    if subject == "lacking_climate":
        return and_(Activity.travel_mode == "flight", Activity.climate_compensated == "unknown")
    if subject == "lacking_unit":
        return Activity.org_unit_id.is_(None)
    return true()


def _where(query: RegisterQuery, zone: ZoneInfo, today: date) -> list[ColumnElement[bool]]:
    clauses = [_period(query, zone, today), _subject(query.subject, today)]
    if query.unit_ids is not None and query.subject != "lacking_unit":
        clauses.append(Activity.org_unit_id.in_(query.unit_ids))
    if query.person_id is not None:
        clauses.append(Activity.logged_by_id == query.person_id)
    if query.logged_since is not None:
        clauses.append(Activity.created_at >= query.logged_since)
    if query.country:
        clauses.append(Activity.country == query.country)
    if query.city:
        clauses.append(func.lower(Activity.city) == query.city.lower())
    if query.status and query.subject == "applications":
        clauses.append(Activity.status == query.status)
    return clauses


def count(session: Session, query: RegisterQuery, zone: ZoneInfo, today: date) -> Counts:
    """How many, in one aggregate; flights also how many were compensated, applications by status."""
    where = _where(query, zone, today)
    compensated = func.coalesce(func.sum(case((Activity.climate_compensated == "yes", 1), else_=0)), 0)
    total, yes = session.execute(select(func.count(Activity.id), compensated).where(*where)).one()
    by_status: dict[str, int] = {}
    if query.subject == "applications":
        rows = session.execute(select(Activity.status, func.count(Activity.id)).where(*where).group_by(Activity.status))
        by_status = {status or "unknown": n for status, n in rows}
    return Counts(int(total), int(yes), by_status)


def page(session: Session, query: RegisterQuery, zone: ZoneInfo, today: date, size: int = PAGE) -> Page:
    """One page of the activities the query selects, the latest first, and how many there are in all."""
    where = _where(query, zone, today)
    total = session.execute(select(func.count(Activity.id)).where(*where)).scalar_one()
    logger = aliased(Person)
    statement = (
        select(
            Activity.id,
            Activity.title,
            Activity.city,
            Activity.start_date,
            Activity.end_date,
            Activity.org_unit_id,
            OrgUnit.name,
            Activity.logged_by_id,
            func.coalesce(logger.display_name, logger.email),
        )
        .outerjoin(OrgUnit, Activity.org_unit_id == OrgUnit.id)
        .outerjoin(logger, Activity.logged_by_id == logger.id)
        .where(*where)
        .order_by(func.coalesce(Activity.start_date, Activity.end_date).desc().nulls_last(), Activity.id.desc())
        .offset(query.offset)
        .limit(size)
    )
    rows = [
        Row(id_, title, city, start, end, unit_id, unit_name, logged_by_id, logger_name)
        for id_, title, city, start, end, unit_id, unit_name, logged_by_id, logger_name in session.execute(statement)
    ]
    return Page(rows, int(total), query.offset)


def who_logged(session: Session, query: RegisterQuery, zone: ZoneInfo, today: date) -> list[tuple[str, int]]:
    """Each person's number of activities in the query's units and period, the most first."""
    where = _where(replace(query, subject="activities"), zone, today)
    name = func.coalesce(Person.display_name, Person.email, "")
    statement = (
        select(name, func.count(Activity.id))
        .outerjoin(Person, Activity.logged_by_id == Person.id)
        .where(*where)
        .group_by(name)
        .order_by(func.count(Activity.id).desc(), name)
    )
    return [(str(who), int(n)) for who, n in session.execute(statement)]


def _unit_rows(session: Session, condition: ColumnElement[bool]) -> list[UnitRow]:
    contact = aliased(Person)
    statement = (
        select(OrgUnit.id, OrgUnit.name, OrgUnit.contact_person_id, func.coalesce(contact.display_name, contact.email))
        .outerjoin(contact, OrgUnit.contact_person_id == contact.id)
        .where(condition)
        .order_by(OrgUnit.name)
    )
    return [UnitRow(*row) for row in session.execute(statement)]


def units_without_activity(session: Session, query: RegisterQuery, zone: ZoneInfo, today: date) -> list[UnitRow]:
    """Units with no activity in the period (or logged since the moment), by one NOT EXISTS."""
    where = _where(replace(query, subject="activities", unit_ids=None), zone, today)
    logged = exists().where(Activity.org_unit_id == OrgUnit.id, *where)
    condition = not_(logged)
    if query.unit_ids is not None:
        condition = and_(condition, OrgUnit.id.in_(query.unit_ids))
    return _unit_rows(session, condition)


def units_without_contact(session: Session) -> list[UnitRow]:
    return _unit_rows(session, OrgUnit.contact_person_id.is_(None))


def last_reminder(session: Session, unit_ids: tuple[int, ...] | None) -> datetime | None:
    """When the last annual reminder went out (to these units), for "since the last reminder"."""
    statement = select(func.max(Delivery.sent_at)).where(Delivery.kind == "annual_deadline", Delivery.status == "sent")
    if unit_ids is not None:
        statement = statement.where(Delivery.org_unit_id.in_(unit_ids))
    moment: datetime | None = session.execute(statement).scalar_one_or_none()
    return moment

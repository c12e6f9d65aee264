"""Loading the activities of a report year from the database.

The year rule is written out in `reports.period`; this module says the same thing in SQL so the database
does the choosing, and a test holds the two to agreement. Only the columns the report needs are read,
into plain `ActivityRecord`s, so building the report never touches the session again.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from reports.model import ActivityRecord, UnitInfo
from reports.period import CLOSED_STATUSES, OPEN_KINDS, year_bounds
from storage.models import Activity, OrgUnit, Person


def in_year_clause(year: int, zone: ZoneInfo) -> ColumnElement[bool]:
    """SQL for `reports.period.in_year`: overlapping dates, open projects, or logged that year."""
    jan1, dec31 = year_bounds(year)
    first = func.coalesce(Activity.start_date, Activity.end_date)
    last = func.coalesce(Activity.end_date, Activity.start_date)
    open_project = and_(
        Activity.kind.in_(sorted(OPEN_KINDS)),
        Activity.start_date.is_not(None),
        Activity.end_date.is_(None),
        or_(Activity.status.is_(None), Activity.status.not_in(sorted(CLOSED_STATUSES))),
    )
    # The last day is the later of the two: an end typed before the start means the one day of the start.
    dated = and_(first <= dec31, or_(last >= jan1, first >= jan1, open_project))
    # "Logged that year" means the municipality's calendar year, not UTC's: New Year's Eve at 23:30 is
    # still the old year in Växjö.
    undated = and_(
        Activity.start_date.is_(None),
        Activity.end_date.is_(None),
        Activity.created_at >= datetime.combine(jan1, time(0), tzinfo=zone),
        Activity.created_at < datetime.combine(year_bounds(year + 1)[0], time(0), tzinfo=zone),
    )
    return or_(dated, undated)


def load_activities(
    session: Session, year: int, unit_id: int | None, zone: ZoneInfo, *, ids: Collection[int] | None = None
) -> list[ActivityRecord]:
    """The activities of one unit (or, with `unit_id` None, of every unit and none) in `year`; only those
    with the given `ids` when there are some."""
    logger = aliased(Person)
    # When it was logged counts only for an activity without dates (`reports.period.span`), and turning a
    # timestamp with its zone into a Python datetime is the dearest column of the row: read it only there.
    undated = case((and_(Activity.start_date.is_(None), Activity.end_date.is_(None)), Activity.created_at))
    query = (
        select(
            Activity.id,
            Activity.kind,
            Activity.title,
            Activity.start_date,
            Activity.end_date,
            Activity.city,
            Activity.country,
            Activity.travel_mode,
            func.coalesce(func.nullif(Activity.climate_compensated, ""), "unknown"),
            Activity.programme,
            Activity.project_name,
            Activity.status,
            Activity.participants,
            Activity.results,
            OrgUnit.name,
            func.coalesce(func.nullif(logger.display_name, ""), logger.email),
            undated,
            Activity.date_precision,
            Activity.cofunding_considered,
        )
        .outerjoin(OrgUnit, Activity.org_unit_id == OrgUnit.id)
        .outerjoin(logger, Activity.logged_by_id == logger.id)
        .where(in_year_clause(year, zone))
        .order_by(Activity.id)
    )
    if unit_id is not None:
        query = query.where(Activity.org_unit_id == unit_id)
    if ids is not None:
        query = query.where(Activity.id.in_(sorted(ids)))
    # The columns come in the record's own order, so each row becomes a record as it is (a whole year of
    # the municipality is 20,000 rows); only the logging moment is turned into the municipality's date.
    return [
        ActivityRecord._make(row) if row[16] is None else ActivityRecord._make(_logged_on(row, zone))
        for row in session.execute(query)
    ]


def _logged_on(row: tuple[Any, ...], zone: ZoneInfo) -> tuple[Any, ...]:
    created: datetime = row[16]
    return (*row[:16], created.astimezone(zone).date(), *row[17:])


class Dated(NamedTuple):
    """When an activity was, or when it was logged: all a list needs to put it in its place."""

    id: int
    start_date: date | None
    end_date: date | None
    logged_on: date | None


def dates_in_year(session: Session, year: int, unit_id: int, zone: ZoneInfo) -> list[Dated]:
    """The dates of a unit's activities in `year`: a unit may have thousands, of which a list shows a few,
    and reading these four columns costs a fraction of reading whole records."""
    # When it was logged counts only for an activity without dates; reading it for the rest costs the most.
    undated = case((and_(Activity.start_date.is_(None), Activity.end_date.is_(None)), Activity.created_at))
    query = select(Activity.id, Activity.start_date, Activity.end_date, undated).where(
        in_year_clause(year, zone), Activity.org_unit_id == unit_id
    )
    return [
        Dated(number, start, end, created.astimezone(zone).date() if created else None)
        for number, start, end, created in session.execute(query)
    ]


def unit_info(unit: OrgUnit) -> UnitInfo:
    contact = unit.contact_person
    return UnitInfo(
        name=unit.name,
        short_name=unit.short_name,
        contact_name=(contact.display_name or contact.email) if contact else None,
    )

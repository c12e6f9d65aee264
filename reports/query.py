"""Loading the activities of a report year from the database.

The year rule is written out in `reports.period`; this module says the same thing in SQL so the database
does the choosing, and a test holds the two to agreement. Only the columns the report needs are read,
into plain `ActivityRecord`s, so building the report never touches the session again.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select
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


def load_activities(session: Session, year: int, unit_id: int | None, zone: ZoneInfo) -> list[ActivityRecord]:
    """The activities of one unit (or, with `unit_id` None, of every unit and none) in `year`."""
    logger = aliased(Person)
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
            Activity.climate_compensated,
            Activity.programme,
            Activity.project_name,
            Activity.status,
            Activity.participants,
            Activity.results,
            OrgUnit.name.label("unit_name"),
            logger.display_name.label("logger_name"),
            logger.email.label("logger_email"),
            Activity.created_at,
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
    records = []
    for row in session.execute(query).mappings():
        created_at: datetime | None = row["created_at"]
        records.append(
            ActivityRecord(
                id=row["id"],
                kind=row["kind"],
                title=row["title"],
                start_date=row["start_date"],
                end_date=row["end_date"],
                city=row["city"],
                country=row["country"],
                travel_mode=row["travel_mode"],
                climate_compensated=row["climate_compensated"] or "unknown",
                programme=row["programme"],
                project_name=row["project_name"],
                status=row["status"],
                participants=row["participants"],
                results=row["results"],
                unit_name=row["unit_name"],
                logged_by=row["logger_name"] or row["logger_email"],
                logged_on=created_at.astimezone(zone).date() if created_at else None,
                date_precision=row["date_precision"],
                cofunding_considered=row["cofunding_considered"],
            )
        )
    return records


def unit_info(unit: OrgUnit) -> UnitInfo:
    contact = unit.contact_person
    return UnitInfo(
        name=unit.name,
        short_name=unit.short_name,
        contact_name=(contact.display_name or contact.email) if contact else None,
    )

"""What is due at a given moment: every notice the strategy's rules call for, and not yet sent.

The planner reads the database and the settings and returns notices; it never sends and never writes,
so `utblick reminders plan --at …` can show an operator exactly what the scheduler would do. Each notice
has a key that names it for good ("annual:7:2026:14" is unit 7's reminder 14 days before the 2026
deadline); the outbox stores it under that key once, which is what makes delivery exactly-once.

After downtime only the latest due reminder of each series is planned (one catch-up, not four), and
nothing is planned once it has stopped being useful (its deadline has passed).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.config import Settings
from reminders.deadlines import (
    annual_deadline,
    local_moment,
    next_deadline,
    previous_working_day,
    reminder_days,
    term_of_office,
)
from storage.models import Activity, Delivery, OrgUnit, Person
from storage.people import find_by_email

log = logging.getLogger(__name__)

Kind = Literal["annual_deadline", "results_followup", "climate_compensation", "mandate_review"]
KINDS: tuple[Kind, ...] = ("annual_deadline", "results_followup", "climate_compensation", "mandate_review")
FINAL = ("sent", "failed", "skipped", "done")
_NO_RESULTS_EXPECTED = ("planned", "rejected")


@dataclass(frozen=True)
class Recipient:
    """Whom a notice is for: a known person, or someone named in the settings not yet met."""

    person_id: int | None
    name: str | None
    email: str | None
    language: str


@dataclass(frozen=True)
class Notice:
    key: str
    kind: Kind
    to: Recipient
    due_at: datetime
    deadline: date
    useful_until: datetime
    unit_id: int | None = None
    unit_name: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    def contract(self) -> dict[str, Any]:
        """One line of `utblick reminders plan --json` (the shape DESIGN.md promises)."""
        return {
            "key": self.key,
            "kind": self.kind,
            "to": {"name": self.to.name, "email": self.to.email},
            "unit": self.unit_name,
            "due_at": self.due_at.isoformat(),
            "deadline": self.deadline.isoformat(),
        }


def done_key(prefix: str) -> str:
    """The marker that stops a series: "Klart" for a unit's year, a recorded strategy follow-up."""
    return f"{prefix}:done"


def _recipient(person: Person, settings: Settings) -> Recipient:
    return Recipient(person.id, person.display_name, person.email, person.language or settings.language)


def _end_of_day(day: date, settings: Settings) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=settings.tz)


def _at(day: date, settings: Settings) -> datetime:
    return local_moment(day, settings.reminder_time, settings.tz)


def annual_notices(session: Session, at: datetime, settings: Settings) -> list[Notice]:
    """Each unit's contact person: the latest of the year's reminders that is due."""
    today = at.astimezone(settings.tz).date()
    year, deadline = next_deadline(today, settings.report_deadline, settings.report_deadline_overrides)
    due = [(offset, _at(day, settings)) for offset, day in reminder_days(deadline, settings.reminder_days)]
    due = [(offset, moment) for offset, moment in due if moment <= at]
    if not due:
        return []
    offset, moment = due[-1]
    notices = []
    for unit in session.scalars(select(OrgUnit).where(OrgUnit.contact_person_id.is_not(None)).order_by(OrgUnit.id)):
        assert unit.contact_person is not None
        notices.append(
            Notice(
                key=f"annual:{unit.id}:{year}:{offset}",
                kind="annual_deadline",
                to=_recipient(unit.contact_person, settings),
                due_at=moment,
                deadline=deadline,
                useful_until=_end_of_day(deadline, settings),
                unit_id=unit.id,
                unit_name=unit.name,
                payload={"year": year, "offset": offset, "series": f"annual:{unit.id}:{year}"},
            )
        )
    return notices


def _activity_day(activity: Activity, settings: Settings, delay: int) -> date | None:
    """The day to ask about an activity: some days after it ended, and not before it was logged."""
    ended = activity.end_date or activity.start_date
    if ended is None:
        return None
    logged = activity.created_at.astimezone(settings.tz).date()
    return max(ended, logged) + timedelta(days=delay)


def _follow_up(
    activities: Iterable[Activity], kind: Kind, prefix: str, delay: int, at: datetime, settings: Settings
) -> list[Notice]:
    notices = []
    for activity in activities:
        try:
            day = _activity_day(activity, settings, delay)
            if day is None or activity.logged_by is None:
                continue
            moment = _at(day, settings)
            year = (activity.end_date or activity.start_date or day).year
            deadline = annual_deadline(year, settings.report_deadline, settings.report_deadline_overrides)
        except (OverflowError, ValueError) as exc:
            # A date the calendar cannot count from (9999-12-31 from an old import) is one row's problem:
            # every other unit's reminders still go out, and `utblick doctor` names the row.
            log.warning("activity %s skipped by the %s planner: %s", activity.id, kind, type(exc).__name__)
            continue
        useful_until = _end_of_day(deadline, settings)
        if moment > at or at > useful_until:
            continue
        unit = activity.org_unit
        notices.append(
            Notice(
                key=f"{prefix}:{activity.id}",
                kind=kind,
                to=_recipient(activity.logged_by, settings),
                due_at=moment,
                deadline=deadline,
                useful_until=useful_until,
                unit_id=unit.id if unit else None,
                unit_name=unit.name if unit else None,
                payload={"activity_id": activity.id},
            )
        )
    return notices


def results_notices(session: Session, at: datetime, settings: Settings) -> list[Notice]:
    """A few days after an activity ends: what came out of it? Asked once; applications have outcomes."""
    query = select(Activity).where(
        Activity.kind != "application",
        or_(Activity.results.is_(None), func.trim(Activity.results) == ""),
        or_(Activity.status.is_(None), Activity.status.not_in(_NO_RESULTS_EXPECTED)),
        Activity.logged_by_id.is_not(None),
        or_(Activity.end_date.is_not(None), Activity.start_date.is_not(None)),
    )
    return _follow_up(
        session.scalars(query), "results_followup", "results", settings.results_followup_days, at, settings
    )


def climate_notices(session: Session, at: datetime, settings: Settings) -> list[Notice]:
    """Flights whose climate compensation nobody answered: asked again, once."""
    query = select(Activity).where(
        Activity.travel_mode == "flight",
        Activity.climate_compensated == "unknown",
        Activity.logged_by_id.is_not(None),
    )
    return _follow_up(
        session.scalars(query), "climate_compensation", "climate", settings.climate_followup_days, at, settings
    )


def strategy_owner(session: Session, settings: Settings) -> tuple[Person | None, str | None]:
    """The person to remind about the term's strategy follow-up, and how they are named in the settings."""
    named = settings.strategy_owner or settings.coordinator
    if not named or named.startswith("#"):
        return None, None
    if "@" in named:
        return find_by_email(session, named), named
    person = session.scalars(
        select(Person).where(or_(Person.slack_user_id == named, Person.teams_aad_id == named))
    ).first()
    return person, named


def mandate_notices(session: Session, at: datetime, settings: Settings) -> list[Notice]:
    """A year before the term of office ends, unless the strategy's follow-up has been recorded."""
    today = at.astimezone(settings.tz).date()
    start, end = term_of_office(today)
    moment = _at(previous_working_day(date(end.year - 1, end.month, end.day)), settings)
    if moment > at:
        return []
    person, named = strategy_owner(session, settings)
    if person is None and named is None:
        return []
    to = (
        _recipient(person, settings)
        if person
        else Recipient(None, None, named if named and "@" in named else None, settings.language)
    )
    return [
        Notice(
            key=f"mandate:{start.year}",
            kind="mandate_review",
            to=to,
            due_at=moment,
            deadline=end,
            useful_until=_end_of_day(end, settings),
            payload={"term_start": start.isoformat(), "term_end": end.isoformat(), "owner": named},
        )
    ]


def _settled(session: Session, keys: Iterable[str]) -> set[str]:
    """Keys already sent, failed for good, skipped, or stopped by a "done" marker."""
    keys = list(keys)
    if not keys:
        return set()
    rows = session.execute(select(Delivery.key, Delivery.status).where(Delivery.key.in_(keys)))
    return {key for key, status in rows if status in FINAL}


def _snoozed(session: Session, at: datetime) -> list[Notice]:
    """Reminders a contact person asked to get again ("Påminn mig i morgon") that are due now."""
    rows = session.scalars(
        select(Delivery).where(
            Delivery.kind == "annual_deadline", Delivery.status == "pending", Delivery.due_at <= at,
            Delivery.key.like("annual:%:snooze:%"),
        )
    )  # fmt: skip
    notices = []
    for row in rows:
        person = session.get(Person, row.person_id) if row.person_id else None
        unit = session.get(OrgUnit, row.org_unit_id) if row.org_unit_id else None
        if person is None or row.deadline is None:
            continue
        useful_until = datetime.fromisoformat(row.payload["useful_until"])
        if at > useful_until:
            continue
        notices.append(
            Notice(
                key=row.key,
                kind="annual_deadline",
                to=Recipient(person.id, person.display_name, person.email, person.language or "sv"),
                due_at=row.due_at,
                deadline=row.deadline,
                useful_until=useful_until,
                unit_id=unit.id if unit else None,
                unit_name=unit.name if unit else None,
                payload=dict(row.payload),
            )
        )
    return notices


def plan(session: Session, at: datetime, settings: Settings) -> list[Notice]:
    """Every notice due at `at` and not yet sent, earliest first."""
    if at.tzinfo is None:
        raise ValueError("plan() needs an aware datetime")
    notices = (
        annual_notices(session, at, settings)
        + _snoozed(session, at)
        + results_notices(session, at, settings)
        + climate_notices(session, at, settings)
        + mandate_notices(session, at, settings)
    )
    markers = {n.key: done_key(n.payload["series"]) for n in notices if "series" in n.payload}
    markers.update({n.key: done_key(n.key) for n in notices if n.kind == "mandate_review"})
    settled = _settled(session, [n.key for n in notices] + list(markers.values()))
    return sorted(
        (n for n in notices if n.key not in settled and markers.get(n.key) not in settled),
        key=lambda n: (n.due_at, n.key),
    )

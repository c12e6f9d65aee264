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

from sqlalchemy import ColumnElement, func, or_, select
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
FINAL = ("sent", "failed", "undeliverable", "skipped", "done")
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
        """One line of `utblick reminders plan --json` (the shape docs/design.md promises)."""
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
    query = (
        select(OrgUnit.id, OrgUnit.name, Person.id, Person.display_name, Person.email, Person.language)
        .join(Person, OrgUnit.contact_person_id == Person.id)
        .order_by(OrgUnit.id)
    )
    for unit_id, unit_name, person_id, name, email, language in session.execute(query):
        notices.append(
            Notice(
                key=f"annual:{unit_id}:{year}:{offset}",
                kind="annual_deadline",
                to=Recipient(person_id, name, email, language or settings.language),
                due_at=moment,
                deadline=deadline,
                useful_until=_end_of_day(deadline, settings),
                unit_id=unit_id,
                unit_name=unit_name,
                payload={"year": year, "offset": offset, "series": f"annual:{unit_id}:{year}"},
            )
        )
    return notices


@dataclass(frozen=True)
class Window:
    """What an incremental plan looks at: the calendar days whose reminder moment fell since the last plan,
    and the activities changed since a moment (a new one, or one whose dates or answers changed)."""

    days: tuple[date, date] | None
    changed_since: datetime


# What the follow-up planner reads of an activity, its author and unit: columns in one query, never objects
# with relationships to load one by one.
_FOLLOW_UP_COLUMNS = (
    Activity.id,
    Activity.start_date,
    Activity.end_date,
    Activity.created_at,
    Person.id.label("person_id"),
    Person.display_name,
    Person.email,
    Person.language,
    OrgUnit.id.label("unit_id"),
    OrgUnit.name.label("unit_name"),
)


def _activity_day(row: Any, settings: Settings, delay: int) -> date | None:
    """The day to ask about an activity: some days after it ended, and not before it was logged."""
    ended = row.end_date or row.start_date
    if ended is None:
        return None
    logged = row.created_at.astimezone(settings.tz).date()
    return max(ended, logged) + timedelta(days=delay)


def _start_of(day: date, settings: Settings) -> datetime:
    return datetime.combine(day, time(0), tzinfo=settings.tz)


def _follow_up(
    session: Session,
    conditions: list[ColumnElement[bool]],
    kind: Kind,
    prefix: str,
    delay: int,
    at: datetime,
    settings: Settings,
    window: Window | None,
) -> list[Notice]:
    query = (
        select(*_FOLLOW_UP_COLUMNS)
        .join(Person, Activity.logged_by_id == Person.id)
        .outerjoin(OrgUnit, Activity.org_unit_id == OrgUnit.id)
        .where(*conditions)
    )
    if window is not None:
        # The day asked on is max(ended, logged) + delay, so it falls in the window's days only when the
        # activity ended in the days shifted back by the delay, or was logged (created ≤ updated) then.
        changed_since = window.changed_since
        recent: list[ColumnElement[bool]] = []
        if window.days is not None:
            low, high = (day - timedelta(days=delay) for day in window.days)
            changed_since = min(changed_since, _start_of(low, settings))
            # The day it ended, or started when it has no end: the expression of ix_activities_ended.
            recent = [func.coalesce(Activity.end_date, Activity.start_date).between(low, high)]
        query = query.where(or_(*recent, Activity.updated_at >= changed_since))
    notices = []
    for row in session.execute(query):
        try:
            day = _activity_day(row, settings, delay)
            if day is None:
                continue
            moment = _at(day, settings)
            year = (row.end_date or row.start_date or day).year
            deadline = annual_deadline(year, settings.report_deadline, settings.report_deadline_overrides)
        except (OverflowError, ValueError) as exc:
            # A date the calendar cannot count from (9999-12-31 from an old import) is one row's problem:
            # every other unit's reminders still go out, and `utblick doctor` names the row.
            log.warning("activity %s skipped by the %s planner: %s", row.id, kind, type(exc).__name__)
            continue
        useful_until = _end_of_day(deadline, settings)
        if moment > at or at > useful_until:
            continue
        notices.append(
            Notice(
                key=f"{prefix}:{row.id}",
                kind=kind,
                to=Recipient(row.person_id, row.display_name, row.email, row.language or settings.language),
                due_at=moment,
                deadline=deadline,
                useful_until=useful_until,
                unit_id=row.unit_id,
                unit_name=row.unit_name,
                payload={"activity_id": row.id},
            )
        )
    return notices


def results_notices(session: Session, at: datetime, settings: Settings, window: Window | None = None) -> list[Notice]:
    """A few days after an activity ends: what came out of it? Asked once; applications have outcomes."""
    conditions = [
        Activity.kind != "application",
        or_(Activity.results.is_(None), func.trim(Activity.results) == ""),
        or_(Activity.status.is_(None), Activity.status.not_in(_NO_RESULTS_EXPECTED)),
        or_(Activity.end_date.is_not(None), Activity.start_date.is_not(None)),
    ]
    return _follow_up(
        session, conditions, "results_followup", "results", settings.results_followup_days, at, settings, window
    )


def climate_notices(session: Session, at: datetime, settings: Settings, window: Window | None = None) -> list[Notice]:
    """Flights whose climate compensation nobody answered: asked again, once."""
    conditions = [Activity.travel_mode == "flight", Activity.climate_compensated == "unknown"]
    return _follow_up(
        session, conditions, "climate_compensation", "climate", settings.climate_followup_days, at, settings, window
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


def _chunks(items: list[str], size: int = 5000) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stored(session: Session, keys: Iterable[str], statuses: tuple[str, ...] | None = None) -> set[str]:
    """Those of the keys the outbox holds (with one of `statuses`, when given), asked in chunks so a full
    plan of a large municipality stays within a database's limit on parameters."""
    found: set[str] = set()
    for chunk in _chunks(list(dict.fromkeys(keys))):
        rows = session.execute(select(Delivery.key, Delivery.status).where(Delivery.key.in_(chunk)))
        found.update(key for key, status in rows if statuses is None or status in statuses)
    return found


def _settled(session: Session, keys: Iterable[str]) -> set[str]:
    """Keys already sent, failed for good, skipped, or stopped by a "done" marker."""
    return _stored(session, keys, FINAL)


def _snoozed(session: Session, at: datetime) -> list[Notice]:
    """Reminders a contact person asked to get again ("Påminn mig i morgon") that are due now."""
    query = (
        select(Delivery, Person.display_name, Person.email, Person.language, OrgUnit.name)
        .join(Person, Delivery.person_id == Person.id)
        .outerjoin(OrgUnit, Delivery.org_unit_id == OrgUnit.id)
        .where(
            Delivery.kind == "annual_deadline", Delivery.status == "pending", Delivery.due_at <= at,
            Delivery.key.like("annual:%:snooze:%"),
        )
    )  # fmt: skip
    notices = []
    for row, name, email, language, unit_name in session.execute(query):
        if row.deadline is None:
            continue
        useful_until = datetime.fromisoformat(row.payload["useful_until"])
        if at > useful_until:
            continue
        notices.append(
            Notice(
                key=row.key,
                kind="annual_deadline",
                to=Recipient(row.person_id, name, email, language or "sv"),
                due_at=row.due_at,
                deadline=row.deadline,
                useful_until=useful_until,
                unit_id=row.org_unit_id if unit_name is not None else None,
                unit_name=unit_name,
                payload=dict(row.payload),
            )
        )
    return notices


def _markers(notices: list[Notice]) -> dict[str, str]:
    markers = {n.key: done_key(n.payload["series"]) for n in notices if "series" in n.payload}
    markers.update({n.key: done_key(n.key) for n in notices if n.kind == "mandate_review"})
    return markers


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
    markers = _markers(notices)
    settled = _settled(session, [n.key for n in notices] + list(markers.values()))
    return sorted(
        (n for n in notices if n.key not in settled and markers.get(n.key) not in settled),
        key=lambda n: (n.due_at, n.key),
    )


# How far back a tick looks for changed activities before the last plan: a turn that wrote an activity
# before the last plan but committed after it, or an instance whose clock runs a little behind.
CHANGE_LAG = timedelta(hours=1)


def window(since: datetime | None, at: datetime, settings: Settings) -> Window | None:
    """What a tick at `at` must look at when the last plan was at `since` (None, or `since` after `at`:
    everything). The reminder moments of the days in between, and what changed since shortly before."""
    if since is None or since > at:
        return None
    first = since.astimezone(settings.tz).date()
    if _at(first, settings) <= since:
        first += timedelta(days=1)
    last = at.astimezone(settings.tz).date()
    if _at(last, settings) > at:
        last -= timedelta(days=1)
    return Window(days=(first, last) if first <= last else None, changed_since=since - CHANGE_LAG)


def plan_new(session: Session, at: datetime, settings: Settings, since: datetime | None) -> list[Notice]:
    """What a tick must add to the outbox: the notices due at `at` that the outbox does not hold yet.

    With `since`, the moment of the last plan, the follow-ups are looked for only among the activities
    whose reminder day came since then or that changed since shortly before, so a tick costs what changed,
    not the size of the register. The deadline reminders (one per unit) and the strategy follow-up are
    planned in full every time; a snoozed reminder is already in the outbox."""
    if at.tzinfo is None:
        raise ValueError("plan_new() needs an aware datetime")
    scope = window(since, at, settings)
    notices = (
        annual_notices(session, at, settings)
        + results_notices(session, at, settings, scope)
        + climate_notices(session, at, settings, scope)
        + mandate_notices(session, at, settings)
    )
    markers = _markers(notices)
    stored = _stored(session, [n.key for n in notices] + list(markers.values()))
    return sorted(
        (n for n in notices if n.key not in stored and markers.get(n.key) not in stored),
        key=lambda n: (n.due_at, n.key),
    )


def fingerprint(settings: Settings) -> str:
    """The settings a follow-up's day and usefulness depend on: when one changes, the next tick plans in
    full once, since a notice the old settings put elsewhere may be due now."""
    overrides = sorted((year, day.isoformat()) for year, day in settings.report_deadline_overrides.items())
    return repr((settings.results_followup_days, settings.climate_followup_days, str(settings.reminder_time),
                 str(settings.tz), settings.report_deadline, overrides))  # fmt: skip

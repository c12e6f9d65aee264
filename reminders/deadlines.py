"""Deadline arithmetic: pure functions of dates, no clock, no database.

The annual report covers a calendar year and is due on a month and day of the following year
(`UTBLICK_REPORT_DEADLINE`, e.g. 01-31 → the 2026 report is due 2027-01-31). Reminders that would land on
a weekend or a Swedish holiday move to the previous working day: a reminder on Christmas Eve is read in
January, which is too late for a deadline at the end of January.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

# Public holidays plus the de facto days off (Midsummer Eve, Christmas Eve, New Year's Eve).
_HOLIDAY_CATEGORIES = ("public", "de_facto")

# Sweden elects its municipal councils in September every fourth year; the new term starts 15 October.
FIRST_ELECTION_YEAR = 2022
TERM_YEARS = 4
TERM_START = (10, 15)


@cache
def _swedish_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("SE", years=year, categories=_HOLIDAY_CATEGORIES)


def holiday_name(day: date) -> str | None:
    return _swedish_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Swedish public or de facto holiday."""
    return day.weekday() < 5 and day not in _swedish_holidays(day.year)


def previous_working_day(day: date) -> date:
    """The day itself when it is a working day, otherwise the closest working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def next_working_day(day: date) -> date:
    """The day itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def parse_month_day(month_day: str) -> tuple[int, int]:
    month, day = month_day.split("-")
    return int(month), int(day)


def annual_deadline(reported_year: int, month_day: str, overrides: Mapping[int, date] | None = None) -> date:
    """When the report for `reported_year` is due: an explicit date if one is set for that year, else
    the configured month and day of the next year (29 February becomes the 28th in common years)."""
    if overrides and reported_year in overrides:
        return overrides[reported_year]
    month, day = parse_month_day(month_day)
    year = reported_year + 1
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def next_deadline(today: date, month_day: str, overrides: Mapping[int, date] | None = None) -> tuple[int, date]:
    """(reported year, deadline) of the first report not yet due on `today` (the deadline day included)."""
    for reported in (today.year - 1, today.year):
        due = annual_deadline(reported, month_day, overrides)
        if today <= due:
            return reported, due
    return today.year + 1, annual_deadline(today.year + 1, month_day, overrides)


def reminder_days(deadline: date, offsets: Iterable[int]) -> list[tuple[int, date]]:
    """(offset, day) for each reminder, moved back to a working day, earliest first.

    Two offsets that land on the same working day (7 and 6 days before a deadline after a long weekend)
    keep only the larger offset: one reminder that day is enough.
    """
    chosen: dict[date, int] = {}
    for offset in sorted(set(offsets), reverse=True):
        day = previous_working_day(deadline - timedelta(days=offset))
        chosen.setdefault(day, offset)
    return sorted(((offset, day) for day, offset in chosen.items()), key=lambda pair: pair[1])


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The wall-clock time `at` on `day` in `zone`, as an aware datetime.

    Built from the calendar day, never by adding 24 hours to yesterday's moment, so a reminder at 09:00
    stays at 09:00 across the switch to and from summer time.
    """
    return datetime.combine(day, at, tzinfo=zone)


def term_of_office(today: date) -> tuple[date, date]:
    """(first day, last day) of the municipal term of office (mandatperiod) that `today` falls in."""
    start_year = FIRST_ELECTION_YEAR + ((today.year - FIRST_ELECTION_YEAR) // TERM_YEARS) * TERM_YEARS
    start = date(start_year, *TERM_START)
    if today < start:
        start = date(start_year - TERM_YEARS, *TERM_START)
    end = date(start.year + TERM_YEARS, *TERM_START) - timedelta(days=1)
    return start, end

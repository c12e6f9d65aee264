"""The types the rules build, and the calendar arithmetic they share.

A rule's result has one of a few types. Some are resolved (`Span`: a first and last day with a precision);
some leave a part open for a later rule or the final reading to fill (`PD`: a day whose year or month is
not said yet; `Mon`: a month without a year; `WD`: a weekday without a week), because "12 mars" becomes
another day with "2015" after it, and "onsdag" another with "nästa vecka". Arithmetic on months and years
is python-dateutil's; working days leave out Swedish public holidays from the `holidays` package.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import holidays
from dateutil.relativedelta import relativedelta

from bot.nlu.timegrammar.engine import Context, Tense

Precision = Literal["day", "week", "month", "year"]
# How specific an expression is, for choosing between several in one message: an explicit date before a
# numbered week before a weekday or "igår", before "nästa vecka", before a month, before a year.
Category = Literal["explicit", "week", "relative", "bare_day", "relative_week", "month", "year"]
SPECIFICITY: dict[str, int] = {
    "explicit": 0, "week": 1, "relative": 2, "bare_day": 2, "relative_week": 3, "month": 4, "year": 5,
}  # fmt: skip

FIRST_YEAR, LAST_YEAR = 1900, 2100  # an activity's dates lie in these years; storage and reports hold no other


@dataclass(frozen=True, slots=True)
class Span:
    """Days from `start` to `end`, both inclusive, known to `precision`."""

    start: date
    end: date
    precision: Precision
    category: Category


@dataclass(frozen=True, slots=True)
class PD:
    """A day, perhaps without its year or its month yet. `weekday` is a weekday said with it, which must
    agree; `marked` says the day number was introduced as one ("den 15:e", "the 15th"), so it is a date
    even without a month."""

    year: int | None
    month: int | None
    day: int
    weekday: int | None = None
    category: Category = "explicit"
    marked: bool = False


@dataclass(frozen=True, slots=True)
class PDR:
    """A range between two days whose year (or month) may still be open: "12–14 mars", "30/9–2/10"."""

    first: PD
    last: PD


@dataclass(frozen=True, slots=True)
class DNR:
    """Two day numbers joined as a range, waiting for a month: "4 to 22" (this month), "10:e till 12:e"."""

    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Mon:
    """A month without a year; `marked` when said as a date ("i mars", "in March"), not just a word."""

    month: int
    marked: bool = False
    abbrev: bool = False


@dataclass(frozen=True, slots=True)
class WD:
    """A weekday without a week: "onsdag", "i onsdags", "på onsdag"."""

    day: int
    how: str = "bare"  # bare, i-s ("i onsdags"), on ("on Wednesday"), pa ("på onsdag")


@dataclass(frozen=True, slots=True)
class WDR:
    """A range of weekdays without a week: "ons–fre", "Monday to Wednesday", "i måndags och tisdags"."""

    first: int
    last: int
    how: str = "bare"


@dataclass(frozen=True, slots=True)
class Dur:
    """A length of time; `finest` is its smallest unit ("2 år och 21 dagar": day)."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    finest: str = "day"

    def delta(self) -> relativedelta:
        return relativedelta(years=self.years, months=self.months, weeks=self.weeks, days=self.days)

    def __add__(self, other: Dur) -> Dur:
        order = ("day", "week", "month", "year")
        finest = min(self.finest, other.finest, key=order.index)
        return Dur(
            self.years + other.years,
            self.months + other.months,
            self.weeks + other.weeks,
            self.days + other.days,
            finest,
        )


@dataclass(frozen=True, slots=True)
class Until:
    """ "till 2028", "fram till juni 2027", "until June next year": an end, and the word that said it."""

    target: Span
    word: str


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that looks like a date and cannot be one ("31 februari", "14–12 mars"), or a weekday that
    contradicts the date beside it: the person is asked rather than given a guess."""

    code: Literal["impossible_date", "end_before_start", "contradiction"]


# --- calendar arithmetic --------------------------------------------------------------------------------


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def possible(month: int, day: int) -> bool:
    """A day that exists in some year (29 February does, in 2028)."""
    return 1 <= month <= 12 and make_date(2028, month, day) is not None


def in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_span(first: date, category: Category = "relative_week") -> Span:
    start = monday(first)
    return Span(start, start + timedelta(days=6), "week", category)


def month_span(year: int, month: int, category: Category = "month") -> Span:
    first = date(year, month, 1)
    return Span(first, month_end(first), "month", category)


def year_span(year: int, category: Category = "year") -> Span:
    return Span(date(year, 1, 1), date(year, 12, 31), "year", category)


def quarter_span(year: int, quarter: int) -> Span:
    first = date(year, 3 * quarter - 2, 1)
    return Span(first, month_end(first + relativedelta(months=2)), "month", "month")


def pick(options: Sequence[date], today: date, tense: Tense, last_day: Callable[[date], date] = lambda d: d) -> date:
    """Of several occurrences, the one the tense points to, else the nearest to today (of two as near, the
    coming one). Staff log what they did as well as what they plan, so a date without a year or a tense is
    the nearest occurrence, not always the next one (see docs/dates.md)."""
    if tense == "past":
        past = [d for d in options if d <= today]
        if past:
            return max(past)
    if tense == "future":
        future = [d for d in options if last_day(d) >= today]
        if future:
            return min(future)
    return min(options, key=lambda d: (min(abs((d - today).days), abs((last_day(d) - today).days)), d < today))


def two_digit_year(yy: int, today: date) -> int:
    """ "74" is 1974 and "15" is 2015: the century that puts the year at most 20 years ahead of today."""
    year = 2000 + yy
    return year if year <= today.year + 20 else 1900 + yy


def resolve_pd(pd: PD, context: Context) -> date | Problem | None:
    """The day a PD means: a missing year from the tense or the nearest occurrence, a missing month from the
    months around today; a weekday said with it chooses among those, and contradicts a date that has none."""
    today, tense = context.today, context.tense
    if pd.year is not None and pd.month is not None:
        day = make_date(pd.year, pd.month, pd.day)
        if day is None:
            return Problem("impossible_date")
        return day  # a weekday beside a full date is not checked: the date is what was written out
    if pd.month is not None:
        if not possible(pd.month, pd.day):
            return Problem("impossible_date")
        options = [d for y in (today.year - 1, today.year, today.year + 1) if (d := make_date(y, pd.month, pd.day))]
    else:
        months = [today.replace(day=1) + relativedelta(months=k) for k in (-1, 0, 1)]
        options = [d for m in months if (d := make_date(m.year, m.month, pd.day))]
    if pd.weekday is not None:
        options = [d for d in options if d.weekday() == pd.weekday]
        if not options:
            return Problem("contradiction")
    if not options:
        return Problem("impossible_date")
    return pick(options, today, tense)


@lru_cache(maxsize=16)
def _swedish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("SE", years=year))


def add_working_days(start: date, count: int) -> date:
    """`count` working days after `start` (negative: before), skipping weekends and Swedish public holidays."""
    day, step, left = start, (1 if count >= 0 else -1), abs(count)
    while left:
        day += timedelta(days=step)
        if day.weekday() < 5 and day not in _swedish_holidays(day.year):
            left -= 1
    return day

"""Which activities belong to a report year, and when within it they happened.

The rule, the same in the database query (`reports.query`) and here:

- An activity belongs to every calendar year its dates overlap: a conference from 29 December to
  2 January is in both years' reports. With only one of the two dates, it lasted that one day.
- An EU or international project with a start date, no end date and a status other than finished or
  rejected is under way until someone records an end: it belongs to every year from its start on. The
  strategy asks for "ongoing and, during the year, finished" projects, and an open project is ongoing.
  A finished project without an end date counts in its start year only, since nothing says when it ended.
- An activity with no dates at all belongs to the year it was logged, and the report lists it under
  what is missing, so the contact person can add the date.
"""

from __future__ import annotations

from datetime import date

from storage.vocab import PROJECT_KINDS

# Statuses after which a project without an end date is no longer taken to be under way.
CLOSED_STATUSES = frozenset({"finished", "rejected"})
OPEN_KINDS = PROJECT_KINDS - {"application"}

# The earliest year a report can be asked for; anything before predates the strategy by decades.
FIRST_YEAR = 2000


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def is_open_ended(kind: str, start: date | None, end: date | None, status: str | None) -> bool:
    """A project that has started and has no recorded end, nor a status that says it is over."""
    return kind in OPEN_KINDS and start is not None and end is None and status not in CLOSED_STATUSES


def span(
    kind: str,
    start: date | None,
    end: date | None,
    status: str | None,
    logged_on: date | None,
    *,
    open_until: date,
) -> tuple[date, date] | None:
    """First and last day of an activity; an open-ended project lasts until `open_until`.

    None when there is nothing to go by (no dates and no logging date). A last day before the first
    (a typing mistake) is read as the one day of the first.
    """
    if is_open_ended(kind, start, end, status):
        assert start is not None
        return start, max(start, open_until)
    first = start or end
    last = end or start
    if first is None or last is None:
        return (logged_on, logged_on) if logged_on else None
    return first, max(first, last)


def in_year(
    year: int, kind: str, start: date | None, end: date | None, status: str | None, logged_on: date | None
) -> bool:
    """Whether an activity belongs to the report for `year` (the rule in this module's docstring)."""
    jan1, dec31 = year_bounds(year)
    days = span(kind, start, end, status, logged_on, open_until=dec31)
    return days is not None and days[0] <= dec31 and days[1] >= jan1


def months_in_year(year: int, first: date, last: date) -> range:
    """The months (1–12) of `year` that the days from `first` to `last` touch; empty if none."""
    jan1, dec31 = year_bounds(year)
    if last < jan1 or first > dec31:
        return range(0)
    start_month = first.month if first >= jan1 else 1
    end_month = last.month if last <= dec31 else 12
    return range(start_month, end_month + 1)


def valid_year(year: int, today: date) -> bool:
    """A year a report can be asked for: from 2000 to next year (plans for next year are logged early)."""
    return FIRST_YEAR <= year <= today.year + 1

"""Which activities a year's report holds, and how their dates read."""

from __future__ import annotations

from datetime import date

import pytest

from reports.period import in_year, months_in_year, valid_year
from reports.text import format_period


@pytest.mark.parametrize(
    ("kind", "start", "end", "status", "years"),
    [
        # A conference over New Year belongs to both years.
        ("conference", date(2025, 12, 29), date(2026, 1, 2), "finished", {2025, 2026}),
        # One date means one day.
        ("conference", date(2026, 3, 12), None, None, {2026}),
        ("conference", None, date(2026, 3, 12), None, {2026}),
        # A project overlapping the year is ongoing in it, even when it started years before.
        ("eu_project", date(2024, 9, 1), date(2027, 8, 31), "ongoing", {2024, 2025, 2026, 2027}),
        # An open project runs until someone records its end …
        ("international_project", date(2025, 2, 1), None, "ongoing", {2025, 2026, 2027, 2028}),
        # … unless its status says it is over: then only its start year.
        ("international_project", date(2025, 2, 1), None, "finished", {2025}),
        # An application belongs to the year it was sent, open or not.
        ("application", date(2026, 10, 2), None, "applied", {2026}),
        # A last day before the first is a typing mistake: the first day counts.
        ("meeting", date(2026, 5, 5), date(2026, 5, 1), None, {2026}),
    ],
)
def test_the_year_rule(kind: str, start: date | None, end: date | None, status: str | None, years: set[int]) -> None:
    found = {year for year in range(2023, 2029) if in_year(year, kind, start, end, status, logged_on=None)}
    assert found == years


def test_an_undated_activity_belongs_to_the_year_it_was_logged() -> None:
    assert in_year(2026, "other", None, None, None, logged_on=date(2026, 6, 10))
    assert not in_year(2025, "other", None, None, None, logged_on=date(2026, 6, 10))
    assert not in_year(2026, "other", None, None, None, logged_on=None)


def test_months_are_clipped_to_the_year() -> None:
    assert list(months_in_year(2026, date(2025, 12, 29), date(2026, 1, 2))) == [1]
    assert list(months_in_year(2026, date(2026, 3, 30), date(2026, 4, 2))) == [3, 4]
    assert list(months_in_year(2026, date(2024, 1, 1), date(2030, 1, 1))) == list(range(1, 13))
    assert list(months_in_year(2026, date(2027, 1, 1), date(2027, 2, 1))) == []


def test_years_that_can_be_asked_for() -> None:
    today = date(2026, 11, 26)
    assert valid_year(2026, today) and valid_year(2027, today) and valid_year(2000, today)
    assert not valid_year(2028, today) and not valid_year(1999, today)


@pytest.mark.parametrize(
    ("first", "last", "swedish", "english"),
    [
        (date(2026, 3, 12), date(2026, 3, 14), "12–14 mars 2026", "12–14 March 2026"),
        (date(2026, 3, 30), date(2026, 4, 2), "30 mars–2 april 2026", "30 March–2 April 2026"),
        (date(2025, 12, 29), date(2026, 1, 2), "29 december 2025–2 januari 2026", "29 December 2025–2 January 2026"),
        (date(2026, 5, 20), date(2026, 5, 20), "20 maj 2026", "20 May 2026"),
        (date(2026, 5, 20), None, "20 maj 2026", "20 May 2026"),
        (None, None, "–", "–"),
    ],
)
def test_periods_read_as_each_language_writes_them(
    first: date | None, last: date | None, swedish: str, english: str
) -> None:
    assert format_period(first, last, "sv") == swedish
    assert format_period(first, last, "en") == english

"""Deadline arithmetic around the dates where it usually goes wrong: year ends, holidays, summer time."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from reminders.deadlines import (
    annual_deadline,
    is_working_day,
    local_moment,
    next_deadline,
    previous_working_day,
    reminder_days,
    term_of_office,
)


def test_the_report_for_a_year_is_due_in_the_next_year() -> None:
    assert annual_deadline(2026, "01-31") == date(2027, 1, 31)
    assert annual_deadline(2026, "02-29") == date(2027, 2, 28)
    assert annual_deadline(2027, "02-29") == date(2028, 2, 29)
    assert annual_deadline(2026, "01-31", {2026: date(2027, 2, 15)}) == date(2027, 2, 15)


def test_next_deadline_turns_over_the_day_after_the_deadline() -> None:
    assert next_deadline(date(2026, 11, 26), "01-31") == (2026, date(2027, 1, 31))
    assert next_deadline(date(2027, 1, 31), "01-31") == (2026, date(2027, 1, 31))
    assert next_deadline(date(2027, 2, 1), "01-31") == (2027, date(2028, 1, 31))
    assert next_deadline(date(2026, 1, 10), "01-31") == (2025, date(2026, 1, 31))


def test_weekends_and_swedish_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2026, 11, 26))  # a Thursday
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 12, 24))  # Christmas Eve, de facto
    assert not is_working_day(date(2026, 12, 31))  # New Year's Eve
    assert not is_working_day(date(2027, 1, 6))  # Epiphany
    assert not is_working_day(date(2026, 6, 19))  # Midsummer Eve
    assert previous_working_day(date(2026, 12, 26)) == date(2026, 12, 23)
    assert previous_working_day(date(2027, 1, 1)) == date(2026, 12, 30)


def test_reminders_move_back_to_working_days_around_christmas_and_new_year() -> None:
    deadline = date(2027, 1, 31)  # a Sunday
    assert reminder_days(deadline, (30, 14, 7, 1)) == [
        (30, date(2026, 12, 30)),  # 1 January → New Year's Eve is off too → 30 December
        (14, date(2027, 1, 15)),  # 17 January is a Sunday → Friday 15th
        (7, date(2027, 1, 22)),  # Sunday 24th → Friday 22nd
        (1, date(2027, 1, 29)),  # Saturday 30th → Friday 29th
    ]


def test_two_offsets_on_the_same_working_day_become_one_reminder() -> None:
    assert reminder_days(date(2027, 1, 4), (2, 3)) == [(3, date(2026, 12, 30))]


def test_reminder_time_stays_on_the_wall_clock_across_summer_time() -> None:
    zone = ZoneInfo("Europe/Stockholm")
    before = local_moment(date(2027, 3, 27), time(9, 0), zone)
    after = local_moment(date(2027, 3, 29), time(9, 0), zone)
    assert (before.hour, after.hour) == (9, 9)
    assert before.utcoffset() != after.utcoffset()


def test_term_of_office_starts_in_october_after_the_election() -> None:
    assert term_of_office(date(2026, 11, 26)) == (date(2026, 10, 15), date(2030, 10, 14))
    assert term_of_office(date(2026, 10, 14)) == (date(2022, 10, 15), date(2026, 10, 14))
    assert term_of_office(date(2031, 1, 1)) == (date(2030, 10, 15), date(2034, 10, 14))

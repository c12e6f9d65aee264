"""What is due, and when, with a clock the test controls (deadline 31 January, reminders 30/14/7/1 days)."""

from __future__ import annotations

import logging
from datetime import date, datetime

import pytest

from bot.config import Settings
from reminders import outbox
from reminders.planner import done_key, plan
from storage.db import Database
from storage.models import Activity
from tests.reminders.conftest import STOCKHOLM, at


def keys(database: Database, settings: Settings, moment: str) -> list[str]:
    with database.session_scope() as session:
        return [n.key for n in plan(session, at(moment), settings)]


def annual(database: Database, settings: Settings, moment: str) -> list[str]:
    return [k for k in keys(database, settings, moment) if k.startswith("annual:")]


def test_the_first_reminder_comes_on_the_working_day_before_new_years_eve(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    # 30 days before 31 January is 1 January (a holiday); 31 December is de facto off: 30 December it is.
    k, t = municipality["kultur"], municipality["teknik"]
    assert annual(database, reminder_settings, "2026-12-30 08:59") == []
    assert annual(database, reminder_settings, "2026-12-30 09:00") == [f"annual:{k}:2026:30", f"annual:{t}:2026:30"]


def test_each_offset_moves_off_weekends(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    k = municipality["kultur"]
    assert f"annual:{k}:2026:14" in annual(database, reminder_settings, "2027-01-15 09:00")  # 17th is a Sunday
    assert f"annual:{k}:2026:7" in annual(database, reminder_settings, "2027-01-22 09:00")  # 24th is a Sunday
    assert f"annual:{k}:2026:1" in annual(database, reminder_settings, "2027-01-29 09:00")  # 30th is a Saturday


def test_after_downtime_only_the_latest_reminder_is_caught_up(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    k = municipality["kultur"]
    due = annual(database, reminder_settings, "2027-01-25 14:00")
    assert [key for key in due if key.startswith(f"annual:{k}:")] == [f"annual:{k}:2026:7"]


def test_nothing_is_sent_once_the_deadline_has_passed(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    assert annual(database, reminder_settings, "2027-02-01 09:00") == []


def test_a_deadline_set_for_a_specific_year(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    settings = reminder_settings.model_copy(update={"report_deadline_overrides": {2026: date(2027, 2, 15)}})
    k = municipality["kultur"]
    assert annual(database, settings, "2027-01-15 09:00") == [
        f"annual:{k}:2026:30",
        f"annual:{municipality['teknik']}:2026:30",
    ]
    assert f"annual:{k}:2026:1" in annual(database, settings, "2027-02-12 09:00")  # the 14th is a Sunday


def test_done_stops_the_units_reminders_for_the_year(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    k, t = municipality["kultur"], municipality["teknik"]
    with database.session_scope() as session:
        outbox.mark(session, done_key(f"annual:{k}:2026"), "state", "done", at("2027-01-10 10:00"))
    assert annual(database, reminder_settings, "2027-01-15 09:00") == [f"annual:{t}:2026:14"]


def test_results_are_asked_for_three_days_after_the_activity_ended(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    brussels = municipality["brussels"]
    # Ended 20 November, logged the 21st: asked on the 24th at 09:00. Ghent already has results.
    assert f"results:{brussels}" not in keys(database, reminder_settings, "2026-11-24 08:59")
    due = keys(database, reminder_settings, "2026-11-24 09:00")
    assert f"results:{brussels}" in due
    assert f"results:{municipality['ghent']}" not in due


def test_an_unanswered_flight_is_asked_about_once_a_week_after(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    brussels = municipality["brussels"]
    assert f"climate:{brussels}" not in keys(database, reminder_settings, "2026-11-27 09:00")
    assert f"climate:{brussels}" in keys(database, reminder_settings, "2026-11-28 09:00")


def test_the_strategy_owner_is_reminded_a_year_before_the_term_ends(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    # The term 2026–2030 ends 14 October 2030; a year before is Sunday 14 October 2029 → Friday 12th.
    assert "mandate:2026" not in keys(database, reminder_settings, "2029-10-11 09:00")
    with database.session_scope() as session:
        [notice] = [n for n in plan(session, at("2029-10-12 09:00"), reminder_settings) if n.kind == "mandate_review"]
        assert notice.contract()["to"] == {"name": "Karin Holm", "email": "karin.holm@vaxjo.se"}
        assert notice.contract()["deadline"] == "2030-10-14"
        outbox.mark(session, done_key("mandate:2026"), "state", "done", at("2029-10-12 10:00"))
    assert "mandate:2026" not in keys(database, reminder_settings, "2029-10-15 09:00")


def test_a_sent_notice_is_not_planned_again(
    database: Database, reminder_settings: Settings, municipality: dict[str, int]
) -> None:
    with database.session_scope() as session:
        notices = plan(session, at("2026-11-24 09:00"), reminder_settings)
        outbox.enqueue(session, notices)
        for row_id in outbox.claimable(session, at("2026-11-24 09:00")):
            outbox.sent(session, row_id, at("2026-11-24 09:00"))
    assert keys(database, reminder_settings, "2026-11-24 10:00") == []


def test_a_row_dated_9999_is_skipped_and_logged_and_everyone_else_is_planned(
    database: Database, reminder_settings: Settings, municipality: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    with database.session_scope() as session:
        session.add(
            Activity(
                kind="conference",
                title="Konferens i Bryssel",
                start_date=date(9999, 12, 30),
                end_date=date(9999, 12, 31),
                travel_mode="flight",
                climate_compensated="unknown",
                status="planned",
                logged_by_id=municipality["erik"],
                org_unit_id=municipality["kultur"],
                created_at=datetime(2026, 11, 4, tzinfo=STOCKHOLM),
            )  # fmt: skip
        )
    with caplog.at_level(logging.WARNING):
        due = keys(database, reminder_settings, "2027-01-15 09:00")
    assert f"annual:{municipality['kultur']}:2026:14" in due
    assert f"climate:{municipality['brussels']}" in due
    assert "skipped by the" in caplog.text and "OverflowError" in caplog.text

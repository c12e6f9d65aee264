"""`ActivityFacts`: one typed shape, one JSON codec for the dialogue row, one mapping to the stored row."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import text

from storage.db import Database
from storage.facts import ActivityFacts, participants_from_text
from storage.models import Activity
from storage.vocab import Answer, DatePrecision, Kind, Status, TravelMode


def test_the_dialogue_row_gives_back_the_same_typed_facts() -> None:
    facts = ActivityFacts(
        kind=Kind.NETWORK_MEETING, title="Eurocities", start_date=date(2026, 11, 1), end_date=date(2026, 11, 30),
        date_precision=DatePrecision.MONTH, city="Riga", country="LV", travel_mode=TravelMode.FLIGHT,
        climate_compensated=Answer.YES, participants=6, project_name="Baltic Green", status=Status.FINISHED,
    )  # fmt: skip
    row = facts.to_json()
    assert row["start_date"] == "2026-11-01" and row["kind"] == "network_meeting" and row["participants"] == 6
    back = ActivityFacts.from_json(row)
    assert back == facts
    assert isinstance(back.kind, Kind) and isinstance(back.start_date, date)


def test_a_dialogue_saved_by_an_earlier_version_is_read_and_what_no_longer_fits_is_dropped() -> None:
    old = {"kind": "conference", "start_date": "2026-03-12", "end_date": None, "city": "Bryssel",
           "travel_mode": "rocket", "status": "finished", "slot_nobody_knows": 1, "participants": "sex"}  # fmt: skip
    facts = ActivityFacts.from_json(old)
    assert (facts.kind, facts.start_date, facts.city, facts.status) == (
        "conference",
        date(2026, 3, 12),
        "Bryssel",
        "finished",
    )
    assert facts.travel_mode is None and facts.participants is None


def test_the_stored_activity_and_the_facts_map_both_ways() -> None:
    facts = ActivityFacts(kind=Kind.APPLICATION, title="Ansökan", start_date=date(2027, 1, 1),
                          date_precision=DatePrecision.YEAR, cofunding_considered=Answer.NO, participants=3)  # fmt: skip
    activity = Activity()
    facts.apply_to(activity)
    assert (activity.date_precision, activity.participants, activity.climate_compensated) == ("year", 3, "unknown")
    back = ActivityFacts.from_activity(activity)
    assert back.date_precision == DatePrecision.YEAR and back.cofunding_considered == Answer.NO
    assert back.climate_compensated == Answer.UNKNOWN


def test_participants_written_as_text_are_counted() -> None:
    assert participants_from_text("4") == 4
    assert participants_from_text("24 elever, 3 lärare") == 27
    assert participants_from_text("Anna och Bo") is None


def test_the_migration_keeps_participants_written_as_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    config = database._alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007_verified_answers")
    with database.engine.begin() as connection:
        for number, (participants, description) in enumerate([("6 gäster", None), ("Anna och Bo", "Besök")], 1):
            connection.execute(
                text("INSERT INTO activities (id, kind, title, participants, description, climate_compensated, source, "
                     "created_at, updated_at) VALUES (:id, 'meeting', 'Möte', :p, :d, 'unknown', 'chat', CURRENT_TIMESTAMP, "
                     "CURRENT_TIMESTAMP)"),
                {"id": number, "p": participants, "d": description},
            )  # fmt: skip
    database.upgrade()
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT participants, description FROM activities ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(6, None), (None, "Besök\nDeltagare: Anna och Bo")]

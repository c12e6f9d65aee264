"""A date no calendar can count from (9999-12-31, or 2062 typed for 2026) never stops anything: it is
refused where it comes in (chat, form, import), and one that is already in the database is skipped by the
reminder planner, logged, and named by `utblick doctor`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.config import Settings
from bot.doctor import run_checks
from bot.i18n import Translator
from bot.messages import Message
from bot.platforms.console import CHANNEL
from storage.db import Database
from storage.models import Activity, OrgUnit, Person
from tests.reminders.conftest import STOCKHOLM
from tests.support import Conversation

HEADER = ("kind,title,start_date,end_date,city,country,travel_mode,climate_compensated,programme,project_name,"
          "status,participants,results,unit,logged_by\n")  # fmt: skip


def far_future_flight(database: Database, logged_by: int, unit: int) -> None:
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
                logged_by_id=logged_by,
                org_unit_id=unit,
                created_at=datetime(2026, 11, 4, tzinfo=STOCKHOLM),
            )  # fmt: skip
        )


def test_reminders_plan_runs_with_a_9999_activity_in_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    database = Database(url)
    database.upgrade()
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.se")
        session.add(anna)
        session.flush()
        unit = OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", aliases=[],
                       contact_person_id=anna.id)  # fmt: skip
        session.add(unit)
        session.flush()
        ids = anna.id, unit.id
    far_future_flight(database, *ids)
    assert main(["reminders", "plan", "--at", "2027-01-15T09:00"]) == 0
    assert "annual_deadline" in capsys.readouterr().out


def test_the_doctor_names_activities_dated_outside_the_window(settings: Settings, database: Database) -> None:
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg")
        unit = OrgUnit(name="TF", kind="forvaltning", aliases=[])
        session.add_all([anna, unit])
        session.flush()
        ids = anna.id, unit.id
    lines = [c.line(Translator("sv")) for c in run_checks(settings, Translator("sv"), database=database)]
    assert "✓ Aktiviteternas datum: alla inom 1990–" in "\n".join(lines)
    far_future_flight(database, *ids)
    lines = [c.line(Translator("sv")) for c in run_checks(settings, Translator("sv"), database=database)]
    [dates] = [line for line in lines if "Aktiviteternas datum" in line]
    assert dates.startswith("! Aktiviteternas datum: de här aktiviteterna har datum utanför")
    assert "id 1" in dates and "importera den igen" in dates


def test_the_import_refuses_a_date_outside_the_window_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    bad = tmp_path / "far.csv"
    bad.write_text(HEADER + "conference,Konferens i Bryssel,2026-03-12,9999-12-31,Bryssel,BE,flight,,,,,,,,\n"
                   + "meeting,Möte i Riga,1989-12-31,,Riga,LV,,,,,,,,,\n", encoding="utf-8")  # fmt: skip
    assert main(["activities", "import", str(bad)]) != 0
    err = capsys.readouterr().err
    assert "rad 2, end_date: ”9999-12-31” ligger utanför vad registret tar emot" in err
    assert "rad 3, start_date: ”1989-12-31” ligger utanför" in err
    database = Database(url)
    with database.session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == 0


def test_in_chat_a_date_far_ahead_is_asked_again_and_not_stored(chat: Conversation, database: Database) -> None:
    said = chat.say("Konferens i Bryssel 2099-03-12, flög dit")
    assert "”2099-03-12” ligger utanför vad jag kan registrera" in said
    assert "Vilket datum menade du?" in said
    said = chat.say("12 mars 2027")
    assert "12 mars 2027" in said
    assert "Bryssel" in said


def test_a_form_with_a_date_in_year_9999_comes_back_with_the_error_under_the_date(
    chat: Conversation, database: Database
) -> None:
    form = {"kind": "conference", "title": "Konferens i Bryssel", "start_date": "2026-03-12",
            "end_date": "9999-12-31", "city": "Bryssel", "travel_mode": "train"}  # fmt: skip
    message = Message(sender=chat.adapter.sender, channel=CHANNEL, action="log_activity:submit", data=form)
    replies = chat.adapter.engine.handle(message)
    assert replies[0].form is not None
    assert replies[0].form_errors == {"end_date": "Datumet måste ligga mellan 1990 och tio år framåt."}
    assert {i.name: i.value for i in replies[0].form.inputs}["city"] == "Bryssel"
    with database.session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == 0

"""Free text older than the retention period goes; the activities the annual report needs stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.config import Settings
from storage import audit, questions, retention
from storage.db import Database
from storage.models import Activity, AskedQuestion, AuditEntry, Delivery, Dialogue, Person, ProcessedEvent

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=3 * 365 + 10)  # a little more than three years ago
RECENT = NOW - timedelta(days=400)


def fill(session: Session) -> None:
    anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.example")
    session.add(anna)
    session.flush()
    for when, title in ((OLD, "Gammal konferens"), (RECENT, "Ny konferens")):
        session.add(Activity(kind="conference", title=title, logged_by=anna, original_message=f"Jag var på {title}",
                             created_at=when, results="Nya kontakter"))  # fmt: skip
        questions.record(session, person=anna, channel="D1", question=f"Fråga från {when.year}", language="sv",
                         answered=True, kind="strategy", score=1.0, sections=[], now=when)  # fmt: skip
        session.add(
            Delivery(key=f"k{when.year}", kind="annual_deadline", person_id=anna.id, due_at=when, status="sent")
        )
        audit.record(session, "admin_granted", details={"who": "Erik"}, now=when)
    session.add(Delivery(key="waiting", kind="annual_deadline", person_id=anna.id, due_at=OLD, status="pending"))
    session.add(Dialogue(person_id=anna.id, channel="old", handler="log_activity", updated_at=NOW - timedelta(days=40)))
    session.add(Dialogue(person_id=anna.id, channel="new", handler="log_activity", updated_at=NOW - timedelta(hours=2)))
    session.add(ProcessedEvent(platform="slack", event_id="Ev1", received_at=NOW - timedelta(days=2)))
    session.add(ProcessedEvent(platform="slack", event_id="Ev2", received_at=NOW - timedelta(minutes=5)))


def test_prune_removes_old_text_and_keeps_the_activities(database: Database, settings: Settings) -> None:
    with database.session_scope() as session:
        fill(session)
    with database.session_scope() as session:
        summary = retention.prune(
            session, NOW, years=settings.retention_years, dialogue_timeout_hours=settings.dialogue_timeout_hours
        )
    assert (summary.messages, summary.questions, summary.deliveries, summary.audit) == (1, 1, 1, 1)
    assert (summary.dialogues, summary.events) == (1, 1)
    with database.session_scope() as session:
        kept = {a.title: a.original_message for a in session.scalars(select(Activity))}
        assert kept == {"Gammal konferens": None, "Ny konferens": "Jag var på Ny konferens"}
        assert [q.question for q in session.scalars(select(AskedQuestion))] == [f"Fråga från {RECENT.year}"]
        assert sorted(d.key for d in session.scalars(select(Delivery))) == [f"k{RECENT.year}", "waiting"]
        assert [d.channel for d in session.scalars(select(Dialogue))] == ["new"]
        assert [e.event_id for e in session.scalars(select(ProcessedEvent))] == ["Ev2"]
        pruned = session.scalars(select(AuditEntry).where(AuditEntry.action == "pruned")).one()
        assert pruned.details["questions"] == 1 and pruned.actor == "retention"
    with database.session_scope() as session:  # a second run the same day finds nothing more
        assert (
            retention.prune(
                session, NOW, years=settings.retention_years, dialogue_timeout_hours=settings.dialogue_timeout_hours
            ).total
            == 0
        )


def test_a_longer_retention_keeps_more(database: Database, settings: Settings) -> None:
    with database.session_scope() as session:
        fill(session)
    with database.session_scope() as session:
        summary = retention.prune(session, NOW, years=5, dialogue_timeout_hours=settings.dialogue_timeout_hours)
    assert (summary.messages, summary.questions) == (0, 0)


def test_db_prune_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'prune.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    database = Database(url)
    database.upgrade()
    moment = datetime.now(UTC) - timedelta(days=4 * 365)
    with database.session_scope() as session:
        session.add(Activity(kind="meeting", title="Möte", original_message="hemligt", created_at=moment))
    assert main(["db", "prune", "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "Skulle rensas: text äldre än 3 år" in said and "Inget är borttaget" in said
    with database.session_scope() as session:
        assert session.scalar(select(func.count()).where(Activity.original_message.is_not(None))) == 1
    assert main(["db", "prune"]) == 0
    assert "Rensat: text äldre än 3 år" in capsys.readouterr().out
    with database.session_scope() as session:
        assert session.scalar(select(func.count()).where(Activity.original_message.is_not(None))) == 0


def test_the_retention_setting_is_checked(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("UTBLICK_RETENTION_YEARS", "tre")
    assert main(["db", "prune"]) != 0
    assert "UTBLICK_RETENTION_YEARS: 'tre' is not a whole number of years" in capsys.readouterr().err

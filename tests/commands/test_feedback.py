"""`utblick feedback` shows the operator which questions failed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from storage import questions
from storage.db import Database
from storage.models import Person
from tests.support import recorded_question


@pytest.fixture
def filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    database = Database(url)
    database.upgrade()
    moment = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.se")
        session.add(anna)
        session.flush()
        common = {"person": anna, "channel": "D1", "language": "sv", "now": moment}
        good = recorded_question(
            session,
            question="Vem följer upp strategin?",
            answered=True,
            kind="strategy",
            score=1.0,
            sections=["Uppföljning av strategin"],
            **common,
        )
        questions.set_feedback(good, "up", moment)
        bad = recorded_question(
            session,
            question="Vilka vänorter har Växjö?",
            answered=False,
            kind="refused",
            score=0.0,
            sections=[],
            **common,
        )
        questions.mark_forwarded(bad, "eva.ek@vaxjo.se", moment)
        worse = recorded_question(
            session,
            question="Ska vi söka EU-medel?",
            answered=True,
            kind="strategy",
            score=0.7,
            sections=["Inledning"],
            **common,
        )
        questions.set_feedback(worse, "down", moment)
    database.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return url


def test_feedback_lists_thumbs_newest_first(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2 frågor med återkoppling")
    assert "👎" in out[1] and "Anna Berg: Ska vi söka EU-medel?" in out[1]
    assert "👍" in out[3] and "Vem följer upp strategin?" in out[3]


def test_unanswered_and_forwarded_questions_can_be_listed(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "--which", "forwarded"]) == 0
    out = capsys.readouterr().out
    assert "Vilka vänorter har Växjö?" in out and "↪" in out and "obesvarad" in out
    assert main(["feedback", "--which", "unanswered", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["question"], r["forwarded_to"], r["email"]) for r in rows] == [
        ("Vilka vänorter har Växjö?", "eva.ek@vaxjo.se", "anna.berg@vaxjo.se")
    ]


def test_an_empty_list_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["feedback", "--which", "down"]) == 0
    assert capsys.readouterr().out.strip() == "Inga svar har fått 👎."

"""`utblick answers`: an administrator lists, edits, retires, reviews and exports verified answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import DEFAULT_STRATEGY_FILE
from storage import verified_answers
from storage.db import Database
from storage.models import Person
from tests.support import recorded_question


@pytest.fixture
def answered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    database = Database(url)
    database.upgrade()
    moment = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.se")
        sara = Person(display_name="Sara Lund", email="sara.lund@vaxjo.se")
        session.add_all([anna, sara])
        session.flush()
        asked = recorded_question(
            session, person=anna, channel="D1", question="Vilka nätverk är Växjö med i?", language="sv",
            answered=False, kind="partial", score=1.0, sections=[], now=moment,
        )  # fmt: skip
        verified_answers.create(
            session, question=asked, text=asked.question, language="sv", concepts=["networks", "membership"],
            answer="Eurocities och Energy Cities.", section="Inledning", quote="Kommunen är med i flera …",
            by=sara, now=moment, strategy=verified_answers.fingerprint(DEFAULT_STRATEGY_FILE),
        )  # fmt: skip
    database.dispose()
    monkeypatch.setenv("UTBLICK_DATABASE_URL", url)
    monkeypatch.setenv("UTBLICK_LANGUAGE", "sv")
    return url


def test_an_administrator_lists_edits_retires_and_exports(answered: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["answers", "list"]) == 0
    out = capsys.readouterr().out
    assert "1 verifierade svar:" in out
    assert (
        "1. ”Vilka nätverk är Växjö med i?” → Eurocities och Energy Cities. (Sara Lund, 26 november 2026; gäller)"
        in out
    )

    assert main(["answers", "--by", "Karin Holm", "edit", "1", "Eurocities,", "Energy", "Cities", "och", "ICLEI."]) == 0
    assert "Verifierat svar 1 är ändrat." in capsys.readouterr().out
    assert main(["answers", "show", "1"]) == 0
    shown = capsys.readouterr().out
    assert "Eurocities, Energy Cities och ICLEI." in shown
    assert "[Inledning]" in shown

    assert main(["answers", "--by", "Karin Holm", "retire", "1"]) == 0
    assert main(["answers", "list"]) == 0
    assert "Det finns inga verifierade svar än." in capsys.readouterr().out.splitlines()[-1]

    assert main(["answers", "export"]) == 0
    [exported] = json.loads(capsys.readouterr().out)
    assert exported["answer"] == "Eurocities, Energy Cities och ICLEI."
    assert exported["answered_by"] == "Sara Lund"
    assert exported["updated_by"] == "Karin Holm"
    assert exported["status"] == "retired"
    assert exported["concepts"] == ["membership", "networks"]

    assert main(["answers", "export", "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert csv_out.splitlines()[0].startswith("id,question,language,concepts,answer")
    assert "membership networks" in csv_out


def test_a_changed_strategy_sends_answers_to_review_until_confirmed(
    answered: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    revised = tmp_path / "strategi.md"
    revised.write_text(DEFAULT_STRATEGY_FILE.read_text("utf-8") + "\nEn ny mening.\n", "utf-8")
    monkeypatch.setenv("UTBLICK_STRATEGY_FILE", str(revised))
    assert main(["answers", "review"]) == 0
    assert "väntar på granskning: strategin har ändrats" in capsys.readouterr().out
    assert main(["answers", "confirm", "1"]) == 0
    assert "bekräftat" in capsys.readouterr().out
    assert main(["answers", "review"]) == 0
    assert "Det finns inga verifierade svar än." in capsys.readouterr().out


def test_an_unknown_answer_is_an_error(answered: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["answers", "retire", "99"]) == 1
    assert "Jag hittar inget verifierat svar 99." in capsys.readouterr().err

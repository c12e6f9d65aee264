"""`utblick audit` tells an operator who changed what, and when, in their language."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from storage import audit
from storage.db import Database
from storage.models import OrgUnit, Person


@pytest.fixture
def logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    database = Database(url)
    database.upgrade()
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.example", is_admin=True)
        erik = Person(display_name="Erik Lind")
        tf = OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", aliases=[])
        session.add_all([anna, erik, tf])
        session.flush()
        audit.record(session, "contact_set", actor=anna, subject=erik, unit=tf, now=datetime(2026, 3, 2, 8, 5, tzinfo=UTC),
                     details={"unit": tf.name, "who": "Erik Lind", "previous": None})  # fmt: skip
        audit.record(session, "admin_granted", actor=anna, subject=erik, details={"who": "Erik Lind"},
                     now=datetime(2026, 5, 4, 12, 0, tzinfo=UTC))  # fmt: skip
    return database


def test_the_log_reads_as_sentences_with_local_times(logged: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "2026-03-02 09:05  Anna Berg <anna.berg@vaxjo.example>: satte Erik Lind som kontaktperson för Tekniska förvaltningen (tidigare: –)",
        "2026-05-04 14:00  Anna Berg <anna.berg@vaxjo.example>: gjorde Erik Lind till administratör",
    ]


def test_since_json_and_english(
    logged: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "--since", "2026-04-01", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["action"], r["details"]["who"]) for r in rows] == [("admin_granted", "Erik Lind")]
    monkeypatch.setenv("UTBLICK_LANGUAGE", "en")
    main(["audit", "--limit", "1"])
    assert capsys.readouterr().out.endswith("made Erik Lind an administrator\n")
    assert main(["audit", "--since", "igår"]) != 0
    assert "is not a date" in capsys.readouterr().err


def test_an_erased_person_is_no_longer_named(logged: Database, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import select

    from storage.personal_data import erase

    with logged.session_scope() as session:
        erase(session, session.scalars(select(Person).where(Person.display_name == "Erik Lind")).one())
    main(["audit"])
    out = capsys.readouterr().out
    assert "Erik" not in out
    assert "gjorde (raderad person) till administratör" in out
    assert "(raderad person): lät radera sina uppgifter; 0 aktiviteter finns kvar utan namn" in out

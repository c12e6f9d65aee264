"""`utblick ask` keeps the evaluation contract: one JSON object per input line, nothing else on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from storage.db import Database
from storage.models import OrgUnit, Person

ROOT = Path(__file__).resolve().parents[2]


def utblick(
    *args: str, stdin: str = "", cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_", "DATABASE_URL"))}
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        cwd=cwd,
        timeout=120,
    )


def test_one_json_line_per_question_and_no_database_needed(tmp_path: Path) -> None:
    questions = [
        "Ska flygresor klimatkompenseras?",
        "",
        "Who adopts the international strategy?",
        "Vad är klockan?",
        "x" * 50_000,
        "När är deadline?",
    ]
    result = utblick("ask", "--json", "--today", "2026-11-26", stdin="\n".join(questions) + "\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    answers = [json.loads(line) for line in lines]
    assert all(set(a) == {"answered", "answer", "sources", "score"} for a in answers)
    assert [a["answered"] for a in answers] == [True, False, True, False, False, True]
    assert answers[0]["sources"][0]["section"].endswith("› Hållbart synsätt")
    assert "klimatkompenseras" in answers[0]["sources"][0]["quote"]
    assert "31 januari 2027" in answers[5]["answer"]
    assert list(tmp_path.iterdir()) == []  # no database file was created


def test_a_question_on_the_command_line_prints_the_answer_and_its_source(tmp_path: Path) -> None:
    result = utblick("ask", "Vem", "följer", "upp", "strategin?", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("Strategin säger: ”Uppföljning av strategin skall göras av kommunstyrelsen")
    assert "[Internationell strategi för Växjö kommun › Uppföljning av strategin]" in result.stdout


def test_live_facts_use_the_database_when_there_is_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'utblick.db'}"
    database = Database(url)
    database.upgrade()
    with database.session_scope() as session:
        contact = Person(display_name="Per Persson", email="per@vaxjo.se")
        session.add_all([contact, OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", contact_person=contact)])
    database.dispose()
    result = utblick(
        "ask",
        "--json",
        stdin="Vem är kontaktperson för Tekniska förvaltningen?\n",
        cwd=tmp_path,
        env={"DATABASE_URL": url},
    )
    answer = json.loads(result.stdout)
    assert answer["answered"] is True
    assert answer["answer"] == "Kontaktperson för Tekniska förvaltningen är Per Persson (per@vaxjo.se)."


def test_another_strategy_file_through_the_setting(tmp_path: Path) -> None:
    example = ROOT / "tests" / "knowledge" / "data" / "strategi-exempelby.md"
    result = utblick(
        "ask",
        "--json",
        stdin="Vilka vänorter har kommunen?\nMåste flyget klimatkompenseras?\n",
        cwd=tmp_path,
        env={"UTBLICK_STRATEGY_FILE": str(example)},
    )
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["answered"] and "Tartu" in first["answer"]
    assert first["sources"][0]["section"] == "Internationell policy för Exempelby kommun › Vänorter"
    assert not second["answered"]

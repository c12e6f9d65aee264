"""`utblick reminders plan` and `run-due` as the operator and the evaluation run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from storage.db import Database
from storage.models import OrgUnit, Person


def utblick(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_", "DATABASE_URL"))}
    clean.update(DATABASE_URL=f"sqlite:///{tmp_path / 'r.db'}", **env)
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=clean,
                          cwd=tmp_path, timeout=120)  # fmt: skip


def seed(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'r.db'}")
    database.upgrade()
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.se", slack_user_id="U0ANNA")
        session.add(anna)
        session.flush()
        session.add(OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", aliases=[],
                            contact_person_id=anna.id))  # fmt: skip
    database.dispose()


def test_plan_prints_one_json_object_per_due_notice(tmp_path: Path) -> None:
    seed(tmp_path)
    result = utblick(tmp_path, "reminders", "plan", "--at", "2027-01-10T09:00", "--json")
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(line) for line in result.stdout.splitlines()]
    assert line == {
        "key": line["key"],
        "kind": "annual_deadline",
        "to": {"name": "Anna Berg", "email": "anna.berg@vaxjo.se"},
        "unit": "Kultur- och fritidsförvaltningen",
        "due_at": "2026-12-30T09:00:00+01:00",
        "deadline": date(2027, 1, 31).isoformat(),
    }
    assert line["key"].endswith(":2026:30")


def test_plan_in_words_and_nothing_due(tmp_path: Path) -> None:
    seed(tmp_path)
    said = utblick(tmp_path, "reminders", "plan", "--at", "2026-11-26T09:00")
    assert "Inget är att skicka 2026-11-26 09:00" in said.stdout
    assert "Anna Berg" in utblick(tmp_path, "reminders", "plan", "--at", "2027-01-10T09:00").stdout


def test_run_due_without_any_platform_says_what_is_missing(tmp_path: Path) -> None:
    seed(tmp_path)
    result = utblick(tmp_path, "reminders", "run-due", "--at", "2027-01-10T09:00")
    assert result.returncode != 0
    assert "SLACK_BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_moment_is_one_line(tmp_path: Path) -> None:
    result = utblick(tmp_path, "reminders", "plan", "--at", "i morgon")
    assert result.returncode != 0 and "2027-01-10T09:00" in result.stderr and "Traceback" not in result.stderr

"""Two schedulers (two processes) tick at the same moments against one database: every notice is
delivered exactly once. Run on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.models import Activity, Delivery, OrgUnit, Person
from tests.mock_slack_api import BOT_TOKEN, MockSlackApi
from tests.reminders.conftest import STOCKHOLM

ROOT = Path(__file__).resolve().parents[2]
UNITS = 12
MOMENTS = ["2027-01-15T09:00", "2027-01-22T09:00", "2027-01-29T09:00"]


def seed(database: Database, slack_api: MockSlackApi) -> None:
    """Twelve units with a contact person each, and a finished flight per unit that lacks everything."""
    with database.session_scope() as session:
        for number in range(UNITS):
            user = f"U0C{number:03d}"
            slack_api.add_user(user, f"Kontakt {number}", f"kontakt{number}@vaxjo.se")
            person = Person(display_name=f"Kontakt {number}", slack_user_id=user, email=f"kontakt{number}@vaxjo.se")
            session.add(person)
            session.flush()
            unit = OrgUnit(name=f"Förvaltning {number}", kind="forvaltning", aliases=[], contact_person_id=person.id)
            session.add(unit)
            session.flush()
            session.add(
                Activity(
                    kind="conference",
                    title=f"Konferens {number}",
                    start_date=date(2026, 11, 2),
                    end_date=date(2026, 11, 3),
                    travel_mode="flight",
                    status="finished",
                    logged_by_id=person.id,
                    org_unit_id=unit.id,
                    created_at=datetime(2026, 11, 4, tzinfo=STOCKHOLM),
                )  # fmt: skip
            )


def tick_twice_at_once(url: str, slack_api: MockSlackApi, moment: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_", "DATABASE_URL"))}
    env.update(DATABASE_URL=url, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=slack_api.url)
    command = [sys.executable, "-m", "bot", "reminders", "run-due", "--at", moment]
    workers = [subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for _ in range(2)]  # fmt: skip
    for worker in workers:
        out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err


def check_each_notice_once(database: Database, slack_api: MockSlackApi) -> None:
    with database.session_scope() as session:
        rows = list(session.scalars(select(Delivery)))
    assert rows and all(row.status in ("sent", "skipped") for row in rows), [(r.key, r.status) for r in rows]
    sent = [row for row in rows if row.status == "sent"]
    posts = slack_api.calls_to("chat.postMessage")
    assert len(posts) == len(sent)
    # Per person: one digest per moment, one results question and one climate question, never twice.
    texts = Counter((call.body["channel"], call.body["text"]) for call in posts)
    assert max(texts.values()) == 1
    per_person = Counter(call.body["channel"] for call in posts)
    assert set(per_person.values()) == {len(MOMENTS) + 2}


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'two-schedulers.db'}"


def run_scenario(url: str, tmp_path: Path) -> None:
    slack_api = MockSlackApi().start()
    database = Database(url)
    try:
        database.upgrade()
        seed(database, slack_api)
        for moment in MOMENTS:
            tick_twice_at_once(url, slack_api, moment, tmp_path)
        check_each_notice_once(database, slack_api)
    finally:
        database.dispose()
        slack_api.stop()


def test_two_schedulers_on_sqlite_deliver_each_notice_once(sqlite_url: str, tmp_path: Path) -> None:
    run_scenario(sqlite_url, tmp_path)


@pytest.mark.postgres
def test_two_schedulers_on_postgresql_deliver_each_notice_once(postgres_schema_url: str, tmp_path: Path) -> None:
    run_scenario(postgres_schema_url, tmp_path)

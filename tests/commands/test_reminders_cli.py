"""`utblick reminders plan`, `preview` and `run-due` as the operator and the evaluation run them, with a
real SMTP server on 127.0.0.1 and the mock Slack API where a channel is needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.models import Delivery, OrgUnit, Person
from tests.mock_slack_api import BOT_TOKEN, MockSlackApi
from tests.smtp_server import SmtpServer


def utblick(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_", "TEAMS_", "DATABASE_URL"))}
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


def outbox(tmp_path: Path) -> dict[str, str]:
    database = Database(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        with database.session_scope() as session:
            return {row.key: row.status for row in session.scalars(select(Delivery))}
    finally:
        database.dispose()


def test_run_due_without_any_channel_names_whom_it_could_not_reach(tmp_path: Path) -> None:
    seed(tmp_path)
    result = utblick(tmp_path, "reminders", "run-due", "--at", "2027-01-10T09:00")
    assert result.returncode != 0
    assert "SLACK_BOT_TOKEN" in result.stderr and "UTBLICK_SMTP_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert "1 når ingen kanal" in result.stdout
    assert "De här nåddes inte genom någon kanal:\n  Anna Berg <anna.berg@vaxjo.se> – årsrapporten" in result.stdout
    assert list(outbox(tmp_path).values()) == ["undeliverable"]
    again = utblick(tmp_path, "reminders", "run-due", "--at", "2027-01-10T09:30")
    assert "Anna Berg" not in again.stdout  # listed once, as it is stored once


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def mail(smtp: SmtpServer, **more: str) -> dict[str, str]:
    return {"UTBLICK_SMTP_URL": smtp.url, "UTBLICK_MAIL_FROM": "Utblick <utblick@vaxjo.se>", **more}


def previewed(stdout: str) -> dict[str, tuple[list[str], str]]:
    """The preview's sections by recipient: the lines up to the first blank one, and the rest (the body)."""
    sections: dict[str, tuple[list[str], str]] = {}
    for section in stdout.split("━━ ")[1:]:
        heading, _, rest = section.partition("\n")
        head, _, body = rest.partition("\n\n")
        sections[heading.split(" · ")[0]] = ([heading, *head.split("\n")], body.rstrip("\n"))
    return sections


def test_preview_prints_the_email_run_due_then_sends(tmp_path: Path, smtp: SmtpServer) -> None:
    seed(tmp_path)
    shown = utblick(tmp_path, "reminders", "preview", "--at", "2027-01-15T09:00", **mail(smtp))
    assert shown.returncode == 0, shown.stderr
    [(head, body)] = previewed(shown.stdout).values()
    assert head[0].endswith(" · e-post · årsrapporten · annual:1:2026:14")
    assert "Ämne: Årsrapporten 2026 – Kultur- och fritidsförvaltningen" in head and "Bilaga: sista-dag.ics" in head
    assert smtp.received == [] and outbox(tmp_path) == {}  # nothing sent, nothing marked
    sent = utblick(tmp_path, "reminders", "run-due", "--at", "2027-01-15T09:00", **mail(smtp))
    assert sent.returncode == 0, sent.stderr
    [letter] = smtp.wait_for(1)
    assert letter.plain.rstrip("\n") == body  # word for word
    message = letter.message
    for label, header in (("Från", "From"), ("Till", "To"), ("Svar till", "Reply-To"), ("Ämne", "Subject")):
        assert f"{label}: {message[header]}" in head


def test_preview_through_slack_and_email_and_for_one_address(tmp_path: Path, smtp: SmtpServer) -> None:
    """Anna is in Slack; Bo is not, and Slack is asked (read-only) before the preview says e-mail."""
    seed(tmp_path)
    database = Database(f"sqlite:///{tmp_path / 'r.db'}")
    with database.session_scope() as session:
        bo = Person(display_name="Bo Ek", email="bo.ek@vaxjo.se", language="en")
        session.add(bo)
        session.flush()
        session.add(OrgUnit(name="Växjö Energi AB", kind="bolag", aliases=[], contact_person_id=bo.id))
    database.dispose()
    slack = MockSlackApi().start()
    try:
        slack.add_user("U0ANNA", "Anna Berg", "anna.berg@vaxjo.se")
        env = mail(smtp, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=slack.url)
        shown = utblick(tmp_path, "reminders", "preview", "--at", "2027-01-15T09:00", **env)
        sections = previewed(shown.stdout)
        anna_head, anna_body = sections["Anna Berg <anna.berg@vaxjo.se>"]
        assert " · Slack · " in anna_head[0] and "[Skapa rapportutkast]" in anna_body
        bo_head, bo_body = sections["Bo Ek <bo.ek@vaxjo.se>"]
        assert " · e-post · " in bo_head[0] and "Subject: Annual report 2026 – Växjö Energi AB" not in bo_head
        assert "Ämne: Annual report 2026 – Växjö Energi AB" in bo_head  # the operator's labels, Bo's language
        assert "Open Utblick in Slack: https://slack.com/app_redirect?app=A111&team=T111" in bo_body
        assert slack.calls_to("chat.postMessage") == []
        one = utblick(tmp_path, "reminders", "preview", "--at", "2027-01-15T09:00", "--to", "BO.EK@vaxjo.se", **env)
        assert list(previewed(one.stdout)) == ["Bo Ek <bo.ek@vaxjo.se>"]
        nobody = utblick(tmp_path, "reminders", "preview", "--at", "2027-01-15T09:00", "--to", "x@vaxjo.se", **env)
        assert "Inget att skicka till x@vaxjo.se 2027-01-15 09:00." in nobody.stdout
        utblick(tmp_path, "reminders", "run-due", "--at", "2027-01-15T09:00", **env)
        [letter] = smtp.wait_for(1)
        assert letter.recipients == ("bo.ek@vaxjo.se",) and letter.plain.rstrip("\n") == bo_body
        assert len(slack.calls_to("chat.postMessage")) == 1  # Anna's, in Slack only
    finally:
        slack.stop()


def test_preview_without_any_channel_says_nothing_would_go(tmp_path: Path) -> None:
    seed(tmp_path)
    shown = utblick(tmp_path, "reminders", "preview", "--at", "2027-01-15T09:00")
    assert shown.returncode == 0
    assert "Anna Berg <anna.berg@vaxjo.se> · ingen kanal · årsrapporten" in shown.stdout
    assert "inget skickas: ingen kanal når personen" in shown.stdout
    assert "Ingen kanal är inställd" in shown.stderr
    assert outbox(tmp_path) == {}


def test_a_bad_moment_is_one_line(tmp_path: Path) -> None:
    result = utblick(tmp_path, "reminders", "plan", "--at", "i morgon")
    assert result.returncode != 0 and "2027-01-10T09:00" in result.stderr and "Traceback" not in result.stderr

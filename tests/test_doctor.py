"""`utblick doctor` finds what is wrong, one line each, and says what to do; Slack is the mock Slack API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.cli import main
from bot.config import Settings
from bot.doctor import MANIFEST, manifest_scopes, run_checks
from bot.i18n import Translator
from storage.db import Database
from storage.models import OrgUnit, Person
from tests.mock_slack_api import BOT_TOKEN, MockSlackApi

SV = Translator("sv")


@pytest.fixture
def slack() -> Iterator[MockSlackApi]:
    mock = MockSlackApi().start()
    yield mock
    mock.stop()


def lines(settings: Settings, database: Database) -> list[str]:
    return [check.line(SV) for check in run_checks(settings, SV, database=database)]


def line(found: list[str], label: str) -> str:
    return next(x for x in found if x[2:].startswith(label + ":"))


def with_slack(settings: Settings, slack: MockSlackApi, token: str = BOT_TOKEN) -> Settings:
    return settings.model_copy(update={"slack_bot_token": SecretStr(token), "slack_api_url": slack.url,
                                       "slack_app_token": SecretStr("xapp-1-A1-1-abc")})  # fmt: skip


def test_a_token_slack_refuses_is_one_failing_line_saying_what_to_do(
    settings: Settings, database: Database, slack: MockSlackApi
) -> None:
    found = lines(with_slack(settings, slack, token="xoxb-0-0-revoked"), database)
    slack_line = line(found, "Slack")
    assert slack_line.startswith("✗ Slack: Slack nekar token (invalid_auth) → kopiera Bot User OAuth Token")
    assert "revoked" not in "\n".join(found)  # never the token itself
    assert [c.method for c in slack.calls] == ["auth.test"]


def test_a_working_token_with_every_scope_of_the_manifest(
    settings: Settings, database: Database, slack: MockSlackApi
) -> None:
    wanted = manifest_scopes()
    assert wanted and "chat:write" in wanted
    slack.scopes = [*wanted, "channels:read"]
    found = lines(with_slack(settings, slack), database)
    assert line(found, "Slack") == "✓ Slack: token gäller: inloggad som utblick i Växjö kommun"
    assert line(found, "Slack-behörigheter") == f"✓ Slack-behörigheter: alla {len(wanted)} som slack/manifest.yml begär"
    assert line(found, "Slack-anslutning").startswith("✓ Slack-anslutning: Socket Mode")


def test_missing_scopes_are_named(settings: Settings, database: Database, slack: MockSlackApi) -> None:
    slack.scopes = [s for s in manifest_scopes() or [] if s not in ("files:write", "users:read.email")]
    scopes = line(lines(with_slack(settings, slack), database), "Slack-behörigheter")
    assert scopes.startswith("✗ Slack-behörigheter: token saknar users:read.email, files:write → ")
    assert "installera om appen" in scopes


def test_the_database_people_and_units_strategy_and_teams(settings: Settings, database: Database) -> None:
    found = lines(settings, database)
    assert line(found, "Databas").startswith("✓ Databas: ")
    assert line(found, "Databasschema").startswith("✓ Databasschema: version ")
    assert line(found, "Administratörer").startswith("! Administratörer: ingen är administratör")
    assert line(found, "Förvaltningar och bolag").startswith("! Förvaltningar och bolag: inga inlagda")
    assert line(found, "Strategifilen").startswith("✓ Strategifilen: ”Internationell strategi för Växjö kommun”")
    assert line(found, "Slack").startswith("– Slack: inte inställt")
    with database.session_scope() as session:
        session.add_all(
            [Person(display_name="Anna Berg", is_admin=True), OrgUnit(name="TF", kind="forvaltning", aliases=[])]
        )
    teams = settings.model_copy(update={"teams_app_id": "not-a-guid", "teams_app_secret": SecretStr("s"),
                                        "teams_tenant_id": "vaxjo.onmicrosoft.com"})  # fmt: skip
    found = lines(teams, database)
    assert line(found, "Administratörer") == "✓ Administratörer: 1 st."
    assert line(found, "Förvaltningar och bolag").startswith(
        "! Förvaltningar och bolag: 1 st., men de här saknar kontaktperson: TF"
    )
    assert line(found, "Teams").startswith("✗ Teams: TEAMS_APP_ID är inget app-id")


def test_an_unreachable_database_and_a_strategy_file_without_text(settings: Settings, tmp_path: Path) -> None:
    empty = tmp_path / "strategi.md"
    empty.write_text("---\ntitle: Tom\n---\n", encoding="utf-8")
    down = Database("postgresql://utblick:hemligt@127.0.0.1:9/none", connect_args={"connect_timeout": 1})
    found = lines(settings.model_copy(update={"strategy_file": empty}), down)
    assert line(found, "Databas").startswith("✗ Databas: postgresql+psycopg://utblick:***@127.0.0.1:9/none")
    assert "kontrollera DATABASE_URL" in line(found, "Databas")
    assert "hemligt" not in "\n".join(found)
    assert line(found, "Strategifilen").startswith("✗ Strategifilen:")


def test_the_command_runs_even_with_bad_settings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'd.db'}")
    monkeypatch.setenv("UTBLICK_REPORT_DEADLINE", "31-01")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xapp-wrong-kind")
    assert main(["doctor"]) == 2
    out = capsys.readouterr().out
    assert "✗ Inställningar: UTBLICK_REPORT_DEADLINE: '31-01' is not a real day of the year" in out
    assert "✗ Inställningar: SLACK_BOT_TOKEN: is not a bot token" in out
    assert "wrong-kind" not in out
    assert "Övriga kontroller behöver giltiga inställningar" in out


def test_the_command_on_a_fresh_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert main(["doctor"]) == 0  # warnings only: nothing stops the bot from starting
    out = capsys.readouterr().out
    assert "! Databasschema: version –, men den senaste är" in out and "utblick db upgrade" in out
    assert out.rstrip().endswith("Inga fel, men se det som är markerat med ! ovan.")


def test_the_manifest_is_where_the_doctor_looks() -> None:
    assert MANIFEST.is_file()

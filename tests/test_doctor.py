"""`utblick doctor` finds what is wrong, one line each, and says what to do; Slack is the mock Slack API, the
mail server a real SMTP server on 127.0.0.1."""

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
from tests.smtp_server import PASSWORD, USER, SmtpServer, free_port, self_signed

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


def with_mail(settings: Settings, url: str) -> Settings:
    return settings.model_copy(update={"smtp_url": SecretStr(url), "mail_from": "Utblick <utblick@vaxjo.se>"})


def test_the_mail_server_is_greeted_and_logged_in_to_over_tls(
    settings: Settings, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context, certificate = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))  # the client checks the certificate, as in production
    server = SmtpServer(login=True, tls=context).start()
    try:
        url = f"smtps://{USER.replace('@', '%40')}:{PASSWORD}@127.0.0.1:{server.port}"
        found = lines(with_mail(settings, url), database)
    finally:
        server.stop()
    assert line(found, "E-post (SMTP)") == (
        f"✓ E-post (SMTP): 127.0.0.1:{server.port} tar emot e-post (TLS, inloggad som utblick@vaxjo.se)"
    )
    assert server.logins == [USER] and server.received == []  # it logs in and sends nothing
    assert PASSWORD not in "\n".join(found)


def test_a_refused_login_and_a_mail_server_that_does_not_answer(settings: Settings, database: Database) -> None:
    server = SmtpServer(login=True).start()
    try:
        found = lines(with_mail(settings, f"smtp://utblick:fel-losenord@127.0.0.1:{server.port}"), database)
        swedish = lines(with_mail(settings, f"smtp://utblick:h%C3%A4mligt@127.0.0.1:{server.port}"), database)
    finally:
        server.stop()
    refused = line(found, "E-post (SMTP)")
    assert refused.startswith(f"✗ E-post (SMTP): smtp://utblick@127.0.0.1:{server.port} svarade 535 ")
    assert "kontrollera användare och lösenord i UTBLICK_SMTP_URL" in refused and "fel-" not in refused
    assert "bara ha ASCII-tecken" in line(swedish, "E-post (SMTP)") and "hämligt" not in "\n".join(swedish)
    closed = free_port()
    down = line(lines(with_mail(settings, f"smtp://127.0.0.1:{closed}"), database), "E-post (SMTP)")
    assert down.startswith(f"✗ E-post (SMTP): når inte smtp://127.0.0.1:{closed}: ")
    assert "kontrollera värd och port i UTBLICK_SMTP_URL" in down


def test_a_plain_connection_that_logs_in_is_a_warning(settings: Settings, database: Database) -> None:
    server = SmtpServer(login=True).start()
    try:
        url = f"smtp://{USER.replace('@', '%40')}:{PASSWORD}@127.0.0.1:{server.port}"
        plain = line(lines(with_mail(settings, url), database), "E-post (SMTP)")
    finally:
        server.stop()
    assert plain.startswith(f"! E-post (SMTP): 127.0.0.1:{server.port} tar emot e-post (okrypterat, inloggad som")
    assert "använd smtps:// eller ?starttls=true" in plain


def test_which_contact_persons_each_channel_reaches_and_whom_none_does(
    settings: Settings, database: Database, slack: MockSlackApi
) -> None:
    slack.add_user("U0ANNA", "Anna Berg", "anna.berg@vaxjo.se")
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.se")  # Slack finds her by address
        bo = Person(display_name="Bo Ek", email="bo.ek@vaxjo.se")  # not in Slack
        cecilia = Person(display_name="Cecilia Ek")  # no address at all
        session.add_all([anna, bo, cecilia])
        session.flush()
        session.add_all([OrgUnit(name=name, kind="forvaltning", aliases=[], contact_person_id=person.id)
                         for name, person in (("KFF", anna), ("TF", bo), ("UF", cecilia))])  # fmt: skip
    assert line(lines(settings, database), "Kontaktpersoner nås genom") == (
        "! Kontaktpersoner nås genom: ingen kanal 3 (Anna Berg, Bo Ek, Cecilia Ek) → ge dem en e-postadress och "
        "sätt UTBLICK_SMTP_URL, eller be dem skriva till Utblick i Slack eller Teams"
    )
    both = with_mail(with_slack(settings, slack), f"smtp://127.0.0.1:{free_port()}")
    assert line(lines(both, database), "Kontaktpersoner nås genom").startswith(
        "! Kontaktpersoner nås genom: Slack 1 (Anna Berg); e-post 1 (Bo Ek); ingen kanal 1 (Cecilia Ek) → "
    )
    assert [call.body["email"] for call in slack.calls_to("users.lookupByEmail")][-2:] == [
        "anna.berg@vaxjo.se", "bo.ek@vaxjo.se"
    ]  # fmt: skip
    assert slack.calls_to("chat.postMessage") == []  # asking is not sending

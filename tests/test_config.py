"""Settings: defaults that run out of the box, and bad values named by their variable."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest

from bot.config import ConfigurationError, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_work_on_a_fresh_machine() -> None:
    settings = load_settings(_env_file=None)
    assert settings.database_url == "sqlite:///utblick.db"
    assert settings.language == "sv"
    assert settings.timezone == "Europe/Stockholm"
    assert settings.report_deadline == "01-31"
    assert settings.reminder_days == (30, 14, 7, 1)
    assert settings.reminder_time == time(9, 0)
    assert settings.strategy_file.is_file()
    assert not settings.slack_configured


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://db.example/utblick")
    monkeypatch.setenv("UTBLICK_LANGUAGE", "en")
    monkeypatch.setenv("UTBLICK_REMINDER_DAYS", "7, 30,1")
    monkeypatch.setenv("UTBLICK_REMINDER_TIME", "8.30")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret-value")
    settings = load_settings(_env_file=None)
    assert settings.database_url == "postgresql://db.example/utblick"
    assert settings.language == "en"
    assert settings.reminder_days == (30, 7, 1)
    assert settings.reminder_time == time(8, 30)
    assert settings.slack_configured
    assert "xoxb-secret-value" not in repr(settings)


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("UTBLICK_TIMEZONE", "Europe/Växjö", "not a known time zone"),
        ("UTBLICK_LANGUAGE", "de", "UTBLICK_LANGUAGE"),
        ("UTBLICK_REPORT_DEADLINE", "31-01", "not a real day"),
        ("UTBLICK_REPORT_DEADLINE", "januari", "not MM-DD"),
        ("UTBLICK_REMINDER_DAYS", "30,två", "comma-separated"),
        ("UTBLICK_REMINDER_TIME", "25:00", "HH:MM"),
        ("UTBLICK_STRATEGY_FILE", "/nowhere/strategy.md", "not a readable file"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, complaint: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as error:
        load_settings(_env_file=None)
    assert variable in str(error.value)
    assert complaint in str(error.value)


def _utblick(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input="hej\n",
        capture_output=True,
        text=True,
        env={**clean, **env},
        cwd=ROOT,
        timeout=60,
    )


def test_bad_configuration_stops_the_start_with_one_readable_message() -> None:
    result = _utblick("chat", env={"UTBLICK_TIMEZONE": "Mars/Olympus_Mons"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "UTBLICK_TIMEZONE: 'Mars/Olympus_Mons' is not a known time zone" in result.stderr


def test_unreachable_database_is_one_line_at_start() -> None:
    result = _utblick("chat", env={"DATABASE_URL": "postgresql://nobody:hemligt@127.0.0.1:9/none"})
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "når inte databasen" in lines[0]
    assert "hemligt" not in lines[0]


def _configuration_section(page: str) -> str:
    """The text under `## Configuration`, up to the next heading of that level."""
    match = re.search(r"^## Configuration\n(.*?)(?=^## |\Z)", page, flags=re.MULTILINE | re.DOTALL)
    assert match, "docs/operating.md has no '## Configuration' section"
    return match.group(1)


def test_the_configuration_table_in_docs_operating_lists_every_setting() -> None:
    page = (ROOT / "docs" / "operating.md").read_text(encoding="utf-8")
    table = _configuration_section(page)
    documented = set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|", table, flags=re.MULTILINE))
    expected = set(Settings.env_names().values())
    assert expected - documented == set(), "settings missing from the table in docs/operating.md"
    assert documented - expected == set(), "docs/operating.md documents settings that do not exist"


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token-hemlig", "is not a bot token: it starts with xoxb-"),
        ("SLACK_APP_TOKEN", "xoxb-bot-token-hemlig", "is not an app-level token: it starts with xapp-"),
        ("SLACK_API_URL", "hemlig.example/api", "'hemlig.example/api' is not an http(s) URL"),
    ],
)
def test_slack_settings_are_checked_without_repeating_secrets(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, complaint: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as error:
        load_settings(_env_file=None)
    assert f"{variable}: {complaint}" in str(error.value)
    if variable.endswith("TOKEN"):
        assert "hemlig" not in str(error.value)


def test_a_mail_server_is_read_from_one_url_and_its_password_stays_secret() -> None:
    settings = load_settings(
        _env_file=None, smtp_url="smtp://utblick%40vaxjo.se:hemligt@mail.vaxjo.se?starttls=true",
        mail_from="Utblick <utblick@vaxjo.se>",
    )  # fmt: skip
    server = settings.smtp
    assert server is not None
    assert (server.host, server.port, server.security, server.username) == (
        "mail.vaxjo.se", 587, "starttls", "utblick@vaxjo.se"
    )  # fmt: skip
    assert server.password is not None and server.password.get_secret_value() == "hemligt"
    assert "hemligt" not in repr(settings) and "hemligt" not in server.display
    tls = load_settings(_env_file=None, smtp_url="smtps://relay.vaxjo.se", mail_from="utblick@vaxjo.se").smtp
    assert tls is not None and (tls.port, tls.security, tls.username) == (465, "tls", None)


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("https://user:hemligt@mail.vaxjo.se", "starts with smtp:// or smtps://"),
        ("smtp://user:hemligt@mail.vaxjo.se:abc", "the port must be a number"),
        ("smtps://user:hemligt@mail.vaxjo.se?starttls=true", "encrypted from the start"),
        ("smtp://user:hemligt@mail.vaxjo.se?tls=true", "unknown option 'tls'"),
        ("smtp://:hemligt@mail.vaxjo.se", "no user name"),
    ],
)
def test_a_bad_mail_server_url_is_named_without_its_password(
    monkeypatch: pytest.MonkeyPatch, value: str, complaint: str
) -> None:
    monkeypatch.setenv("UTBLICK_SMTP_URL", value)
    monkeypatch.setenv("UTBLICK_MAIL_FROM", "utblick@vaxjo.se")
    with pytest.raises(ConfigurationError) as error:
        load_settings(_env_file=None)
    assert "UTBLICK_SMTP_URL: " in str(error.value) and complaint in str(error.value)
    assert "hemligt" not in str(error.value)


def test_mail_needs_a_sender(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UTBLICK_SMTP_URL", "smtp://127.0.0.1:2525")
    with pytest.raises(ConfigurationError) as error:
        load_settings(_env_file=None)
    assert "UTBLICK_MAIL_FROM: is needed with UTBLICK_SMTP_URL" in str(error.value)
    monkeypatch.setenv("UTBLICK_MAIL_FROM", "utblick")
    with pytest.raises(ConfigurationError) as error:
        load_settings(_env_file=None)
    assert "UTBLICK_MAIL_FROM: 'utblick' is not an e-mail address" in str(error.value)

"""One log line per message with platform, intent, handler and time; JSON on request; no text, no secrets."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from bot.logs import RedactSecrets, json_formatter, redact
from tests.support import Conversation

PRIVATE = "Jag var på konferens i Bryssel med Maria Svensson 12-14 mars"


def test_each_message_is_one_info_line_without_its_text(chat: Conversation, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="bot"):
        chat.say(PRIVATE)
        chat.say("mina uppgifter")
    handled = [r for r in caplog.records if r.getMessage().startswith("handled ")]
    assert len(handled) == 2
    first, second = handled
    assert first.getMessage().startswith("handled platform=console intent=log_activity handler=log_activity ms=")
    assert (second.intent, second.handler, second.platform) == ("my_data", "personal_data", "console")  # type: ignore[attr-defined]
    assert isinstance(second.ms, float)  # type: ignore[attr-defined]
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert not [line for line in info if "Maria" in line or "Bryssel" in line]


def test_a_pressed_button_is_logged_as_such(chat: Conversation, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="bot.conversation"):
        chat.press("personal_data:keep")
    assert "intent=button:personal_data handler=personal_data" in caplog.records[-1].getMessage()


def test_json_lines_carry_the_fields() -> None:
    record = logging.LogRecord("bot.conversation", logging.INFO, __file__, 1, "handled %s", ("x",), None)
    for key, value in {"platform": "slack", "intent": "report", "handler": "report", "ms": 12.5}.items():
        setattr(record, key, value)
    line = json.loads(json_formatter().format(record))
    assert line["level"] == "INFO" and line["logger"] == "bot.conversation" and line["message"] == "handled x"
    assert (line["platform"], line["intent"], line["handler"], line["ms"]) == ("slack", "report", "report", 12.5)
    assert "time" in line


def test_the_command_line_writes_json_when_asked() -> None:
    code = (
        "import logging; from bot.config import Settings; from bot.logs import configure;"
        "configure(Settings(_env_file=None), 'serve');"
        "logging.getLogger('bot.conversation').info('handled', extra={'intent': 'help'});"
        "logging.getLogger('slack_bolt').warning('token xoxb-1-2-secret leaked?')"
    )
    env = {"UTBLICK_LOG_FORMAT": "json", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    lines = [json.loads(x) for x in result.stderr.splitlines()]
    assert [x["intent"] for x in lines if x["logger"] == "bot.conversation"] == ["help"]
    assert "secret" not in result.stderr and "[redacted]" in result.stderr


def test_secrets_of_every_kind_are_masked() -> None:
    line = (
        "postgresql://utblick:hemligt@db/utblick Authorization: Bearer eyJ0eXAi.abc client_secret=s3cr3t "
        '{"password": "pw1"} xoxe-1-abc xoxb-1-2-abc'
    )
    masked = redact(line)
    for secret in ("hemligt", "eyJ0eXAi", "s3cr3t", "pw1", "xoxe-1-abc", "xoxb-1-2-abc"):
        assert secret not in masked
    assert "postgresql://utblick:***@db/utblick" in masked
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "connect %s", ("postgresql://a:b@h/d",), None)
    assert RedactSecrets().filter(record) and record.getMessage() == "connect postgresql://a:***@h/d"

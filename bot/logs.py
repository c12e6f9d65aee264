"""Logging for the whole process: text or JSON lines, and never a secret in either.

`configure` is called once by the command line. With `UTBLICK_LOG_FORMAT=json` every record is one JSON
object (python-json-logger), so a log collector can index the fields that the engine passes as `extra`:
one line per handled message with `platform`, `intent`, `handler` and `ms` — never the message's text.

`RedactSecrets` masks Slack tokens, payloads' `token` fields, bearer tokens, client secrets and the
password in a database URL in every record, whichever library wrote it; it sits on the root handlers.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Final

from bot.config import Settings

TEXT_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Commands whose output is the conversation or a report: info lines would interleave with it.
QUIET_COMMANDS: Final = frozenset({"chat", "parse", "ask", "feedback", "doctor", "audit"})

_SECRETS: Final = (
    (re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+"), "[redacted]"),
    (re.compile(r"(['\"](?:token|client_secret|password|api_key)['\"]\s*:\s*['\"])[^'\"]*(['\"])"), r"\1[redacted]\2"),
    (re.compile(r"(\b(?:token|client_secret|password|api_key)=)[^&\s]+"), r"\1[redacted]"),
    (re.compile(r"(\bBearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE), r"\1[redacted]"),
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]+(@)"), r"\1***\2"),
)


# What each of the patterns above begins with, or must contain, in any case: most lines hold none of these,
# and one search that finds nothing costs a fifth of the five substitutions it spares.
_MAY_HOLD_SECRET: Final = re.compile(
    r"xox[abposre]-|xapp-|token|client_secret|password|api_key|bearer|://", re.IGNORECASE
)


def redact(text: str) -> str:
    if not _MAY_HOLD_SECRET.search(text):
        return text
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Masks secrets in every log record's message (and in its traceback text, once formatted).

    Bolt and slack_sdk log request bodies at debug level and in some warnings; Slack payloads carry the
    legacy verification token. The filter sits on the root handlers, so no library can leak one.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        # The record keeps its message as formatted here, masked, so the handler's formatter does not
        # format it a second time.
        record.msg, record.args = redact(record.getMessage()), None
        return True


def install_redaction() -> None:
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())


def json_formatter() -> logging.Formatter:
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )


def configure(settings: Settings, command: str | None) -> None:
    """Set up the root logger for this process: level, text or JSON, redaction."""
    level = settings.log_level
    quiet = QUIET_COMMANDS | (set() if settings.slack_configured else {"run"})
    if command in quiet and level == "INFO":
        level = "WARNING"
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(json_formatter() if settings.log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RedactSecrets())
    logging.basicConfig(level=level, handlers=[handler])  # a no-op where handlers exist (tests, embedding)
    # Alembic announces every migration context at INFO; an operator only needs to hear about problems.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLevelName(level)))
    keep_bodies_out()


# Libraries that log whole request and response bodies at debug level: a message's text, a users.info
# profile with its e-mail, a roster. Utblick logs no message texts or profile bodies at any level, so these
# stay at INFO even when UTBLICK_LOG_LEVEL=DEBUG; their own warnings and errors still show.
BODY_LOGGERS: Final = ("slack_sdk", "slack_bolt", "microsoft_agents", "msal", "urllib3", "aiohttp.client")


def keep_bodies_out() -> None:
    for name in BODY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)

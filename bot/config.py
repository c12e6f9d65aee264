"""Settings, read once at the composition root from the environment and a `.env` file.

Every setting has one environment variable and a default that makes `make run` work on a fresh machine.
The README's configuration table is checked against this class by a test, so adding a field here
without documenting it fails CI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from email.utils import parseaddr
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import parse_qs, quote, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_STRATEGY_FILE = Path(__file__).parent / "knowledge" / "data" / "internationell-strategi-vaxjo.md"


SMTP_EXAMPLE = "smtp://mail.vaxjo.se:587?starttls=true"


@dataclass(frozen=True)
class SmtpServer:
    """Where reminders are mailed from, parsed from `UTBLICK_SMTP_URL`.

    `security` is "tls" for smtps:// (TLS from the first byte, port 465 by default), "starttls" for
    smtp://…?starttls=true (port 587 by default), and "none" for plain smtp:// (port 25 by default), which
    only a relay inside the municipality's own network should be reached by.
    """

    host: str
    port: int
    security: Literal["none", "starttls", "tls"]
    username: str | None = None
    password: SecretStr | None = None

    @property
    def display(self) -> str:
        """The URL without the password, for the doctor's lines and error messages."""
        scheme = "smtps" if self.security == "tls" else "smtp"
        user = f"{quote(self.username, safe='')}@" if self.username else ""
        tail = "?starttls=true" if self.security == "starttls" else ""
        return f"{scheme}://{user}{self.host}:{self.port}{tail}"


def parse_smtp_url(url: str) -> SmtpServer:
    """`smtp://host:port`, `smtps://…`, optional `user:password@`, optional `?starttls=true`.

    The errors never repeat the URL: it may hold the password.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ValueError(f"is not an SMTP URL like {SMTP_EXAMPLE} (the port must be a number)") from None
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(f"is not an SMTP URL: it starts with smtp:// or smtps:// and names a host ({SMTP_EXAMPLE})")
    if parts.path not in ("", "/"):
        raise ValueError(f"has a path after the host; an SMTP URL has none ({SMTP_EXAMPLE})")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - {"starttls"})
    if unknown:
        raise ValueError(f"has an unknown option {unknown[0]!r}; the only one is starttls=true")
    starttls_value = (query.get("starttls") or ["false"])[-1].strip().lower()
    if starttls_value not in ("true", "false", "1", "0", "yes", "no"):
        raise ValueError("has starttls that is neither true nor false")
    starttls = starttls_value in ("true", "1", "yes")
    if starttls and parts.scheme == "smtps":
        raise ValueError("asks for starttls on smtps://, which is encrypted from the start: use one of them")
    if parts.password is not None and not parts.username:
        raise ValueError("has a password but no user name (smtp://user:password@host)")
    security: Literal["none", "starttls", "tls"] = (
        "tls" if parts.scheme == "smtps" else "starttls" if starttls else "none"
    )
    return SmtpServer(
        host=parts.hostname,
        port=port or {"tls": 465, "starttls": 587, "none": 25}[security],
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=SecretStr(unquote(parts.password)) if parts.password is not None else None,
    )


def _env(name: str) -> AliasChoices:
    """An environment variable name used as is, without the `UTBLICK_` prefix."""
    return AliasChoices(name)


class Settings(BaseSettings):
    """What an operator can set. Secrets are `SecretStr` so they never appear in logs or reprs."""

    model_config = SettingsConfigDict(
        env_prefix="UTBLICK_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    database_url: str = Field(
        default="sqlite:///utblick.db",
        validation_alias=_env("DATABASE_URL"),
        description="SQLAlchemy URL of the database; a SQLite file in the working directory by default.",
    )
    language: Literal["sv", "en"] = Field(
        default="sv", description="Language used when a message does not show which one the person writes."
    )
    timezone: str = Field(default="Europe/Stockholm", description="IANA time zone for dates and reminders.")
    strategy_file: Path = Field(
        default=DEFAULT_STRATEGY_FILE,
        description="Markdown file of the international strategy the bot answers from.",
    )
    report_deadline: str = Field(
        default="01-31",
        description="Annual report deadline as MM-DD of the year after the reported year.",
    )
    report_deadline_overrides: Annotated[dict[int, date], NoDecode] = Field(
        default_factory=dict,
        description="Explicit deadlines for given reported years, e.g. 2026=2027-02-15,2027=2028-01-20.",
    )
    reminder_days: Annotated[tuple[int, ...], NoDecode] = Field(
        default=(30, 14, 7, 1), description="Days before the deadline when contact persons are reminded."
    )
    reminder_time: time = Field(default=time(9, 0), description="Local time of day reminders are sent (HH:MM).")
    results_followup_days: int = Field(
        default=3, ge=0, description="Days after an activity ends before its results are asked for."
    )
    climate_followup_days: int = Field(
        default=7, ge=0, description="Days after a flight before an unanswered climate compensation is asked about."
    )
    strategy_owner: str | None = Field(
        default=None,
        description="Who is reminded of the strategy's follow-up once per term of office (e-mail or user id); "
        "defaults to the coordinator.",
    )
    scheduler: bool = Field(default=True, description="Run the reminder scheduler inside `utblick serve`/`socket`.")
    tick_minutes: int = Field(default=5, ge=1, le=60, description="How often the scheduler looks for due reminders.")
    slack_threads: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Slack turns one instance works on at once; the rest wait their turn. Fewer compete less "
        "with Slack's acknowledgements, and with each other, for Python's interpreter lock; more keep slow "
        "turns (a big report) from holding up the others. 4 answered more per second than 8 under load, "
        "with the acknowledgement's 99th percentile under 50 ms (docs/scale.md).",
    )
    delivery_attempts: int = Field(
        default=5, ge=1, le=20, description="Attempts to deliver a reminder before the administrators are told."
    )
    dialogue_timeout_hours: int = Field(
        default=24, ge=1, description="An unfinished conversation older than this is dropped, with a note."
    )
    max_message_chars: int = Field(
        default=4000, ge=200, description="Longest message the bot reads; longer ones get a polite answer."
    )
    admins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Administrators by e-mail or platform user id, comma-separated; more can be granted in chat.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="INFO", description="Log level.")
    log_format: Literal["text", "json"] = Field(
        default="text", description="Log lines as text, or as one JSON object a line for a log collector."
    )
    retention_years: int = Field(
        default=3,
        ge=1,
        le=100,
        description="Original message text, questions and sent notices older than this many years are removed.",
    )
    coordinator: str | None = Field(
        default=None,
        description="The international coordinator, who gets the questions the bot cannot answer: "
        "an e-mail address, or a Slack channel (#internationellt) or user id.",
    )

    examples_channel: str | None = Field(
        default=None,
        description="Where approved good examples are posted: a Slack channel (#goda-exempel or its id C…), "
        "a Teams channel (teams:<conversation id>); unset, they are only listed in chat and in the report.",
    )

    llm_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible API (…/v1) to phrase answers; unset, answers are extractive.",
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model name sent to the OpenAI-compatible API.")
    llm_api_key: SecretStr | None = Field(default=None, description="API key for the OpenAI-compatible API.")
    llm_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="How long to wait for the model before answering without it."
    )

    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=_env("SLACK_BOT_TOKEN"), description="Slack bot token (xoxb-…)."
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=_env("SLACK_SIGNING_SECRET"),
        description="Slack signing secret, to verify that HTTP requests come from Slack.",
    )
    slack_app_token: SecretStr | None = Field(
        default=None,
        validation_alias=_env("SLACK_APP_TOKEN"),
        description="Slack app-level token (xapp-…) for Socket Mode.",
    )
    slack_api_url: str | None = Field(
        default=None,
        validation_alias=_env("SLACK_API_URL"),
        description="Base URL of the Slack Web API; only tests and proxies change it.",
    )
    teams_app_id: str | None = Field(
        default=None, validation_alias=_env("TEAMS_APP_ID"), description="Microsoft Entra app (client) id."
    )
    teams_app_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("TEAMS_APP_SECRET"), description="Microsoft Entra client secret."
    )
    teams_tenant_id: str | None = Field(
        default=None, validation_alias=_env("TEAMS_TENANT_ID"), description="Microsoft Entra tenant id."
    )
    teams_service_urls: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        validation_alias=_env("TEAMS_SERVICE_URLS"),
        description="Service URLs the Teams bot may answer besides Microsoft's own, comma-separated "
        "(a proxy, or a test's mock connector).",
    )
    smtp_url: SecretStr | None = Field(
        default=None,
        description="SMTP server that mails reminders to people chat cannot reach: smtp://host:port, smtps://…, "
        "optional user:password@, ?starttls=true.",
    )
    mail_from: str | None = Field(
        default=None,
        validate_default=True,
        description="Sender of reminder e-mails, e.g. Utblick <utblick@vaxjo.se>; needed with UTBLICK_SMTP_URL.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone (for example Europe/Stockholm)") from None
        return value

    @field_validator("report_deadline")
    @classmethod
    def _month_day(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{2})-(\d{2})", value.strip())
        if not match:
            raise ValueError(f"{value!r} is not MM-DD (for example 01-31)")
        month, day = int(match[1]), int(match[2])
        # 2028 is a leap year, so 02-29 is accepted here and moved to 02-28 in other years.
        try:
            date(2028, month, day)
        except ValueError:
            raise ValueError(f"{value!r} is not a real day of the year") from None
        return f"{month:02d}-{day:02d}"

    @field_validator("report_deadline_overrides", mode="before")
    @classmethod
    def _year_dates(cls, value: object) -> object:
        if isinstance(value, str):
            overrides: dict[int, date] = {}
            for part in (p.strip() for p in value.split(",") if p.strip()):
                match = re.fullmatch(r"((?:19|20)\d\d)\s*[=:]\s*(\d{4}-\d{2}-\d{2})", part)
                try:
                    if not match:
                        raise ValueError
                    overrides[int(match[1])] = date.fromisoformat(match[2])
                except ValueError:
                    raise ValueError(f"{part!r} is not YEAR=YYYY-MM-DD (for example 2026=2027-02-15)") from None
            return overrides
        return value

    @field_validator("reminder_days", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not parts or not all(p.isdigit() for p in parts):
                raise ValueError(f"{value!r} is not a comma-separated list of whole days (for example 30,14,7,1)")
            return tuple(sorted({int(p) for p in parts}, reverse=True))
        return value

    @field_validator("admins", "teams_service_urls", mode="before")
    @classmethod
    def _admin_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("retention_years", mode="before")
    @classmethod
    def _whole_years(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip().isdigit():
            raise ValueError(f"{value!r} is not a whole number of years (for example 3)")
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, value: object) -> object:
        if isinstance(value, str):
            if value.strip().lower() not in ("text", "json"):
                raise ValueError(f"{value!r} is neither text nor json")
            return value.strip().lower()
        return value

    @field_validator("reminder_time", mode="before")
    @classmethod
    def _hh_mm(cls, value: object) -> object:
        if isinstance(value, str):
            match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value.strip())
            if not match or int(match[1]) > 23 or int(match[2]) > 59:
                raise ValueError(f"{value!r} is not a time of day as HH:MM (for example 09:00)")
            return time(int(match[1]), int(match[2]))
        return value

    @field_validator("llm_url", "slack_api_url")
    @classmethod
    def _http_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.match(r"^https?://[^\s/]+", value.strip()):
            example = {"slack_api_url": "https://slack.com/api/"}.get(info.field_name or "", "http://127.0.0.1:8000/v1")
            raise ValueError(f"{value!r} is not an http(s) URL (for example {example})")
        return value.strip()

    @field_validator("coordinator")
    @classmethod
    def _reachable(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+|#[\w.-]+|[CGUW][A-Z0-9]{6,}", value):
            raise ValueError(f"{value!r} is not an e-mail address, a Slack channel (#name) or a Slack id")
        return value

    @field_validator("examples_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not re.fullmatch(r"#[\w.-]+|[CG][A-Z0-9]{6,}|teams:\S+", value):
            raise ValueError(f"{value!r} is neither a Slack channel (#name or C…) nor a Teams channel (teams:<id>)")
        return value

    @field_validator("teams_app_id", "teams_tenant_id")
    @classmethod
    def _entra_id(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if re.fullmatch(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}", value):
            return value
        if info.field_name == "teams_tenant_id" and re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", value):
            return value  # a tenant may be named by its domain, vaxjo.onmicrosoft.com
        where = (
            "Overview → Directory (tenant) ID"
            if info.field_name == "teams_tenant_id"
            else "Overview → Application (client) ID"
        )
        raise ValueError(f"{value!r} is not an Entra id like 00000000-0000-0000-0000-000000000000 (the app's {where})")

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        parse_smtp_url(value.get_secret_value())
        return value

    @field_validator("mail_from")
    @classmethod
    def _mail_from(cls, value: str | None, info: ValidationInfo) -> str | None:
        value = value.strip() if value else None
        if not value:
            if info.data.get("smtp_url") is not None:
                raise ValueError("is needed with UTBLICK_SMTP_URL: the address reminders are sent from")
            return None
        name, address = parseaddr(value)
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
            raise ValueError(f"{value!r} is not an e-mail address (for example Utblick <utblick@vaxjo.se>)")
        return value

    @field_validator("strategy_file")
    @classmethod
    def _readable(cls, value: Path) -> Path:
        if not value.is_file():
            raise ValueError(f"{str(value)!r} is not a readable file")
        return value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        # The messages never repeat the value: it is a secret, and the terminal may be shared.
        if value is not None and not value.get_secret_value().strip().startswith(("xoxb-", "xoxe.xoxb-")):
            raise ValueError(
                "is not a bot token: it starts with xoxb- (Slack: OAuth & Permissions → Bot User OAuth Token)"
            )
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip().startswith("xapp-"):
            raise ValueError(
                "is not an app-level token: it starts with xapp- (Slack: Basic Information → App-Level Tokens)"
            )
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def slack_configured(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def smtp(self) -> SmtpServer | None:
        """The mail server, when reminders may also go by e-mail."""
        return parse_smtp_url(self.smtp_url.get_secret_value()) if self.smtp_url is not None else None

    @classmethod
    def env_names(cls) -> dict[str, str]:
        """Map each field to the environment variable that sets it (for the documentation check and `doctor`)."""
        names: dict[str, str] = {}
        prefix = cls.model_config.get("env_prefix", "")
        for name, field in cls.model_fields.items():
            alias = field.validation_alias
            if isinstance(alias, AliasChoices):
                names[name] = str(alias.choices[0])
            else:
                names[name] = f"{prefix}{name}".upper()
        return names


class ConfigurationError(Exception):
    """Raised with one readable line per bad setting; the CLI prints it instead of a traceback."""


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning pydantic's validation errors into a message that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        env = Settings.env_names()
        by_alias = {v: k for k, v in env.items()}
        lines = []
        for error in exc.errors():
            loc = str(error["loc"][0]) if error["loc"] else "?"
            field = by_alias.get(loc, loc)
            variable = env.get(field, loc.upper())
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{variable}: {message}")
        raise ConfigurationError("\n".join(lines)) from None

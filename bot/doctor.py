"""`utblick doctor`: why is the bot not answering? One line per check, with what to do when it fails.

Each check is a function of the settings that returns a `Check`; nothing here changes anything (the
database is not even upgraded), so the doctor is safe to run on a production server at any time. Slack is
asked `auth.test`, which answers who the token belongs to and, in the `x-oauth-scopes` header, which
scopes it was granted; those are compared with what `slack/manifest.yml` asks for. Teams is checked only
as settings, since Microsoft's sign-in is not something to try from an operator's terminal.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Literal

from sqlalchemy import func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.i18n import Translator
from storage.db import Database, DatabaseUnavailable, first_line

Status = Literal["ok", "warn", "fail", "skip"]
MARKS: Final = {"ok": "✓", "warn": "!", "fail": "✗", "skip": "–"}
MANIFEST: Final = Path(__file__).resolve().parents[1] / "slack" / "manifest.yml"
SLACK_TIMEOUT_SECONDS: Final = 10
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_TENANT_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    """One line of the doctor's answer: what was checked, how it went, and what to do about it."""

    name: str
    status: Status
    detail: str
    fix: str | None = None

    def line(self, t: Translator) -> str:
        text = f"{MARKS[self.status]} {t(f'doctor.check.{self.name}')}: {self.detail}"
        return f"{text} → {self.fix}" if self.fix and self.status in ("fail", "warn") else text

    def as_dict(self) -> dict[str, object]:
        return {"check": self.name, "status": self.status, "detail": self.detail, "fix": self.fix}


def manifest_scopes(path: Path = MANIFEST) -> list[str] | None:
    """The bot scopes the app manifest asks for, or None when the manifest is not beside the code."""
    if not path.is_file():
        return None
    import yaml

    manifest = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(((manifest.get("oauth_config") or {}).get("scopes") or {}).get("bot") or [])


def check_settings(settings: Settings, t: Translator) -> Check:
    enabled = [name for name, on in (("Slack", settings.slack_configured), ("Teams", bool(settings.teams_app_id)),
                                     ("LLM", bool(settings.llm_url))) if on]  # fmt: skip
    return Check("settings", "ok", t("doctor.settings_ok", language=settings.language, timezone=settings.timezone,
                                     enabled=", ".join(enabled) or "–"))  # fmt: skip


def check_database(database: Database, t: Translator) -> list[Check]:
    try:
        database.check()
    except DatabaseUnavailable as exc:
        return [Check("database", "fail", str(exc), t("doctor.database_fix"))]
    dialect = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(database.dialect, database.dialect)
    checks = [Check("database", "ok", t("doctor.database_ok", dialect=dialect, url=database.display_url))]
    try:
        current, head = database.current_revision(), database.head_revision()
    except SQLAlchemyError as exc:
        return [*checks, Check("migrations", "fail", first_line(exc), t("doctor.migrations_fix"))]
    if current == head:
        checks.append(Check("migrations", "ok", t("doctor.migrations_ok", revision=current)))
    else:
        detail = t("doctor.migrations_behind", current=current or "–", head=head)
        checks.append(Check("migrations", "warn", detail, t("doctor.migrations_fix")))
    return checks


def check_people(database: Database, settings: Settings, t: Translator) -> list[Check]:
    """Someone must be able to administer, and every unit needs a contact person to be reminded."""
    from bot.roles import administrators
    from storage.models import OrgUnit

    try:
        with database.session_scope() as session:
            admins = len(administrators(session, settings))
            units = session.scalar(select(func.count()).select_from(OrgUnit)) or 0
            orphans = [u.name for u in session.scalars(select(OrgUnit).where(OrgUnit.contact_person_id.is_(None)))]
    except SQLAlchemyError:
        return []  # the database line already says what is wrong
    checks = []
    if admins or settings.admins:
        checks.append(Check("admins", "ok", t("doctor.admins_ok", count=admins + len(settings.admins))))
    else:
        checks.append(Check("admins", "warn", t("doctor.admins_none"), t("doctor.admins_fix")))
    if not units:
        checks.append(Check("units", "warn", t("doctor.units_none"), t("doctor.units_fix")))
    elif orphans:
        detail = t(
            "doctor.units_orphans", count=units, names=", ".join(orphans[:5]) + (" …" if len(orphans) > 5 else "")
        )
        checks.append(Check("units", "warn", detail, t("doctor.units_orphans_fix")))
    else:
        checks.append(Check("units", "ok", t("doctor.units_ok", count=units)))
    return checks


def check_activity_dates(database: Database, t: Translator, today: date) -> list[Check]:
    """Activities dated outside the register's window (written before dates were checked, or into the
    database by hand): the reminder planner skips them, so someone must mend them."""
    from storage.models import Activity
    from storage.vocab import date_window

    first, last = date_window(today)
    outside = or_(
        Activity.start_date < first, Activity.start_date > last, Activity.end_date < first, Activity.end_date > last
    )
    try:
        with database.session_scope() as session:
            ids = list(session.scalars(select(Activity.id).where(outside).order_by(Activity.id).limit(11)))
    except SQLAlchemyError:
        return []
    if not ids:
        return [Check("activity_dates", "ok", t("doctor.dates_ok", first=first.year, last=last.year))]
    shown = ", ".join(str(i) for i in ids[:10]) + (" …" if len(ids) > 10 else "")
    return [Check("activity_dates", "warn", t("doctor.dates_outside", ids=shown), t("doctor.dates_fix"))]


def check_strategy(settings: Settings, t: Translator) -> Check:
    from bot.knowledge.document import load_document

    try:
        document = load_document(settings.strategy_file)
    except Exception as exc:  # any failure to read it is the operator's to see, in one line
        return Check("strategy", "fail", f"{settings.strategy_file}: {first_line(exc)}", t("doctor.strategy_fix"))
    if not document.passages:
        return Check(
            "strategy", "fail", t("doctor.strategy_empty", file=settings.strategy_file), t("doctor.strategy_fix")
        )
    sections = len({p.section_label for p in document.passages})
    key = "doctor.strategy_ok_translated" if document.translated else "doctor.strategy_ok"
    return Check("strategy", "ok", t(key, title=document.title, sections=sections, passages=len(document.passages)))


def check_slack(
    settings: Settings, t: Translator, scopes: Callable[[], list[str] | None] = manifest_scopes
) -> list[Check]:
    if settings.slack_bot_token is None:
        return [Check("slack", "skip", t("doctor.slack_off"))]
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError, SlackClientError

    base_url = settings.slack_api_url or "https://slack.com/api/"
    # One attempt, and slack_sdk's own retry and error logging kept out of the doctor's lines.
    quiet = logging.getLogger(f"{__name__}.slack")
    quiet.propagate, quiet.level = False, logging.CRITICAL
    client = WebClient(token=settings.slack_bot_token.get_secret_value().strip(), base_url=base_url,
                       timeout=SLACK_TIMEOUT_SECONDS, logger=quiet, retry_handlers=[])  # fmt: skip
    checks: list[Check] = []
    try:
        response = client.auth_test()
    except SlackApiError as exc:
        error = str(exc.response.get("error", "unknown_error"))
        fix_key = f"doctor.slack_fix_{error}" if t.has(f"doctor.slack_fix_{error}") else "doctor.slack_fix_other"
        checks.append(Check("slack", "fail", t("doctor.slack_refused", error=error), t(fix_key)))
        return [*checks, check_slack_mode(settings, t)]
    except (SlackClientError, OSError) as exc:
        reason = first_line(exc) or type(exc).__name__
        checks.append(Check("slack", "fail", t("doctor.slack_unreachable", url=base_url, reason=reason),
                            t("doctor.slack_fix_network")))  # fmt: skip
        return [*checks, check_slack_mode(settings, t)]
    data: dict[str, Any] = response.data if isinstance(response.data, dict) else {}
    checks.append(Check("slack", "ok", t("doctor.slack_ok", user=data.get("user", "?"), team=data.get("team", "?"))))
    wanted = scopes()
    header = {k.lower(): v for k, v in (response.headers or {}).items()}.get("x-oauth-scopes")
    if wanted is None:
        checks.append(Check("slack_scopes", "warn", t("doctor.scopes_no_manifest", file=MANIFEST)))
    elif header is None:
        checks.append(Check("slack_scopes", "warn", t("doctor.scopes_unknown")))
    else:
        granted = {s.strip() for s in str(header).split(",") if s.strip()}
        missing = [s for s in wanted if s not in granted]
        if missing:
            checks.append(Check("slack_scopes", "fail", t("doctor.scopes_missing", scopes=", ".join(missing)),
                                t("doctor.scopes_fix")))  # fmt: skip
        else:
            checks.append(Check("slack_scopes", "ok", t("doctor.scopes_ok", count=len(wanted))))
    return [*checks, check_slack_mode(settings, t)]


def check_slack_mode(settings: Settings, t: Translator) -> Check:
    """Socket Mode needs the app-level token, HTTP the signing secret; with neither, Slack cannot reach us."""
    if settings.slack_app_token is not None:
        return Check("slack_mode", "ok", t("doctor.mode_socket"))
    if settings.slack_signing_secret is not None:
        return Check("slack_mode", "ok", t("doctor.mode_http"))
    return Check("slack_mode", "fail", t("doctor.mode_none"), t("doctor.mode_fix"))


def check_teams(settings: Settings, t: Translator) -> Check:
    values = {"TEAMS_APP_ID": settings.teams_app_id, "TEAMS_APP_SECRET": settings.teams_app_secret,
              "TEAMS_TENANT_ID": settings.teams_tenant_id}  # fmt: skip
    if not any(values.values()):
        return Check("teams", "skip", t("doctor.teams_off"))
    missing = [name for name, value in values.items() if not value]
    if missing:
        return Check("teams", "fail", t("doctor.teams_missing", names=", ".join(missing)), t("doctor.teams_fix"))
    if not _GUID.match(settings.teams_app_id or ""):
        return Check("teams", "fail", t("doctor.teams_bad_id"), t("doctor.teams_fix"))
    tenant = settings.teams_tenant_id or ""
    if not (_GUID.match(tenant) or _TENANT_DOMAIN.match(tenant)):
        return Check("teams", "fail", t("doctor.teams_bad_tenant"), t("doctor.teams_fix"))
    return Check("teams", "ok", t("doctor.teams_ok"))


def run_checks(settings: Settings, t: Translator, *, database: Database | None = None) -> list[Check]:
    """Every check, in the order an operator would look: settings, data, content, platforms."""
    own = database is None
    database = database or Database(settings.database_url)
    checks = [check_settings(settings, t)]
    try:
        checks += check_database(database, t)
        if checks[-1].status != "fail":
            checks += check_people(database, settings, t)
            checks += check_activity_dates(database, t, datetime.now(settings.tz).date())
    finally:
        if own:
            database.dispose()
    checks.append(check_strategy(settings, t))
    checks += check_slack(settings, t)
    checks.append(check_teams(settings, t))
    return checks

"""`utblick audit`: who changed units, contact persons and roles, deleted or imported something, and when."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time
from typing import Any

from bot.commands.base import say, start_app
from bot.config import Settings
from bot.i18n import Translator
from storage import audit
from storage.models import AuditEntry

EXIT_BAD_ARGUMENT = 4


class _Blank(dict[str, Any]):
    """Details for a catalog line: a value the entry lacks reads as a dash, not a crash."""

    def __init__(self, values: dict[str, Any], erased: str) -> None:
        super().__init__(values)
        self.erased = erased

    def __missing__(self, key: str) -> str:
        return "–"

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key) if key in self else self.__missing__(key)
        if value is None:
            return self.erased if key == "who" else "–"
        return value


def describe(entry: AuditEntry, t: Translator) -> str:
    """The entry as one sentence in the operator's language ("satte Erik Lind som kontaktperson för …")."""
    key = f"audit.action.{entry.action}"
    if not t.has(key):
        return f"{entry.action} {json.dumps(entry.details, ensure_ascii=False)}"
    return t(key).format_map(_Blank(entry.details, t("audit.erased")))


def as_json(entry: AuditEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "details": entry.details,
    }


def as_line(entry: AuditEntry, settings: Settings, t: Translator) -> str:
    when = entry.at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
    return f"{when}  {entry.actor or t('audit.erased')}: {describe(entry, t)}"


def show_audit(args: argparse.Namespace, settings: Settings) -> int:
    since: datetime | None = None
    if args.since:
        try:
            since = datetime.combine(date.fromisoformat(args.since), time(0), tzinfo=settings.tz)
        except ValueError:
            print(say(settings, "cli.audit.bad_date", value=args.since), file=sys.stderr)
            return EXIT_BAD_ARGUMENT
    app = start_app(settings)
    t = Translator(settings.language)
    with app.database.session_scope() as session:
        rows = audit.entries(session, since=since, limit=args.limit)
        if args.json:
            for row in rows:
                print(json.dumps(as_json(row), ensure_ascii=False))
            return 0
        if not rows:
            print(say(settings, "cli.audit.empty"))
            return 0
        for row in rows:
            print(as_line(row, settings, t))
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("audit", help="who changed units, contact persons and roles, and when")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only changes from this day on")
    parser.add_argument("--limit", type=int, default=200, help="at most this many of the latest (default 200)")
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    parser.set_defaults(func=show_audit)

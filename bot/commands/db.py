"""`utblick db`: the operator's database tools."""

from __future__ import annotations

import argparse
from typing import Any

from bot.clock import SystemClock
from bot.commands.base import say
from bot.config import Settings
from storage import retention
from storage.db import Database


def db(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    if args.action == "upgrade":
        database.upgrade()
        print(say(settings, "cli.db_upgraded", revision=database.current_revision()))
        return 0
    if args.action == "prune":
        return prune(database, settings, dry_run=args.dry_run)
    database.check()
    current, head = database.current_revision(), database.head_revision()
    key = "cli.db_current" if current == head else "cli.db_behind"
    print(say(settings, key, current=current or "-", head=head))
    return 0 if current == head else 1


def prune(database: Database, settings: Settings, *, dry_run: bool) -> int:
    """Remove text older than UTBLICK_RETENTION_YEARS (what the scheduler also does once a day)."""
    database.upgrade()
    now = SystemClock().now()
    with database.session_scope() as session:
        summary = retention.prune(session, now, years=settings.retention_years,
                                  dialogue_timeout_hours=settings.dialogue_timeout_hours)  # fmt: skip
        if dry_run:
            session.rollback()
    values = {k: v for k, v in summary.as_dict().items() if k != "before"}
    before = summary.before.astimezone(settings.tz).date().isoformat()
    print(say(settings, "cli.prune.would" if dry_run else "cli.prune.done", before=before, **values))
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("db", help="database tools")
    parser.add_argument("action", choices=["upgrade", "current", "prune"],
                        help="upgrade the schema, show its revision, or remove text older than the retention period")  # fmt: skip
    parser.add_argument("--dry-run", action="store_true", help="with prune: say what would be removed, remove nothing")
    parser.set_defaults(func=db)

"""`utblick db`: the operator's database tools."""

from __future__ import annotations

import argparse
from typing import Any

from bot.commands.base import say
from bot.config import Settings
from storage.db import Database


def db(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    if args.action == "upgrade":
        database.upgrade()
        print(say(settings, "cli.db_upgraded", revision=database.current_revision()))
        return 0
    database.check()
    current, head = database.current_revision(), database.head_revision()
    key = "cli.db_current" if current == head else "cli.db_behind"
    print(say(settings, key, current=current or "-", head=head))
    return 0 if current == head else 1


def register(commands: Any) -> None:
    parser = commands.add_parser("db", help="database tools")
    parser.add_argument("action", choices=["upgrade", "current"], help="upgrade the schema, or show its revision")
    parser.set_defaults(func=db)

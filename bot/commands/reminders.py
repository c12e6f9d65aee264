"""`utblick reminders plan` and `utblick reminders run-due`: what the scheduler would send, and sending it."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from bot.commands.base import say, start_app
from bot.config import Settings
from reminders.delivery import run_due
from reminders.planner import plan

EXIT_NO_CHANNEL = 5


def _moment(value: str | None, settings: Settings) -> datetime:
    """--at as an ISO date-time; without a time zone it is the bot's local time."""
    if not value:
        return datetime.now(settings.tz)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SystemExit(say(settings, "cli.reminders.bad_at", value=value)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.tz)


def plan_command(args: argparse.Namespace, settings: Settings) -> int:
    at = _moment(args.at, settings)
    app = start_app(settings)
    with app.database.session_scope() as session:
        notices = plan(session, at, settings)
    for notice in notices:
        if args.json:
            print(json.dumps(notice.contract(), ensure_ascii=False))
        else:
            who = notice.to.name or notice.to.email or "?"
            print(f"{notice.due_at:%Y-%m-%d %H:%M}  {notice.kind:<21} {who}  {notice.unit_name or ''}  [{notice.key}]")
    if not args.json and not notices:
        print(say(settings, "cli.reminders.nothing_due", at=f"{at:%Y-%m-%d %H:%M}"))
    return 0


def run_due_command(args: argparse.Namespace, settings: Settings) -> int:
    at = _moment(args.at, settings)
    app = start_app(settings)
    if not app.channels:
        print(say(settings, "cli.reminders.no_channel"), file=sys.stderr)
        return EXIT_NO_CHANNEL
    summary = run_due(app.database, app.channels, settings, at)
    print(say(settings, "cli.reminders.ran", sent=len(summary.sent), retrying=len(summary.retrying),
              failed=len(summary.failed), skipped=len(summary.skipped)))  # fmt: skip
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("reminders", help="the reminders that are due, and sending them")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    planning = actions.add_parser("plan", help="show what is due at a moment and not yet sent")
    planning.add_argument("--at", help="ISO date-time, e.g. 2027-01-10T09:00 (default: now)")
    planning.add_argument("--json", action="store_true", help="one JSON object per notice")
    planning.set_defaults(func=plan_command)
    running = actions.add_parser("run-due", help="send what is due now (what the scheduler does every tick)")
    running.add_argument("--at", help="ISO date-time to act as now (for catching up by hand)")
    running.set_defaults(func=run_due_command)

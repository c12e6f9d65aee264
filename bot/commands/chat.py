"""`utblick chat` and `utblick run`: the terminal chat, and what `make run` starts."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.commands.base import say, start_app
from bot.config import Settings
from bot.platforms.console import ConsoleAdapter, interactive_lines, sender_for


def chat(args: argparse.Namespace, settings: Settings) -> int:
    app = start_app(settings)
    app.warm_up()
    adapter = ConsoleAdapter(app.engine, sender_for(getattr(args, "user", None)))
    if sys.stdin.isatty():
        print(say(settings, "cli.chat_banner"), file=sys.stderr)
        adapter.run(interactive_lines("du> "), echo=False)
    else:
        adapter.run(sys.stdin, echo=True)
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Slack when it is configured, else Teams, otherwise the terminal chat; one line says which and why."""
    if settings.slack_configured:
        from bot.commands.serve import run_slack

        return run_slack(args, settings)
    if settings.teams_app_id:
        from bot.commands.serve import run_teams

        return run_teams(args, settings)
    from storage.db import safe_url

    print(say(settings, "cli.run_chat", database=safe_url(settings.database_url)), file=sys.stderr)
    return chat(args, settings)


def register(commands: Any) -> None:
    parser = commands.add_parser("run", help="start Slack if configured, otherwise the terminal chat")
    parser.set_defaults(func=run)
    parser = commands.add_parser("chat", help="talk to the bot in the terminal (reads stdin when piped)")
    parser.add_argument("--user", help="act as this person: an e-mail address or a name")
    parser.set_defaults(func=chat)

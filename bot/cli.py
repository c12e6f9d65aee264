"""`utblick` on the command line: the terminal chat and the operator's tools.

Every failure an operator can cause (bad settings, an unreachable database) ends in one readable line
and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from bot import __version__
from bot.app import App, build_app
from bot.config import ConfigurationError, Settings, load_settings
from bot.i18n import Translator
from storage.db import DatabaseUnavailable

log = logging.getLogger(__name__)

EXIT_CONFIG = 2
EXIT_DATABASE = 3

Command = Callable[[argparse.Namespace, Settings], int]


def _say(settings: Settings | None, key: str, **values: object) -> str:
    return Translator(settings.language if settings else "sv")(key, **values)


def _start(settings: Settings) -> App:
    """Build the app and bring the database schema up to date."""
    app = build_app(settings)
    app.database.upgrade()
    return app


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.platforms.console import ConsoleAdapter, interactive_lines, sender_for

    app = _start(settings)
    adapter = ConsoleAdapter(app.engine, sender_for(args.user))
    if sys.stdin.isatty():
        print(_say(settings, "cli.chat_banner"), file=sys.stderr)
        adapter.run(interactive_lines("du> "), echo=False)
    else:
        adapter.run(sys.stdin, echo=True)
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """What `make run` starts: Slack when it is configured, otherwise the terminal chat."""
    if settings.slack_configured:
        print(_say(settings, "cli.run_slack_missing"), file=sys.stderr)
        return EXIT_CONFIG
    print(_say(settings, "cli.run_chat", database=build_app(settings).database.display_url), file=sys.stderr)
    args.user = None
    return cmd_chat(args, settings)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    app = build_app(settings)
    if args.action == "upgrade":
        app.database.upgrade()
        print(_say(settings, "cli.db_upgraded", revision=app.database.current_revision()))
    else:
        app.database.check()
        current, head = app.database.current_revision(), app.database.head_revision()
        key = "cli.db_current" if current == head else "cli.db_behind"
        print(_say(settings, key, current=current or "-", head=head))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="utblick",
        description="Utblick – assistent för kommunens internationella arbete / "
        "assistant for the municipality's international work.",
    )
    parser.add_argument("--version", action="version", version=f"utblick {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="start Slack if configured, otherwise the terminal chat")
    run.set_defaults(func=cmd_run)

    chat = commands.add_parser("chat", help="talk to the bot in the terminal (reads stdin when piped)")
    chat.add_argument("--user", help="act as this person: an e-mail address or a name")
    chat.set_defaults(func=cmd_chat)

    db = commands.add_parser("db", help="database tools")
    db.add_argument("action", choices=["upgrade", "current"], help="upgrade the schema, or show its revision")
    db.set_defaults(func=cmd_db)
    return parser


def configure_logging(settings: Settings, command: str | None) -> None:
    # In the terminal chat, info lines would interleave with the conversation; only problems show.
    level = settings.log_level
    if command in {"chat", "run"} and level == "INFO":
        level = "WARNING"
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        settings = load_settings()
    except ConfigurationError as exc:
        print(_say(None, "cli.config_error"), file=sys.stderr)
        for line in str(exc).splitlines():
            print(f"  {line}", file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(settings, args.command)
    try:
        return int(args.func(args, settings))
    except DatabaseUnavailable as exc:
        print(_say(settings, "cli.database_unavailable", reason=str(exc)), file=sys.stderr)
        return EXIT_DATABASE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""`utblick` on the command line: the terminal chat and the operator's tools.

Every failure an operator can cause (bad settings, an unreachable database) ends in one readable line
and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from bot import __version__

if TYPE_CHECKING:
    from bot.config import Settings

# The module in bot/commands/ that defines each subcommand; the order of the modules is the order of
# `utblick --help`. A command imports only its own module: `utblick db upgrade` has no use for
# matplotlib, openpyxl or the strategy's index, and `utblick --version` imports none of them.
COMMANDS = {
    "run": "chat", "chat": "chat", "serve": "serve", "socket": "serve", "parse": "parse", "ask": "ask",
    "report": "report", "reminders": "reminders", "units": "units", "activities": "activities", "db": "db",
    "audit": "audit", "feedback": "feedback", "doctor": "doctor", "answers": "answers",
}  # fmt: skip


def _modules_for(argv: Sequence[str]) -> list[str]:
    """The command modules the parser needs: the named command's own; none for `--version`; all of them
    for the overview (`--help`, no command, or a misspelt one, whose error lists them all)."""
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    if command in COMMANDS:
        return [COMMANDS[command]]
    if command is None and "--version" in argv and not {"-h", "--help"} & set(argv):
        return []
    return list(dict.fromkeys(COMMANDS.values()))


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for these arguments (all commands when none are given)."""
    parser = argparse.ArgumentParser(
        prog="utblick",
        description="Utblick – assistent för kommunens internationella arbete / "
        "assistant for the municipality's international work.",
    )
    parser.add_argument("--version", action="version", version=f"utblick {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _modules_for([] if argv is None else argv):
        importlib.import_module(f"bot.commands.{name}").register(commands)
    return parser


def configure_logging(settings: Settings, command: str | None) -> None:
    from bot.logs import configure

    configure(settings, command)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        build_parser().print_help()
        return 0
    from bot.commands.base import EXIT_CONFIG, EXIT_DATABASE, say
    from bot.config import ConfigurationError, load_settings
    from storage.db import DatabaseUnavailable

    try:
        settings = load_settings()
    except ConfigurationError as exc:
        if getattr(args, "on_config_error", None):  # `utblick doctor` reports bad settings as its first check
            return int(args.on_config_error(args, exc))
        print(say(None, "cli.config_error"), file=sys.stderr)
        for line in str(exc).splitlines():
            print(f"  {line}", file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(settings, args.command)
    try:
        return int(args.func(args, settings))
    except DatabaseUnavailable as exc:
        print(say(settings, "cli.database_unavailable", reason=str(exc)), file=sys.stderr)
        return EXIT_DATABASE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`utblick chat … | head`): stop quietly, as command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def run() -> NoReturn:
    """The `utblick` program: `main`, and then the process ends.

    As it ends, Python takes its modules apart and runs the cycle collector over everything the process
    still holds, several times over: 110-155 ms for a command that imported SQLAlchemy, pydantic and
    psycopg, a fifth of all `utblick db current` costs. Nothing a process holds as it ends is worth
    looking for garbage in (the system takes all of its memory back), so all of it is frozen out of
    those passes. Reference counting still takes the modules apart, and atexit handlers, the logs and
    buffered output are finished as before; `main` itself stays for tests, which call it many times."""
    status = main()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    run()

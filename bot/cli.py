"""`utblick` on the command line: the terminal chat and the operator's tools.

Every failure an operator can cause (bad settings, an unreachable database) ends in one readable line
and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot import __version__
from bot.commands import activities, ask, audit, chat, db, doctor, feedback, parse, reminders, report, serve, units
from bot.commands import answers as verified_answers_cli
from bot.commands.base import EXIT_CONFIG, EXIT_DATABASE, say
from bot.config import ConfigurationError, Settings, load_settings
from storage.db import DatabaseUnavailable

# One line per subcommand module; the order is the order of `utblick --help`.
COMMANDS = (chat, serve, parse, ask, report, reminders, units, activities, db, audit, feedback, doctor)
COMMANDS_ALSO = (verified_answers_cli,)  # `utblick answers`


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="utblick",
        description="Utblick – assistent för kommunens internationella arbete / "
        "assistant for the municipality's international work.",
    )
    parser.add_argument("--version", action="version", version=f"utblick {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (*COMMANDS, *COMMANDS_ALSO):
        module.register(commands)
    return parser


def configure_logging(settings: Settings, command: str | None) -> None:
    from bot.logs import configure

    configure(settings, command)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
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


if __name__ == "__main__":
    sys.exit(main())

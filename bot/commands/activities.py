"""`utblick activities`: bring a municipality's spreadsheet of international work in, take everything out.

Import checks the whole file and stores nothing if any row is wrong, listing every problem by line
and column; `--dry-run` only checks. Export writes the import format, so export → import → export gives
the same file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.clock import SystemClock
from bot.collector import collector_paused
from bot.commands.base import open_database, say
from bot.config import Settings
from registers import activities as activity_register
from registers.units import RegisterError
from storage import audit

EXIT_BAD_FILE = 4
# Past this many, the operator has the idea; the rest would only scroll the first ones away.
SHOWN_PROBLEMS = 50
# A municipality's first import brings thousands of people: their addresses in one line hid the summary
# above them. The first ones show what kind of address came in; the count says how many.
SHOWN_PEOPLE = 20


@collector_paused()
def import_activities(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(say(settings, "cli.activities.no_file", file=args.file), file=sys.stderr)
        return EXIT_BAD_FILE
    database = open_database(settings)
    with database.session_scope() as session:
        try:
            today = SystemClock().now().astimezone(settings.tz).date()
            summary, ignored_columns = activity_register.import_file(session, path, today=today)
        except RegisterError as error:
            session.rollback()  # the rows stored before the problem was found
            _report_problems(settings, args.file, error)
            return EXIT_BAD_FILE
        counts = summary.counts()
        if args.dry_run:
            session.rollback()
        else:
            audit.record(session, "activities_imported", actor_label=audit.operator_label(),
                         details={"file": path.name, **counts})  # fmt: skip
    key = "cli.activities.checked" if args.dry_run else "cli.activities.imported"
    print(say(settings, key, file=args.file, **counts))
    if ignored_columns:
        print(say(settings, "cli.activities.ignored_columns", columns=", ".join(ignored_columns)))
    if summary.new_people:
        shown = ", ".join(summary.new_people[:SHOWN_PEOPLE])
        if len(summary.new_people) > SHOWN_PEOPLE:
            more = say(settings, "cli.activities.more_people", count=len(summary.new_people) - SHOWN_PEOPLE)
            shown = f"{shown} {more}"
        print(say(settings, "cli.activities.new_people", people=shown))
    return 0


def _report_problems(settings: Settings, file: str, error: RegisterError) -> None:
    print(say(settings, "cli.activities.rejected", file=file), file=sys.stderr)
    for problem in error.problems[:SHOWN_PROBLEMS]:
        reason = say(settings, f"cli.activities.problem.{problem.code}", value=problem.value)
        print(say(settings, "cli.activities.problem_line", line=problem.line, column=problem.column, reason=reason),
              file=sys.stderr)  # fmt: skip
    if len(error.problems) > SHOWN_PROBLEMS:
        print(
            say(settings, "cli.activities.more_problems", count=len(error.problems) - SHOWN_PROBLEMS), file=sys.stderr
        )


def export_activities(args: argparse.Namespace, settings: Settings) -> int:
    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() if args.out else "csv")
    if fmt not in ("csv", "json", "xlsx"):
        fmt = "csv"
    if fmt == "xlsx" and not args.out:
        print(say(settings, "cli.activities.xlsx_needs_out"), file=sys.stderr)
        return EXIT_BAD_FILE
    database = open_database(settings)
    # The rows stream from the database into the file, so the session stays open while they are written.
    with database.session_scope() as session:
        rows = activity_register.export_rows(session)
        if fmt == "xlsx":
            count = activity_register.write_xlsx(rows, Path(args.out))
        else:
            write = activity_register.write_csv if fmt == "csv" else activity_register.write_json
            if not args.out:
                write(rows, sys.stdout)
                return 0
            # A file gets UTF-8's byte order mark when it is CSV: it is what makes Excel read å, ä and ö.
            with open(args.out, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as out:
                count = write(rows, out)
    print(say(settings, "cli.activities.exported", count=count, file=args.out), file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("activities", help="import activities from a spreadsheet, or export them all")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    importing = actions.add_parser("import", help="add or update activities from a CSV or Excel (.xlsx) file")
    importing.add_argument("file")
    importing.add_argument("--dry-run", action="store_true", help="check the file and say what would change")
    importing.set_defaults(func=import_activities)
    exporting = actions.add_parser("export", help="write every activity in the import format")
    exporting.add_argument("--format", choices=["csv", "json", "xlsx"], help="csv (default), json or xlsx")
    exporting.add_argument("--out", help="write to this file instead of standard output")
    exporting.set_defaults(func=export_activities)

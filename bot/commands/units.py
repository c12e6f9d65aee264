"""`utblick units`: the register of förvaltningar and bolag with their contact persons, as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.commands.base import open_database, say
from bot.config import Settings
from registers import units as unit_register
from registers.units import RegisterError
from storage import audit, units

EXIT_BAD_FILE = 4


def import_units(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(say(settings, "cli.units.no_file", file=args.file), file=sys.stderr)
        return EXIT_BAD_FILE
    try:
        rows = unit_register.read(path)
    except RegisterError as error:
        print(say(settings, "cli.units.rejected", file=args.file), file=sys.stderr)
        for problem in error.problems:
            reason = say(settings, f"cli.units.problem.{problem.code}", value=problem.value)
            print(say(settings, "cli.units.problem_line", line=problem.line, column=problem.column, reason=reason),
                  file=sys.stderr)  # fmt: skip
        return EXIT_BAD_FILE
    database = open_database(settings)
    with database.session_scope() as session:
        summary = unit_register.store(session, rows)
        counts = {"added": len(summary.added), "changed": len(summary.changed), "unchanged": len(summary.unchanged)}
        audit.record(
            session, "units_imported", actor_label=audit.operator_label(), details={"file": path.name, **counts}
        )
    print(say(settings, "cli.units.imported", file=args.file, added=len(summary.added),
              changed=len(summary.changed), unchanged=len(summary.unchanged)))  # fmt: skip
    return 0


def export_units(args: argparse.Namespace, settings: Settings) -> int:
    database = open_database(settings)
    with database.session_scope() as session:
        text = unit_register.write(session)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(say(settings, "cli.units.exported", file=args.out), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def list_units(args: argparse.Namespace, settings: Settings) -> int:
    database = open_database(settings)
    with database.session_scope() as session:
        for unit in units.all_units(session):
            contact = unit.contact_person.display_name if unit.contact_person else "–"
            print(f"{unit.name} ({unit.short_name or unit.kind}): {contact}")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("units", help="the register of units and contact persons (CSV)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    importing = actions.add_parser("import", help="add or update units from a CSV file")
    importing.add_argument("file")
    importing.set_defaults(func=import_units)
    exporting = actions.add_parser("export", help="write the register as CSV (to stdout, or --out FILE)")
    exporting.add_argument("--out")
    exporting.set_defaults(func=export_units)
    listing = actions.add_parser("list", help="list units and their contact persons")
    listing.set_defaults(func=list_units)

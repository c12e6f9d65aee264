"""`utblick report`: the annual report draft for one unit (or all) and one year, as a file.

    utblick report --unit KFF --year 2026 --format docx --out rapport.docx

Every mistake an operator can make (a unit that does not exist, a year that is not one, a file that
cannot be written) is one line on standard error and exit status 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.commands.base import say, start_app
from bot.config import Settings
from reminders.deadlines import next_deadline
from reports.period import FIRST_YEAR, valid_year
from storage import units as unit_store

EXIT_USAGE = 1
ALL_UNITS = {"all", "alla"}
TEXT_FORMATS = {"md", "csv"}


def _format(args: argparse.Namespace) -> str | None:
    if args.format:
        return str(args.format).lower().lstrip(".")
    if args.out and args.out != "-" and Path(args.out).suffix:
        return Path(args.out).suffix.lower().lstrip(".")
    return "md"


def report(args: argparse.Namespace, settings: Settings) -> int:
    from reports.builder import build_report
    from reports.export import FORMATS, NothingToDraw, file_stem, write_report
    from reports.query import load_activities, unit_info
    from reports.writers import csv as csv_writer
    from reports.writers import markdown

    def fail(key: str, **values: object) -> int:
        print(say(settings, f"cli.report.{key}", **values), file=sys.stderr)
        return EXIT_USAGE

    today = datetime.now(settings.tz).date()
    fmt = _format(args)
    if fmt not in FORMATS:
        return fail("bad_format", format=fmt, formats=", ".join(FORMATS))
    year_text = (args.year or "").strip()
    if not year_text:
        year = next_deadline(today, settings.report_deadline, settings.report_deadline_overrides)[0]
    elif year_text.isdigit() and valid_year(int(year_text), today):
        year = int(year_text)
    else:
        return fail("bad_year", year=year_text, first=FIRST_YEAR, last=today.year + 1)
    language = args.language or settings.language

    # Alembic says at INFO that it looked at the schema; here that would bury the one line that matters.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    app = start_app(settings)
    with app.database.session_scope() as session:
        known = unit_store.all_units(session)
        listing = ", ".join(f"{u.name} ({u.short_name})" if u.short_name else u.name for u in known) or "–"
        wanted = (args.unit or "").strip()
        if not wanted:
            return fail("no_unit", units=listing)
        unit = None if wanted.casefold() in ALL_UNITS else unit_store.find(session, wanted)
        if unit is None and wanted.casefold() not in ALL_UNITS:
            return fail("unknown_unit", unit=wanted, units=listing)
        records = load_activities(session, year, unit.id if unit else None, settings.tz)
        info = unit_info(unit) if unit else None
    built = build_report(records, year=year, language=language, unit=info, generated_on=today)

    if (args.out in (None, "-")) and fmt in TEXT_FORMATS:
        sys.stdout.write(markdown.render(built) if fmt == "md" else csv_writer.render(built))
        return 0
    if args.out == "-":
        return fail("binary_to_stdout", format=fmt)
    out = Path(args.out) if args.out else Path(f"{file_stem(built)}.{fmt}")
    try:
        write_report(built, fmt, out)
    except NothingToDraw:
        return fail("nothing_to_draw", year=year)
    except OSError as exc:
        return fail("cannot_write", path=out, reason=exc.strerror or type(exc).__name__)
    print(say(settings, "cli.report.saved", path=out, count=built.total, missing=built.missing), file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "report",
        help="write the annual report draft of a unit (or all) for a year",
        description="Write the annual report draft as Markdown, Word, Excel, CSV or the chart (PNG).",
    )
    parser.add_argument("--unit", help='the unit by name, short name or alias; "all" for every unit')
    parser.add_argument("--year", help="the reported year (default: the year being reported now)")
    parser.add_argument("--format", help="md, docx, xlsx, csv or png (default: from --out, else md)")
    parser.add_argument("--out", help="the file to write; md and csv go to standard output without it")
    parser.add_argument("--language", choices=["sv", "en"], help="the report's language (default: UTBLICK_LANGUAGE)")
    parser.set_defaults(func=report)

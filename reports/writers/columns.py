"""The columns of an activity in the spreadsheet formats (XLSX, CSV): one definition, two writers.

Values stay typed (dates as dates, the section as a number), so the XLSX gets real date cells that sort
and filter, and the CSV writes them in ISO form, which Excel reads as dates in every locale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reports.model import Entry
from reports.text import ReportText

Value = str | int | date | None


@dataclass(frozen=True)
class Column:
    key: str  # under report.columns in the catalogs
    value: Callable[[ReportText, Entry], Value]
    width: int = 16  # characters, for the XLSX
    kind: str = "text"  # "text", "date", "number" or "long" (wrapped text)


def missing(text: ReportText, entry: Entry) -> str | None:
    """What this activity lacks, in short words ("resultat, klimatkompensation")."""
    lacking = text.lacking(entry)
    return ", ".join(text.missing_short(kind) for kind in lacking) if lacking else None


SECTION = Column("section", lambda t, e: e.section, 9, "number")
UNIT = Column("unit", lambda t, e: e.activity.unit_name, 30)
ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("kind", lambda t, e: t.kind(e.kind), 22),
    Column("activity", lambda t, e: e.title, 40),
    Column("start", lambda t, e: e.activity.start_date, 12, "date"),
    Column("end", lambda t, e: e.activity.end_date, 12, "date"),
    Column("city", lambda t, e: e.activity.city, 16),
    Column("country", lambda t, e: t.country(e.activity.country), 16),
    Column("programme", lambda t, e: e.activity.programme, 24),
    Column("project", lambda t, e: e.activity.project_name, 24),
    Column("status", lambda t, e: t.status(e.activity.status) if e.activity.status else None, 12),
    Column("mode", lambda t, e: t.mode(e.activity.travel_mode) if e.activity.travel_mode else None, 12),
    Column(
        "compensated",
        lambda t, e: t.compensated(e.activity.climate_compensated) if e.activity.travel_mode == "flight" else None,
        12,
    ),
    Column(
        "date_precision",
        lambda t, e: t.precision(e.activity.date_precision) if e.activity.date_precision not in (None, "day") else None,
        10,
    ),
    Column("participants", lambda t, e: e.activity.participants, 10, "number"),
    Column(
        "cofunding",
        lambda t, e: t.compensated(e.activity.cofunding_considered) if e.activity.cofunding_considered else None,
        12,
    ),
    Column("results", lambda t, e: e.activity.results, 60, "long"),
    Column("logged_by", lambda t, e: e.activity.logged_by, 20),
    Column("missing", missing, 24),
)


def activity_columns(text: ReportText, *, with_section: bool) -> tuple[Column, ...]:
    """The columns for this report: the unit only when it covers several, the section when asked."""
    columns = ACTIVITY_COLUMNS
    if text.report.all_units:
        columns = (UNIT, *columns)
    return (SECTION, *columns) if with_section else columns

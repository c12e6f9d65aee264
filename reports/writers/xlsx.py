"""The report as an Excel workbook (openpyxl): an overview, one sheet per strategy section, flights and
what is missing.

Cells are typed: dates are dates, counts are numbers, so sorting and filtering work as people expect.
Every list sheet has a filter on its header row, which stays in view when scrolling. The workbook is
written in openpyxl's write-only mode, which streams rows instead of holding a cell object for each.
A title that starts with "=" stays text: nothing a person typed in chat becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from reports.model import Entry, Report
from reports.text import ReportText
from reports.writers.columns import Column, Value, activity_columns

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_SHEET_NAME = 31  # Excel's limit


def _cell(sheet: WriteOnlyWorksheet, value: Value, kind: str = "text", font: Font | None = None) -> object:
    """A cell value, wrapped in a styled cell only when it needs to be (styling is most of the cost).

    Dates need no wrapping: openpyxl gives a `date` the format yyyy-mm-dd by itself.
    """
    formula_like = isinstance(value, str) and value.startswith("=")
    wrap = kind == "long" and value is not None
    if not (formula_like or wrap or font is not None):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if formula_like:
        cell.data_type = "s"
    if wrap:
        cell.alignment = WRAP
    if font is not None:
        cell.font = font
    return cell


def table_sheet(
    workbook: Workbook,
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Value]],
    *,
    widths: Sequence[int],
    kinds: Sequence[str] | None = None,
) -> int:
    """A sheet of one table: a bold header row that stays in view, a filter on it, typed cells, and the
    rows streamed in as they come (write-only); the number of rows written.

    The report's list sheets and the activity register's export are both written with it.
    """
    sheet = workbook.create_sheet(name[:MAX_SHEET_NAME])
    for number, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, label, font=BOLD) for label in header])
    kinds = kinds or ["text"] * len(header)
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, value, kind) for value, kind in zip(row, kinds, strict=True)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    return count


def _list_sheet(
    workbook: Workbook, name: str, text: ReportText, columns: Sequence[Column], entries: Sequence[Entry]
) -> None:
    """A sheet with a header row, a filter on it, the header frozen, and one row per entry."""
    header = [text(f"columns.{c.key}") for c in columns]
    rows = ([c.value(text, entry) for c in columns] for entry in entries)
    table_sheet(workbook, name, header, rows, widths=[c.width for c in columns], kinds=[c.kind for c in columns])


def _overview(workbook: Workbook, text: ReportText, chart_png: bytes | None) -> None:
    report = text.report
    sheet = workbook.create_sheet(text("sheets.overview")[:MAX_SHEET_NAME])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 16
    rows: list[list[object]] = [
        [_cell(sheet, text.title, font=TITLE)],
        [_cell(sheet, text.subtitle)],
    ]
    if report.unit and report.unit.contact_name:
        rows.append([_cell(sheet, text("contact", name=report.unit.contact_name))])
    rows += [[_cell(sheet, text.introduction())], [], [_cell(sheet, text.summary())], []]
    if report.counts:
        rows.append([_cell(sheet, text("columns.kind"), font=BOLD), _cell(sheet, text("columns.count"), font=BOLD)])
        rows += [[_cell(sheet, text.kind(c.kind)), _cell(sheet, c.count)] for c in report.counts]
        rows.append([_cell(sheet, text("columns.total"), font=BOLD), _cell(sheet, report.total, font=BOLD)])
        rows.append([])
    if report.travel.by_mode:
        rows.append(
            [_cell(sheet, text("columns.mode"), font=BOLD), _cell(sheet, text("columns.activities"), font=BOLD)]
        )
        rows += [[_cell(sheet, text.mode(m.mode)), _cell(sheet, m.count)] for m in report.travel.by_mode]
        rows.append([])
    if report.travel.flights:
        rows.append([_cell(sheet, text.flights_summary())])
    if chart_png:
        image = Image(io.BytesIO(chart_png))
        image.width, image.height = image.width // 2, image.height // 2
        sheet.add_image(image, "D2")
    for row in rows:
        sheet.append(row)


def build_workbook(report: Report, chart_png: bytes | None = None) -> Workbook:
    text = ReportText(report)
    workbook = Workbook(write_only=True)
    _overview(workbook, text, chart_png)
    columns = activity_columns(text, with_section=False)
    _list_sheet(workbook, text("sheets.projects"), text, columns, report.projects)
    _list_sheet(workbook, text("sheets.other_work"), text, columns, report.other_work)

    by_key = {c.key: c for c in activity_columns(text, with_section=True)}
    keys = ["section", "kind", "activity", "start", "end", "results", "logged_by"]
    if report.all_units:
        keys.insert(0, "unit")
    _list_sheet(workbook, text("sheets.results"), text, [by_key[k] for k in keys], report.results)

    keys = ["activity", "start", "end", "city", "country", "compensated", "logged_by"]
    if report.all_units:
        keys.insert(0, "unit")
    _list_sheet(workbook, text("sheets.flights"), text, [by_key[k] for k in keys], report.travel.flights)

    # One row per missing thing: the same activity twice when it lacks two things.
    rows: list[tuple[str, Entry]] = [
        (text(f"missing_short.{gap.kind}"), entry) for gap in report.gaps for entry in gap.entries
    ]
    missing_sheet = workbook.create_sheet(text("sheets.missing")[:MAX_SHEET_NAME])
    keys = ["activity", "kind", "start", "end", "logged_by"]
    if report.all_units:
        keys.insert(0, "unit")
    gap_columns = [by_key[k] for k in keys]
    widths = [24, *(c.width for c in gap_columns)]
    for number, width in enumerate(widths, 1):
        missing_sheet.column_dimensions[get_column_letter(number)].width = width
    missing_sheet.freeze_panes = "A2"
    missing_sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{len(rows) + 1}"
    header = [text("columns.missing"), *(text(f"columns.{c.key}") for c in gap_columns)]
    missing_sheet.append([_cell(missing_sheet, label, font=BOLD) for label in header])
    for label, entry in rows:
        missing_sheet.append(
            [_cell(missing_sheet, label), *(_cell(missing_sheet, c.value(text, entry), c.kind) for c in gap_columns)]
        )
    return workbook


def write(report: Report, out: str | Path | IO[bytes], chart_png: bytes | None = None) -> None:
    build_workbook(report, chart_png).save(out)

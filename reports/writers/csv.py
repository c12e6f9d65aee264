"""The report as CSV: every activity on one row, for people who sort and filter in Excel.

UTF-8 with a byte order mark, which is what makes Excel show å, ä and ö instead of guessing a Windows
code page. Swedish Excel splits CSV on semicolons (the comma is the decimal sign there), so the Swedish
report uses `;` and the English one `,`. A cell that Excel would take for a formula (=, +, -, @) gets a
leading apostrophe: a title typed in chat must never run as a formula on the contact person's machine.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TextIO

from reports.model import Report
from reports.text import ReportText
from reports.writers.columns import Value, activity_columns

ENCODING = "utf-8-sig"
DELIMITERS = {"sv": ";", "en": ","}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def delimiter(language: str) -> str:
    return DELIMITERS.get(language, ",")


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if type(value) is not str:  # most cells are text: the other checks only for the rest
        if isinstance(value, date):
            return value.isoformat()
        value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _write_rows(report: Report, out: TextIO) -> None:
    """The header and one row per activity, written to `out` as they are made."""
    text = ReportText(report)
    columns = activity_columns(text, with_section=True)
    values = [c.value for c in columns]
    writer = csv.writer(out, delimiter=delimiter(report.language), lineterminator="\r\n")
    writer.writerow([text(f"columns.{c.key}") for c in columns])
    # An empty cell is the commonest (no project name, no results yet): it skips the call to `_cell`.
    writer.writerows(
        ["" if (value := get(text, entry)) is None else _cell(value) for get in values] for entry in report.entries
    )


def render(report: Report) -> str:
    """The CSV text (without the byte order mark, which `write` adds)."""
    out = io.StringIO()
    _write_rows(report, out)
    return out.getvalue()


def write(report: Report, path: str) -> None:
    """The CSV file, streamed: the whole municipality's year is megabytes of text, never held at once."""
    with open(path, "w", encoding=ENCODING, newline="") as handle:
        _write_rows(report, handle)

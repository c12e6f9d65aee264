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
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(report: Report) -> str:
    """The CSV text (without the byte order mark, which `write` adds)."""
    text = ReportText(report)
    columns = activity_columns(text, with_section=True)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter(report.language), lineterminator="\r\n")
    writer.writerow([text(f"columns.{c.key}") for c in columns])
    for entry in report.entries:
        writer.writerow([_cell(c.value(text, entry)) for c in columns])
    return out.getvalue()


def write(report: Report, path: str) -> None:
    with open(path, "w", encoding=ENCODING, newline="") as handle:
        handle.write(render(report))

"""The report as Markdown: readable as plain text, and tables that render in any Markdown viewer."""

from __future__ import annotations

import re

from reports.model import Entry, Report
from reports.text import ReportText

# Characters that would turn a title into emphasis, a link, HTML or a table border.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+\.)(?=\s)", re.MULTILINE)
_ANY_MARKUP = re.compile(r"[\\`*_\[\]<>|~]|^\s*(?:[#+\-]|\d+\.)\s", re.MULTILINE)


def escape(text: str) -> str:
    """Text shown as typed: markup characters escaped, and a line never read as a heading or list."""
    if not _ANY_MARKUP.search(text):
        return text
    return _LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", text))


def cell(text: str) -> str:
    """A table cell holds one line."""
    return escape(" ".join(text.split()))


def table(header: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("| " + " | ".join("---:" if i in right else "---" for i in range(len(header))) + " |")
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _activity_table(text: ReportText, entries: tuple[Entry, ...]) -> list[str]:
    header = [text("columns.activity"), text("columns.kind"), text("columns.dates"), text("columns.place")]
    header += [text("columns.programme"), text("columns.status")]
    if text.report.all_units:
        header.insert(0, text("columns.unit"))
    rows = []
    for entry in entries:
        a = entry.activity
        row = [cell(text.titled(a)), cell(text.kind(a.kind)), cell(text.period(a)), cell(text.place(a))]
        row += [cell(text.or_dash(a.programme)), cell(text.status(a.status))]
        if text.report.all_units:
            row.insert(0, cell(text.or_dash(a.unit_name)))
        rows.append(row)
    return table(header, rows)


def _results(text: ReportText, entries: tuple[Entry, ...]) -> list[str]:
    lines = []
    for entry in entries:
        a = entry.activity
        about = f"{text.kind(a.kind)}, {text.period(a)}"
        if text.report.all_units and a.unit_name:
            about = f"{a.unit_name}, {about}"
        first, *more = escape(a.results or "").split("\n")
        lines.append(f"- **{escape(a.title)}** ({escape(about)}): {first}")
        lines.extend(f"  {line}" if line else "" for line in more)
    return lines


def render(report: Report) -> str:
    text = ReportText(report)
    out: list[str] = [f"# {escape(text.title)}", "", f"*{escape(text.subtitle)}*", ""]
    if report.unit and report.unit.contact_name:
        out += [escape(text("contact", name=report.unit.contact_name)), ""]
    out += [escape(text.introduction()), ""]

    out += [f"## {text('headings.summary')}", "", escape(text.summary()), ""]
    if report.counts:
        rows = [[cell(text.kind(c.kind)), text.number(c.count)] for c in report.counts]
        rows.append([f"**{text('columns.total')}**", f"**{text.number(report.total)}**"])
        out += [*table([text("columns.kind"), text("columns.count")], rows, right=frozenset({1})), ""]

    for number in (1, 2):
        entries = report.section(number)
        out += [f"## {text.section_title(number)}", ""]
        out += [*(_activity_table(text, entries) if entries else [escape(text.empty_section())]), ""]

    out += [f"## {text.section_title(3)}", ""]
    out += [*(_results(text, report.results) if report.results else [escape(text("results.none"))]), ""]

    out += [f"## {text('headings.travel')}", ""]
    if report.travel.by_mode:
        rows = [[cell(text.mode(m.mode)), text.number(m.count)] for m in report.travel.by_mode]
        out += [*table([text("columns.mode"), text("columns.activities")], rows, right=frozenset({1})), ""]
    else:
        out += [escape(text("travel.none")), ""]
    if report.travel.flights:
        out += [f"### {text('headings.flights')}", "", escape(text.flights_summary()), ""]
        header = [text("columns.activity"), text("columns.dates"), text("columns.destination")]
        header.append(text("columns.compensated"))
        rows = [
            [cell(f.title), cell(text.period(f.activity)), cell(text.place(f.activity))]
            + [cell(text.compensated(f.activity.climate_compensated))]
            for f in report.travel.flights
        ]
        out += [*table(header, rows), ""]

    out += [f"## {text('headings.missing')}", ""]
    if not report.gaps:
        out += [escape(text("missing.none")), ""]
    else:
        out += [escape(text("missing.intro")), ""]
        for gap in report.gaps:
            out += [f"### {escape(text.gap_title(gap.kind, len(gap.entries)))}", ""]
            out += [*(f"- {escape(text.gap_line(e))}" for e in gap.entries), ""]
    return "\n".join(out).rstrip("\n") + "\n"

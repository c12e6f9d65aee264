"""The report as a Word document (python-docx), laid out to be pasted into the municipality's template.

A4 with Swedish (or English) set as the document language, so Word checks the spelling in the right
language; a title with the unit, the year and the goal area; the chart; one heading per strategy section
with a table whose header row repeats on every page.

Table rows are copied from a filled-in template row at the XML level: python-docx's `row.cells` walks
the whole table on every call, which makes a table of some thousand rows take minutes instead of a
fraction of a second.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from reports.model import Entry, Report
from reports.text import ReportText

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21.0), Cm(29.7), Cm(2.2)
TEXT_WIDTH_CM = 21.0 - 2 * 2.2
SMALL_TABLE_CM = 9.0  # the two-column count tables
TABLE_STYLE = "Light Grid Accent 1"
TABLE_FONT = Pt(9)
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _set_language(document: DocumentObject, tag: str) -> None:
    """Make the language of all text (and so Word's spelling check) `tag`, through the Normal style."""
    properties = document.styles["Normal"].element.get_or_add_rPr()
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    properties.append(lang)


def _new_document(text: ReportText) -> DocumentObject:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    _set_language(document, LANGUAGE_TAGS.get(text.language, "sv-SE"))
    normal = document.styles["Normal"].font
    normal.name, normal.size = "Calibri", Pt(10.5)  # the default template's body font is Cambria
    properties = document.core_properties
    properties.title = text.title
    properties.subject = text.subtitle
    properties.author = "Utblick"
    properties.language = LANGUAGE_TAGS.get(text.language, "sv-SE")
    footer = section.footer.paragraphs[0]
    footer.text = f"{text.title} · {text.day(text.report.generated_on)}"
    footer.runs[0].font.size = Pt(8)
    footer.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    return document


def _repeat_as_header(row_element: object) -> None:
    properties = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def add_table(
    document: DocumentObject,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float],
    width_cm: float = TEXT_WIDTH_CM,
) -> Table:
    """A table with a bold header row repeated on each page, columns as wide as their `weights` say."""
    table = document.add_table(rows=2, cols=len(header))
    table.style = document.styles[TABLE_STYLE]
    total = sum(weights)
    widths = [Cm(width_cm * w / total) for w in weights]
    table.autofit = False
    # Word reads each cell's width, LibreOffice the table grid's: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header_row, template_row = table.rows[0], table.rows[1]
    for cell, label, width in zip(header_row.cells, header, widths, strict=True):
        cell.width = width
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        run.font.size = TABLE_FONT
    _repeat_as_header(header_row._tr)
    for cell, width in zip(template_row.cells, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run("–").font.size = TABLE_FONT
    template = template_row._tr
    body = table._tbl
    body.remove(template)
    for values in rows:
        row = copy.deepcopy(template)
        for text_element, value in zip(row.iter(qn("w:t")), values, strict=True):
            text_element.text = value
        body.append(row)
    return table


def _activity_table(document: DocumentObject, text: ReportText, entries: Sequence[Entry]) -> None:
    header = [text("columns.activity"), text("columns.kind"), text("columns.dates"), text("columns.place")]
    header += [text("columns.programme"), text("columns.status")]
    weights = [3.6, 2.6, 3.0, 2.5, 2.6, 2.0]  # cm at full width; "Internationellt" and "Avslutad" fit
    rows = []
    for entry in entries:
        a = entry.activity
        row = [text.titled(a), text.kind(a.kind), text.period(a), text.place(a), text.or_dash(a.programme)]
        row.append(text.status(a.status))
        if text.report.all_units:
            row.insert(0, text.or_dash(a.unit_name))
        rows.append(row)
    if text.report.all_units:
        header.insert(0, text("columns.unit"))
        weights.insert(0, 2.8)
    add_table(document, header, rows, weights)


class Bullets:
    """Bullet paragraphs copied from a template, for the same reason as the table rows: python-docx
    looks a style up by name through every style of the document for each paragraph it adds."""

    def __init__(self, document: DocumentObject) -> None:
        # Found once: `body.sectPr` scans the whole body, which grows with every bullet.
        self.end = document.element.body.sectPr
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run("–").bold = True
        paragraph.add_run("–")
        self.template = paragraph._p
        self.template.getparent().remove(self.template)
        for text_element in self.template.iter(qn("w:t")):
            text_element.set(_XML_SPACE, "preserve")

    def add(self, lead: str, rest: str | None = None) -> None:
        """A bullet: `lead` in bold followed by `rest`, or, without `rest`, `lead` as plain text."""
        paragraph = copy.deepcopy(self.template)
        bold, plain = paragraph.findall(qn("w:r"))
        if rest is None:
            paragraph.remove(bold)
            rest = lead
        else:
            bold.find(qn("w:t")).text = lead
        first = plain.find(qn("w:t"))
        lines = rest.split("\n")
        first.text = lines[0]
        for line in lines[1:]:
            plain.append(OxmlElement("w:br"))
            text_element = OxmlElement("w:t")
            text_element.set(_XML_SPACE, "preserve")
            text_element.text = line
            plain.append(text_element)
        self.end.addprevious(paragraph)


def build_document(report: Report, chart_png: bytes | None = None) -> DocumentObject:
    text = ReportText(report)
    document = _new_document(text)
    document.add_heading(text.title, level=0)
    document.add_paragraph(text.subtitle, style="Subtitle")
    if report.unit and report.unit.contact_name:
        document.add_paragraph(text("contact", name=report.unit.contact_name))
    document.add_paragraph(text.introduction()).runs[0].italic = True

    document.add_heading(text("headings.summary"), level=1)
    document.add_paragraph(text.summary())
    if report.counts:
        rows = [[text.kind(c.kind), text.number(c.count)] for c in report.counts]
        rows.append([text("columns.total"), text.number(report.total)])
        table = add_table(document, [text("columns.kind"), text("columns.count")], rows, [3, 1], SMALL_TABLE_CM)
        for cell in table.rows[-1].cells:
            cell.paragraphs[0].runs[0].bold = True
    if chart_png:
        document.add_paragraph()
        document.add_picture(io.BytesIO(chart_png), width=Cm(TEXT_WIDTH_CM))

    for number in (1, 2):
        document.add_heading(text.section_title(number), level=1)
        entries = report.section(number)
        if entries:
            _activity_table(document, text, entries)
        else:
            document.add_paragraph(text.empty_section())

    bullets = Bullets(document)
    document.add_heading(text.section_title(3), level=1)
    if not report.results:
        document.add_paragraph(text("results.none"))
    for entry in report.results:
        a = entry.activity
        about = f"{text.kind(a.kind)}, {text.period(a)}"
        if report.all_units and a.unit_name:
            about = f"{a.unit_name}, {about}"
        bullets.add(a.title, f" ({about}): {a.results}")

    document.add_heading(text("headings.travel"), level=1)
    if report.travel.by_mode:
        rows = [[text.mode(m.mode), text.number(m.count)] for m in report.travel.by_mode]
        add_table(document, [text("columns.mode"), text("columns.activities")], rows, [3, 1], SMALL_TABLE_CM)
    else:
        document.add_paragraph(text("travel.none"))
    if report.travel.flights:
        document.add_heading(text("headings.flights"), level=2)
        document.add_paragraph(text.flights_summary())
        header = [text("columns.activity"), text("columns.dates"), text("columns.destination")]
        header.append(text("columns.compensated"))
        rows = [
            [f.title, text.period(f.activity), text.place(f.activity), text.compensated(f.activity.climate_compensated)]
            for f in report.travel.flights
        ]
        add_table(document, header, rows, [4, 3, 3, 2.8])

    document.add_heading(text("headings.missing"), level=1)
    document.add_paragraph(text("missing.intro") if report.gaps else text("missing.none"))
    for gap in report.gaps:
        document.add_heading(text.gap_title(gap.kind, len(gap.entries)), level=2)
        for entry in gap.entries:
            bullets.add(text.gap_line(entry))
    return document


def write(report: Report, out: str | Path | IO[bytes], chart_png: bytes | None = None) -> None:
    build_document(report, chart_png).save(str(out) if isinstance(out, Path) else out)

"""The report's files, read back the way a contact person's programs would read them."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.builder import build_report
from reports.chart import render_chart
from reports.export import file_stem, write_bundle, write_report
from reports.model import ActivityRecord, Report, UnitInfo
from reports.writers import markdown

EXPECTED = Path(__file__).parent / "expected"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_markdown_is_the_reviewed_report(language: str, report_sv: Report, report_en: Report) -> None:
    report = report_sv if language == "sv" else report_en
    expected = (EXPECTED / f"kff-2026.{language}.md").read_text(encoding="utf-8")
    assert markdown.render(report) == expected


def test_markdown_keeps_typed_text_as_text() -> None:
    assert markdown.escape("*viktigt* [länk](x) <b>") == r"\*viktigt\* \[länk\](x) \<b\>"
    assert markdown.escape("# inte en rubrik\n- inte en punkt") == "\\# inte en rubrik\n\\- inte en punkt"
    assert markdown.cell("A | B\nC") == r"A \| B C"


def test_docx_has_the_title_the_sections_and_the_rows(report_sv: Report, tmp_path: Path) -> None:
    path = tmp_path / "rapport.docx"
    write_report(report_sv, "docx", path)
    document = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Internationellt arbete 2026 – Kultur- och fritidsförvaltningen")
    assert ("Subtitle", "Årsrapport, målområde Arbete och Företag") in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [
        "Sammanfattning",
        "1. Pågående och avslutade EU-projekt, andra internationella projekt och inlämnade ansökningar",
        "2. Övrigt internationellt arbete under året",
        "3. Resultat av det internationella arbetet",
        "Resor",
        "Att komplettera",
    ]
    counts, projects, other, modes, flights = document.tables
    assert [c.text for c in projects.rows[0].cells] == ["Aktivitet", "Typ", "Datum", "Plats", "Program", "Status"]
    assert [c.text for c in projects.rows[1].cells] == [
        "Läsfrämjande i Östersjöregionen",
        "EU-projekt",
        "1 september 2024–31 augusti 2026",
        "–",
        "Interreg Östersjöregionen",
        "Avslutad",
    ]
    assert len(projects.rows) == 1 + 5 and len(other.rows) == 1 + 9
    assert [c.text for c in counts.rows[-1].cells] == ["Totalt", "14"]
    assert [c.text for c in flights.rows[2].cells] == [
        "Culture Summit",
        "5–7 oktober 2026",
        "Lissabon, Portugal",
        "Okänt",
    ]
    results = [text for style, text in paragraphs if style == "List Bullet"]
    assert results[0].startswith("Läsfrämjande i Östersjöregionen (EU-projekt, 1 september 2024–31 augusti 2026): ")
    assert "Dokk1, Aarhus bibliotek, 22–23 april 2026 (Sara Öberg)" in results
    # The chart is in, the page is A4, the header row repeats, and Word checks Swedish spelling.
    assert len(document.inline_shapes) == 1
    assert round(document.sections[0].page_width.cm, 1) == 21.0
    assert projects.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"
    assert document.core_properties.title.startswith("Internationellt arbete 2026")


def test_docx_in_english_and_for_all_units(tmp_path: Path) -> None:
    records = [
        ActivityRecord(1, "conference", "Forum", date(2026, 3, 12), unit_name="Utbildningsförvaltningen"),
        ActivityRecord(2, "conference", "Summit", date(2026, 4, 1), unit_name="Kultur- och fritidsförvaltningen"),
    ]
    report = build_report(records, year=2026, language="en", unit=None, generated_on=date(2026, 11, 26))
    path = tmp_path / "all.docx"
    write_report(report, "docx", path)
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "International work 2026 – All departments and companies"
    other = document.tables[1]
    assert [c.text for c in other.rows[0].cells][:2] == ["Department/company", "Activity"]
    # Grouped by unit when the report covers several.
    assert [r.cells[0].text for r in other.rows[1:]] == ["Kultur- och fritidsförvaltningen", "Utbildningsförvaltningen"]


def test_xlsx_has_a_sheet_per_section_with_typed_cells_filters_and_frozen_header(
    report_sv: Report, tmp_path: Path
) -> None:
    path = tmp_path / "rapport.xlsx"
    write_report(report_sv, "xlsx", path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "Översikt",
        "1 Projekt och ansökningar",
        "2 Övrigt arbete",
        "3 Resultat",
        "Flygresor",
        "Att komplettera",
    ]
    projects = workbook["1 Projekt och ansökningar"]
    header = [c.value for c in projects[1]]
    assert header[:5] == ["Typ", "Aktivitet", "Startdatum", "Slutdatum", "Ort"]
    assert projects.freeze_panes == "A2"
    assert projects.auto_filter.ref == f"A1:Q{1 + 5}"  # two columns more: date precision, co-funding
    first = {name: cell.value for name, cell in zip(header, projects[2], strict=True)}
    assert first["Aktivitet"] == "Läsfrämjande i Östersjöregionen"
    assert first["Startdatum"] == datetime(2024, 9, 1)
    assert projects["C2"].is_date
    other = workbook["2 Övrigt arbete"]
    assert other.max_row == 1 + 9
    results = workbook["3 Resultat"]
    assert [c.value for c in results[1]] == [
        "Avsnitt",
        "Typ",
        "Aktivitet",
        "Startdatum",
        "Slutdatum",
        "Resultat",
        "Registrerad av",
    ]
    assert results["A2"].value == 1 and results["A2"].data_type == "n"
    missing = workbook["Att komplettera"]
    rows = [[c.value for c in row][:2] for row in missing.iter_rows(min_row=2)]
    assert ["resultat", "Culture Summit"] in rows and ["klimatkompensation", "Culture Summit"] in rows
    overview = workbook["Översikt"]
    assert overview["A1"].value == "Internationellt arbete 2026 – Kultur- och fritidsförvaltningen"
    assert len(overview._images) == 1


def test_csv_is_utf8_with_bom_and_semicolons_for_swedish_excel(report_sv: Report, tmp_path: Path) -> None:
    path = tmp_path / "rapport.csv"
    write_report(report_sv, "csv", path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 14
    by_title = {row["Aktivitet"]: row for row in rows}
    kaunas = by_title["Julmarknader i Kaunas"]
    assert (kaunas["Avsnitt"], kaunas["Typ"], kaunas["Startdatum"], kaunas["Land"]) == (
        "2",
        "Studiebesök",
        "2025-12-29",
        "Litauen",
    )
    assert by_title["Culture Summit"]["Saknas"] == "resultat, klimatkompensation"
    assert "40 bibliotekarier" in by_title["Läsfrämjande i Östersjöregionen"]["Resultat"]
    assert "Sara Öberg" in raw.decode("utf-8-sig")


def test_typed_formulas_stay_text_in_csv_and_xlsx(tmp_path: Path) -> None:
    records = [ActivityRecord(1, "meeting", '=HYPERLINK("http://x","klicka")', date(2026, 5, 1), city="-Malmö")]
    report = build_report(records, year=2026, language="en", unit=UnitInfo("X"), generated_on=date(2026, 11, 26))
    write_report(report, "csv", tmp_path / "r.csv")
    row = next(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert row["Activity"] == '\'=HYPERLINK("http://x","klicka")' and row["City"] == "'-Malmö"
    write_report(report, "xlsx", tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["2 Other work"]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("=HYPERLINK")


def test_chart_is_a_png_and_an_empty_year_has_none(report_sv: Report) -> None:
    png = render_chart(report_sv)
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert 5_000 < len(png) < 200_000
    empty = build_report([], year=2026, language="sv", unit=UnitInfo("X"), generated_on=date(2026, 11, 26))
    assert render_chart(empty) is None


def test_the_chat_bundle_is_named_for_people_and_kept_private(
    report_sv: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    files = write_bundle(report_sv)
    assert [f.fmt for f in files] == ["docx", "xlsx", "png"]
    assert files[0].path.name == "Årsrapport 2026 Kultur- och fritidsförvaltningen.docx"
    assert all(f.path.stat().st_size > 0 for f in files)
    assert files[0].path.parent.stat().st_mode & 0o077 == 0
    assert file_stem(report_sv) == "Årsrapport 2026 Kultur- och fritidsförvaltningen"


def test_a_unit_name_cannot_steer_where_files_go() -> None:
    report = build_report(
        [], year=2026, language="sv", unit=UnitInfo("../../etc/Bolag: AB <Växjö>"), generated_on=date(2026, 11, 26)
    )
    assert file_stem(report) == "Årsrapport 2026 etcBolag AB Växjö"


@settings(max_examples=20, deadline=None)
@given(title=st.text(min_size=1, max_size=80), results=st.none() | st.text(max_size=200), city=st.none() | st.text())
def test_any_text_people_type_can_be_written_in_every_format(title: str, results: str | None, city: str | None) -> None:
    """Control characters, lone surrogates, emoji, markup: nothing a person logs may break the report."""
    records = [ActivityRecord(1, "conference", title, date(2026, 5, 1), city=city, results=results)]
    report = build_report(records, year=2026, language="sv", unit=UnitInfo("X"), generated_on=date(2026, 11, 26))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("md", "csv", "docx", "xlsx"):
            write_report(report, fmt, Path(tmp) / f"r.{fmt}", chart_png=b"")
        assert docx.Document(str(Path(tmp) / "r.docx")).tables[1].rows[1].cells[0].text == report.other_work[0].title
        assert openpyxl.load_workbook(Path(tmp) / "r.xlsx")["2 Övrigt arbete"]["B2"].value == report.other_work[0].title


def test_every_format_shows_participants_project_names_cofunding_and_a_month_as_said(
    report_sv: Report, report_en: Report, tmp_path: Path
) -> None:
    write_report(report_sv, "docx", tmp_path / "r.docx")
    cells = [
        c.text for table in docx.Document(str(tmp_path / "r.docx")).tables for row in table.rows for c in row.cells
    ]
    assert "Vänortssamarbete med Kaunas (projekt Youth Bridge; 3 deltagare; extern finansiering undersökt)" in cells
    assert "Delegation från Gdańsk (6 deltagare)" in cells and "maj 2026" in cells

    write_report(report_sv, "csv", tmp_path / "r.csv")
    rows = csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    by_title = {row["Aktivitet"]: row for row in rows}
    kaunas = by_title["Vänortssamarbete med Kaunas"]
    assert (kaunas["Projekt"], kaunas["Deltagare"], kaunas["Extern finansiering undersökt"]) == (
        "Youth Bridge",
        "3",
        "Ja",
    )
    assert by_title["Eurocities arbetsgrupp kultur"]["Datum angivet som"] == "Månad"
    assert by_title["Dokk1, Aarhus bibliotek"]["Datum angivet som"] == ""

    write_report(report_en, "xlsx", tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["1 Projects and applications"]
    header = [c.value for c in sheet[1]]
    kaunas_row = next(
        dict(zip(header, (c.value for c in row), strict=False))
        for row in sheet.iter_rows(min_row=2)
        if row[1].value == "Vänortssamarbete med Kaunas"
    )
    assert (kaunas_row["Participants"], kaunas_row["External funding considered"]) == (3, "Yes")

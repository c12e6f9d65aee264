"""The activity register on the test database (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registers import activities as activity_register
from registers import units as unit_register
from registers.units import RegisterError
from storage.db import Database

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_example_workbook_stores_once_and_exports_as_the_example_csv(database: Database) -> None:
    with database.session_scope() as session:
        unit_register.store(session, unit_register.read(EXAMPLES / "units.csv"))
        parsed = activity_register.read(EXAMPLES / "activities.xlsx", activity_register.unit_names(session))
        assert parsed.ignored_columns == ["Kommentar"]
        assert activity_register.store(session, parsed.rows).counts() == {"added": 12, "changed": 0, "unchanged": 0}
    with database.session_scope() as session:
        assert activity_register.store(session, parsed.rows).counts() == {"added": 0, "changed": 0, "unchanged": 12}
        exported = activity_register.to_csv(activity_register.export_rows(session))
    assert exported == (EXAMPLES / "activities.csv").read_text(encoding="utf-8")


def test_a_title_row_and_formula_like_cells(tmp_path: Path) -> None:
    sheet = tmp_path / "lista.csv"
    sheet.write_text(
        "Internationella aktiviteter 2025\n\nTyp,Titel,Från\nKonferens,'=Konferens om SUMMA,2025-03-01\n",
        encoding="utf-8",
    )
    row = activity_register.read(sheet).rows[0]
    assert (row.line, row.kind, row.title, str(row.start_date)) == (
        4,
        "conference",
        "=Konferens om SUMMA",
        "2025-03-01",
    )
    assert ",'=Konferens om SUMMA," in activity_register.to_csv([{c: None for c in activity_register.HEADER} | {
        "kind": "conference", "title": "=Konferens om SUMMA"}])  # fmt: skip


@pytest.mark.parametrize(
    ("what", "encoded"),
    [
        ("UTF-8 from a script", "Typ;Titel;Ort\nStudiebesök;Besök i Åbo;Åbo\n".encode()),
        ("UTF-8 from Excel, with its byte order mark", "Typ;Titel;Ort\r\nStudiebesök;Besök i Åbo;Åbo\r\n".encode(
            "utf-8-sig")),
        ("Windows-1252 from Swedish Excel", "Typ;Titel;Ort\r\nStudiebesök;Besök i Åbo;Åbo\r\n".encode("cp1252")),
        ("Excel's Unicode text: UTF-16, separated by tabs", "Typ\tTitel\tOrt\r\nStudiebesök\tBesök i Åbo\tÅbo\r\n"
            .encode("utf-16")),
        ("Excel for Mac's CSV, lines ended by CR alone", "Typ;Titel;Ort\rStudiebesök;Besök i Åbo;Åbo\r".encode(
            "cp1252")),
        ("two exports pasted together: UTF-8, then a Windows-1252 line", "Typ;Titel;Ort\nStudiebesök;Besök i Åbo;Åbo\n"
            .encode() + "Studiebesök;Besök i Åbo;Åbo\n".encode("cp1252")),
    ],
)  # fmt: skip
def test_a_csv_reads_the_same_in_the_encodings_and_line_ends_spreadsheets_save(
    tmp_path: Path, what: str, encoded: bytes
) -> None:
    sheet = tmp_path / "resor.csv"
    sheet.write_bytes(encoded)
    rows = activity_register.read(sheet).rows
    assert {(row.kind, row.title, row.city) for row in rows} == {("study_visit", "Besök i Åbo", "Åbo")}, what


def test_a_windows_1252_file_is_read_as_one_however_late_its_first_swedish_letter(tmp_path: Path) -> None:
    # More than a megabyte of English titles, then "Ö”" (D6 94), which alone would also be a UTF-8 letter.
    english = "".join(f"meeting;Meeting number {n} with the partners;Brussels\r\n" for n in range(20_000))
    sheet = tmp_path / "resor.csv"
    sheet.write_bytes(("Typ;Titel;Ort\r\n" + english + "conference;Konferens ”VÄXJÖ”;Växjö\r\n").encode("cp1252"))
    last = activity_register.read(sheet).rows[-1]
    assert (last.title, last.city) == ("Konferens ”VÄXJÖ”", "Växjö")


def test_a_file_without_a_header_or_without_rows(tmp_path: Path) -> None:
    nothing = tmp_path / "tom.csv"
    nothing.write_text("hej,hopp\n1,2\n", encoding="utf-8")
    with pytest.raises(RegisterError) as no_header:
        activity_register.read(nothing)
    assert [p.code for p in no_header.value.problems] == ["header"]
    only_header = tmp_path / "rubrik.csv"
    only_header.write_text("kind,title\n", encoding="utf-8")
    with pytest.raises(RegisterError) as no_rows:
        activity_register.read(only_header)
    assert [p.code for p in no_rows.value.problems] == ["no_rows"]
    odd = tmp_path / "lista.ods"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(RegisterError) as wrong:
        activity_register.read(odd)
    assert [(p.code, p.value) for p in wrong.value.problems] == [("format", ".ods")]


def test_participants_date_precision_and_cofunding_come_in_and_go_out(database: Database, tmp_path: Path) -> None:
    sheet = tmp_path / "ny.csv"
    sheet.write_text(
        "kind,title,start_date,end_date,participants,date_precision,cofunding,project_name\n"
        "network_meeting,Nätverksmöte,2026-11-01,2026-11-30,6,month,,\n"
        "international_project,Projekt,2026-01-01,,3,Månad,ja,Baltic Green\n",
        encoding="utf-8",
    )
    with database.session_scope() as session:
        activity_register.store(session, activity_register.read(sheet, today=date(2026, 12, 3)).rows)
        rows = list(activity_register.export_rows(session))  # a stream: read it while the session is open
    assert [(r["participants"], r["date_precision"], r["cofunding"], r["project_name"]) for r in rows] == [
        (3, "month", "yes", "Baltic Green"),
        (6, "month", None, None),
    ]


def test_a_file_from_before_the_new_columns_still_imports(database: Database, tmp_path: Path) -> None:
    sheet = tmp_path / "gammal.csv"
    sheet.write_text(
        "kind,title,start_date,end_date,city,country,travel_mode,climate_compensated,programme,project_name,status,"
        "participants,results,unit,logged_by\n"
        "conference,Konferens,2026-03-12,,Bryssel,BE,flight,yes,,,finished,24 elever och 3 lärare,,,\n",
        encoding="utf-8",
    )
    with database.session_scope() as session:
        activity_register.store(session, activity_register.read(sheet, today=date(2026, 12, 3)).rows)
        (row,) = activity_register.export_rows(session)
    assert (row["title"], row["participants"], row["date_precision"], row["cofunding"]) == ("Konferens", 27, None, None)


def test_participants_without_a_number_are_refused_with_the_line(tmp_path: Path) -> None:
    sheet = tmp_path / "namn.csv"
    sheet.write_text("kind,title,participants\nmeeting,Möte,Anna och Bo\n", encoding="utf-8")
    with pytest.raises(RegisterError) as refused:
        activity_register.read(sheet)
    assert [(p.line, p.column, p.code) for p in refused.value.problems] == [(2, "participants", "participants")]


def test_a_row_written_twice_is_two_activities_and_a_second_import_changes_nothing(
    database: Database, tmp_path: Path
) -> None:
    sheet = tmp_path / "två.csv"
    row = "meeting,Möte med Kaunas,2026-03-02,,Kaunas,Litauen,,,,,,,,,anna.berg@vaxjo.example\n"
    sheet.write_text(
        "kind,title,start_date,end_date,city,country,travel_mode,climate_compensated,programme,project_name,"
        "status,participants,results,unit,logged_by\n" + row + row,
        encoding="utf-8",
    )
    rows = activity_register.read(sheet, today=date(2026, 12, 3)).rows
    with database.session_scope() as session:
        first = activity_register.store(session, rows)
    assert first.counts() == {"added": 2, "changed": 0, "unchanged": 0}
    assert first.new_people == ["anna.berg@vaxjo.example"]
    with database.session_scope() as session:
        assert activity_register.store(session, rows).counts() == {"added": 0, "changed": 0, "unchanged": 2}
        exported = list(activity_register.export_rows(session))
    assert [(r["country"], r["climate_compensated"], r["logged_by"]) for r in exported] == [
        ("LT", None, "anna.berg@vaxjo.example")
    ] * 2


def test_the_same_bad_value_on_many_lines_is_named_on_each(tmp_path: Path) -> None:
    sheet = tmp_path / "fel.csv"
    sheet.write_text(
        "kind,title,country\nmeeting,Ett,Narnia\nmeeting,Två,Belgien\nmeeting,Tre,Narnia\n", encoding="utf-8"
    )
    with pytest.raises(RegisterError) as refused:
        activity_register.read(sheet)
    assert [(p.line, p.column, p.value) for p in refused.value.problems] == [
        (2, "country", "Narnia"),
        (4, "country", "Narnia"),
    ]


@given(
    st.lists(
        st.fixed_dictionaries(
            {column: st.none() | st.text() | st.integers(0, 10_000) | st.dates() for column in activity_register.HEADER}
        ),
        max_size=3,
    )
)
def test_the_json_export_is_the_array_json_would_write_with_an_indent(rows: list[dict[str, object]]) -> None:
    # Quotes, backslashes, line breaks, control characters and non-Latin text in a cell, as json.dumps has them.
    expected = json.dumps(
        [{c: _iso(row[c]) for c in activity_register.HEADER} for row in rows],
        ensure_ascii=False,
        indent=2,
    )
    assert activity_register.to_json(rows) == expected + "\n"


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value

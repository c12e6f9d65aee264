"""The activity register on the test database (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

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

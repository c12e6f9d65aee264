"""`utblick activities import/export` as an operator runs them: a municipality's own spreadsheet comes in,
a bad file stores nothing and says where it is wrong, and everything comes back out the same."""

from __future__ import annotations

import gc
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.cli import main
from storage.db import Database
from storage.models import Activity, AuditEntry, Person

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
HEADER = ("kind,title,start_date,end_date,city,country,travel_mode,climate_compensated,programme,project_name,"
          "status,participants,results,unit,logged_by,date_precision,cofunding\n")  # fmt: skip


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test on SQLite and on PostgreSQL, where new rows go in through COPY instead of INSERT."""
    if request.param == "postgresql":
        url = str(request.getfixturevalue("postgres_schema_url"))
    else:
        url = f"sqlite:///{tmp_path / 'ops.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def utblick(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


def with_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert utblick(capsys, "units", "import", str(EXAMPLES / "units.csv"))[0] == 0


def count(url: str) -> int:
    database = Database(url)
    with database.session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(Activity)) or 0)


def test_the_municipalitys_workbook_comes_in_once_however_often_it_is_imported(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with_units(capsys)
    status, out, err = utblick(capsys, "activities", "import", str(EXAMPLES / "activities.xlsx"))
    assert status == 0, err
    assert "12 nya, 0 ändrade och 0 oförändrade aktiviteter" in out
    assert "Kolumner som inte lästs: Kommentar." in out
    again = utblick(capsys, "activities", "import", str(EXAMPLES / "activities.xlsx"))[1]
    assert "0 nya, 0 ändrade och 12 oförändrade" in again
    assert count(db_url) == 12
    # Swedish headers, labels and country names became the contract's codes: the CSV example is that export.
    assert utblick(capsys, "activities", "export")[1] == (EXAMPLES / "activities.csv").read_text(encoding="utf-8")


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with_units(capsys)
    utblick(capsys, "activities", "import", str(EXAMPLES / "activities.csv"))
    first = tmp_path / "first.csv"
    assert utblick(capsys, "activities", "export", "--out", str(first))[0] == 0
    assert first.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads å, ä, ö from a file with a BOM

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    with_units(capsys)
    assert "12 nya" in utblick(capsys, "activities", "import", str(first))[1]
    second = tmp_path / "second.csv"
    utblick(capsys, "activities", "export", "--out", str(second))
    assert second.read_bytes() == first.read_bytes()


def test_a_bad_file_is_reported_by_line_and_column_and_nothing_is_stored(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with_units(capsys)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "conference,Konferens i Bryssel,2025-03-12,2025-03-14,Bryssel,BE,flight,yes,,,finished,2,,KFF,anna.berg@vaxjo.example\n"
        + "seminar,Seminarium,2025-13-01,,,,,,,,,,,KFF,\n"
        + "study_visit,,2025-05-02,2025-05-01,Oslo,Narnia,teleport,kanske,,,,,,Socialförvaltningen,anna@\n",
        encoding="utf-8",
    )
    status, out, err = utblick(capsys, "activities", "import", str(bad))
    assert status != 0
    assert "inget har sparats" in err
    assert "rad 3, kind: ”seminar” är ingen aktivitetstyp" in err
    assert "rad 3, start_date: ”2025-13-01” är inget datum" in err
    assert "rad 4, title: måste fyllas i" in err
    assert "rad 4, end_date: slutar före startdatumet 2025-05-02" in err
    assert "rad 4, country: ”Narnia” är inget land" in err
    assert "rad 4, travel_mode: ”teleport” är inget färdsätt" in err
    assert "rad 4, climate_compensated: ”kanske” ska vara yes/no" in err
    assert "rad 4, unit: det finns ingen förvaltning eller inget bolag som heter ”Socialförvaltningen”" in err
    assert "rad 4, logged_by: ”anna@” är ingen e-postadress" in err
    assert "Traceback" not in err
    assert count(db_url) == 0  # not even the good first row
    assert utblick(capsys, "activities", "export")[1] == HEADER


def test_an_import_gives_the_cycle_collector_back_whether_the_file_is_stored_or_refused(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The import pauses Python's cycle collector while it works (a bulk command's own process); a
    command run in a longer-lived process (as here) must find it running again afterwards."""
    with_units(capsys)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "seminar,Seminarium,2025-13-01,,,,,,,,,,,KFF,\n", encoding="utf-8")
    assert utblick(capsys, "activities", "import", str(bad))[0] != 0
    assert gc.isenabled()
    assert utblick(capsys, "activities", "import", str(EXAMPLES / "activities.csv"))[0] == 0
    assert gc.isenabled()
    gc.disable()  # and a collector that was off stays off
    try:
        assert utblick(capsys, "activities", "import", str(EXAMPLES / "activities.csv"))[0] == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_swedish_excel_csv_with_semicolons_and_windows_characters_is_read(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with_units(capsys)
    sheet = tmp_path / "resor.csv"
    sheet.write_bytes(
        "Typ;Titel;Startdatum;Slutdatum;Ort;Land;Färdsätt;Klimatkompenserad;Förvaltning\r\n"
        "Studiebesök;Studiebesök i Åbo;2025-05-06;2025-05-07;Åbo;Finland;Båt/färja;;Tekniska\r\n".encode("cp1252")
    )
    status, out, err = utblick(capsys, "activities", "import", str(sheet))
    assert status == 0, err
    exported = utblick(capsys, "activities", "export")[1]
    assert "study_visit,Studiebesök i Åbo,2025-05-06,2025-05-07,Åbo,FI,boat,,,,,,,Tekniska förvaltningen," in exported


def test_a_corrected_row_updates_the_activity_and_empty_cells_keep_what_is_known(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with_units(capsys)
    utblick(capsys, "activities", "import", str(EXAMPLES / "activities.csv"))
    fix = tmp_path / "fix.csv"
    fix.write_text(
        HEADER + "conference,Konferens om kulturarv i Bryssel,2025-03-12,,,,,,,,,,Ett nytt samarbete,"
        "Kultur- och fritidsförvaltningen,anna.berg@vaxjo.example\n",
        encoding="utf-8",
    )
    assert "0 nya, 1 ändrade och 0 oförändrade" in utblick(capsys, "activities", "import", str(fix))[1]
    line = next(x for x in utblick(capsys, "activities", "export")[1].splitlines() if "kulturarv" in x)
    assert line.startswith("conference,Konferens om kulturarv i Bryssel,2025-03-12,2025-03-14,Bryssel,BE,flight,yes")
    assert ",Ett nytt samarbete," in line


def test_activities_logged_in_chat_are_recognised_when_their_export_comes_back(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_units(capsys)
    database = Database(db_url)
    with database.session_scope() as session:
        anna = session.scalars(select(Person).where(Person.email == "anna.berg@vaxjo.example")).one()
        for _ in range(2):  # logged twice by mistake: both are kept, neither is duplicated
            session.add(Activity(kind="meeting", title="Möte med Kaunas", logged_by=anna, org_unit=anna.org_unit,
                                 original_message="Jag hade möte med Kaunas"))  # fmt: skip
    out = tmp_path / "all.csv"
    utblick(capsys, "activities", "export", "--out", str(out))
    assert "0 nya, 0 ändrade och 2 oförändrade" in utblick(capsys, "activities", "import", str(out))[1]
    assert count(db_url) == 2


def test_json_and_excel_exports_hold_the_same_rows(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with_units(capsys)
    utblick(capsys, "activities", "import", str(EXAMPLES / "activities.csv"))
    rows = json.loads(utblick(capsys, "activities", "export", "--format", "json")[1])
    assert len(rows) == 12 and list(rows[0]) == HEADER.strip().split(",")
    brussels = next(r for r in rows if r["city"] == "Bryssel")
    assert brussels["start_date"] == "2025-03-12" and brussels["climate_compensated"] == "yes"
    assert brussels["programme"] is None

    workbook = tmp_path / "alla.xlsx"
    assert utblick(capsys, "activities", "export", "--out", str(workbook))[0] == 0
    sheet = load_workbook(workbook).active
    assert sheet is not None and sheet.max_row == 13
    # and it imports back unchanged
    assert "0 nya, 0 ändrade och 12 oförändrade" in utblick(capsys, "activities", "import", str(workbook))[1]


def test_dry_run_checks_and_stores_nothing_and_a_real_import_is_audited(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with_units(capsys)
    out = utblick(capsys, "activities", "import", "--dry-run", str(EXAMPLES / "activities.csv"))[1]
    assert "12 nya" in out and "Inget är sparat" in out
    assert count(db_url) == 0
    utblick(capsys, "activities", "import", str(EXAMPLES / "activities.csv"))
    with Database(db_url).session_scope() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["units_imported", "activities_imported"]
    assert "importerade aktiviteter från activities.csv: 12 nya" in utblick(capsys, "audit")[1]


def test_a_first_import_of_many_people_names_the_first_ones_and_counts_the_rest(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with_units(capsys)
    sheet = tmp_path / "many.csv"
    rows = [
        f"meeting,Nätverksmöte {n},2025-03-{n + 1:02d},,,,,,,,,,,KFF,person{n:02d}@vaxjo.example\n" for n in range(25)
    ]
    sheet.write_text(HEADER + "".join(rows), encoding="utf-8")
    status, out, err = utblick(capsys, "activities", "import", str(sheet))
    assert status == 0, err
    assert "25 nya" in out
    assert "person00@vaxjo.example, person01@vaxjo.example" in out
    assert "person19@vaxjo.example … och 5 till." in out
    assert "person20@vaxjo.example" not in out  # the summary line stays readable above it


def test_a_file_that_is_not_a_spreadsheet(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "rapport.xlsx"
    fake.write_text("det här är ingen arbetsbok", encoding="utf-8")
    status, _, err = utblick(capsys, "activities", "import", str(fake))
    assert status != 0 and "går inte att öppna som ett Excel-dokument" in err
    missing = utblick(capsys, "activities", "import", str(tmp_path / "finns-inte.csv"))
    assert missing[0] != 0 and "finns inte" in missing[2]


def test_a_file_many_batches_long_is_stored_as_one_and_a_bad_row_in_its_last_batch_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Batches of two: the file's rows are stored while the rest is still being read, a batch going in
    # while the next is worked out; what the operator sees must be what one look at the whole file gives.
    monkeypatch.setattr("registers.activities.BATCH", 2)
    with_units(capsys)
    database = Database(db_url)
    with database.session_scope() as session:
        anna = session.scalars(select(Person).where(Person.email == "anna.berg@vaxjo.example")).one()
        session.add(Activity(kind="meeting", title="Möte med Kaunas", start_date=date(2026, 3, 2), logged_by=anna,
                             org_unit=anna.org_unit, original_message="Jag hade möte med Kaunas"))  # fmt: skip
    rows = [f"meeting,Möte {n},2026-03-0{n % 9 + 1},,,,,,,,,,,KFF,person{n % 3}@vaxjo.example\n" for n in range(7)]
    rows.insert(5, "meeting,Möte med Kaunas,2026-03-02,,,,,,,,,,,KFF,anna.berg@vaxjo.example\n")  # the chat's
    rows.append(rows[0])  # the same activity twice is two activities
    sheet = tmp_path / "många.csv"
    sheet.write_text(HEADER + "".join(rows), encoding="utf-8")
    status, out, err = utblick(capsys, "activities", "import", str(sheet))
    assert status == 0, err
    assert "8 nya, 0 ändrade och 1 oförändrade" in out
    assert "person0@vaxjo.example, person1@vaxjo.example, person2@vaxjo.example" in out
    assert count(db_url) == 9
    assert "0 nya, 0 ändrade och 9 oförändrade" in utblick(capsys, "activities", "import", str(sheet))[1]

    bad = tmp_path / "fel-sist.csv"
    more = [f"meeting,Nytt möte {n},2026-04-0{n + 1},,,,,,,,,,,KFF,ny{n}@vaxjo.example\n" for n in range(6)]
    bad.write_text(HEADER + "".join(more) + "meeting,Sista,2026-13-01,,,,,,,,,,,KFF,\n", encoding="utf-8")
    status, _, err = utblick(capsys, "activities", "import", str(bad))
    assert status != 0 and "rad 8, start_date: ”2026-13-01” är inget datum" in err
    assert count(db_url) == 9  # the six good rows before it, stored while the file was read, are gone
    with database.session_scope() as session:
        assert session.scalar(select(func.count()).where(Person.email.like("ny%"))) == 0

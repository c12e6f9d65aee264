"""`utblick report` as an operator runs it: files written, and every mistake one line and exit 1."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest

from bot.cli import main
from storage.db import Database
from tests.reports.seed import seed_year


@pytest.fixture
def seeded_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A SQLite file with the seeded year, named by DATABASE_URL as an operator's shell would."""
    url = f"sqlite:///{tmp_path / 'utblick.db'}"
    database = Database(url)
    database.upgrade()
    with database.session_scope() as session:
        seed_year(session)
    database.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_docx_for_a_unit_by_short_name(seeded_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = seeded_file / "kff.docx"
    assert main(["report", "--unit", "KFF", "--year", "2026", "--format", "docx", "--out", str(out)]) == 0
    assert docx.Document(str(out)).paragraphs[0].text.endswith("2026 – Kultur- och fritidsförvaltningen")
    assert "Rapporten är sparad i" in capsys.readouterr().err


def test_the_format_follows_the_file_name(seeded_file: Path) -> None:
    out = seeded_file / "alla.xlsx"
    assert main(["report", "--unit", "alla", "--year", "2026", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out)["2 Övrigt arbete"]
    assert sheet["A1"].value == "Förvaltning/bolag"


def test_markdown_and_csv_go_to_standard_output(seeded_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--unit", "Kultur- och fritidsförvaltningen", "--year", "2026"]) == 0
    assert capsys.readouterr().out.startswith("# Internationellt arbete 2026 – Kultur- och fritidsförvaltningen\n")
    assert main(["report", "--unit", "kff", "--year", "2026", "--format", "csv", "--language", "en"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 14 and rows[0]["Section"] == "1"


def test_without_a_year_it_is_the_year_being_reported_now(seeded_file: Path) -> None:
    assert main(["report", "--unit", "KFF", "--format", "docx"]) == 0
    assert list(seeded_file.glob("Årsrapport * Kultur- och fritidsförvaltningen.docx"))


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (
            ["--unit", "Tekniska förvaltningen", "--year", "2026"],
            "Hittar ingen förvaltning eller inget bolag som heter",
        ),
        (["--year", "2026"], "Ange vilken förvaltning"),
        (["--unit", "KFF", "--year", "tjugotjugosex"], "”tjugotjugosex” är inget år"),
        (["--unit", "KFF", "--year", "1850"], "Ange ett år mellan 2000 och"),
        (["--unit", "KFF", "--year", "2026", "--format", "pdf"], "”pdf” är inget format"),
        (["--unit", "KFF", "--year", "2026", "--format", "docx", "--out", "-"], "kan inte skrivas till terminalen"),
        (["--unit", "KFF", "--year", "2020", "--format", "png", "--out", "x.png"], "inget att rita"),
        (["--unit", "KFF", "--year", "2026", "--out", "/nowhere/at/all/r.docx"], "Kunde inte skriva"),
    ],
)
def test_mistakes_are_one_friendly_line(
    seeded_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], complaint: str
) -> None:
    assert main(["report", *args]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert complaint in lines[0]
    assert "Traceback" not in err


def test_a_real_run_prints_nothing_but_the_one_line(seeded_file: Path) -> None:
    """As an operator's shell runs it, with logging set up by the command line itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "report", "--unit", "Tekniska förvaltningen", "--year", "2026"],
        capture_output=True,
        text=True,
        env=env,
        cwd=seeded_file,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Hittar ingen förvaltning eller inget bolag som heter ”Tekniska förvaltningen”. "
        "Finns: Kultur- och fritidsförvaltningen (KFF), Utbildningsförvaltningen (UF)."
    ]

"""`utblick units import/export` as an operator runs them, in a real process on a real database file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "units.csv"
HEADER = "name,kind,short_name,aliases,contact_name,contact_email,contact_slack_id,contact_teams_id\n"


def utblick(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'units.db'}"
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)  # fmt: skip


def test_the_example_imports_twice_without_change_and_exports_the_same_file(tmp_path: Path) -> None:
    first = utblick(tmp_path, "units", "import", str(EXAMPLE))
    assert first.returncode == 0, first.stderr
    assert "12 nya, 0 ändrade och 0 oförändrade" in first.stdout
    second = utblick(tmp_path, "units", "import", str(EXAMPLE))
    assert "0 nya, 0 ändrade och 12 oförändrade" in second.stdout
    exported = utblick(tmp_path, "units", "export")
    assert exported.stdout == EXAMPLE.read_text(encoding="utf-8")


def test_a_bad_file_is_reported_by_line_and_nothing_is_stored(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "Tekniska förvaltningen,forvaltning,TF,,Johan Lind,johan.lind@vaxjo.example,,\n"
        + "Miljöförvaltningen,kommun,,,,,,\n"
        + ",bolag,,,Anna,anna@,,\n",
        encoding="utf-8",
    )
    result = utblick(tmp_path, "units", "import", str(bad))
    assert result.returncode != 0
    assert "inget har sparats" in result.stderr
    assert "rad 3, kind: ”kommun” är varken forvaltning eller bolag" in result.stderr
    assert "rad 4, name: namnet saknas" in result.stderr
    assert "rad 4, contact_email: ”anna@” är ingen e-postadress" in result.stderr
    assert "Traceback" not in result.stderr
    assert utblick(tmp_path, "units", "export").stdout == HEADER  # not even the good first row


def test_an_excel_file_with_a_bom_and_a_changed_contact(tmp_path: Path) -> None:
    utblick(tmp_path, "units", "import", str(EXAMPLE))
    changed = tmp_path / "changed.csv"
    changed.write_text(
        HEADER + "Tekniska förvaltningen,forvaltning,TF,Tekniska,Sara Nyberg,sara.nyberg@vaxjo.example,,\n",
        encoding="utf-8-sig",
    )
    result = utblick(tmp_path, "units", "import", str(changed))
    assert "0 nya, 1 ändrade" in result.stdout
    assert "Tekniska förvaltningen,forvaltning,TF,Tekniska,Sara Nyberg" in utblick(tmp_path, "units", "export").stdout

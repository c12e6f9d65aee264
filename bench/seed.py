"""A large municipality to measure on: 60 units, 10,000 people and 100,000 activities over five years,
written as the spreadsheets an administrator would import and stored through the product's own import.

    from bench.seed import seed
    seed("postgresql://postgres@127.0.0.1:5432/h20a_big", activities=100_000)

`seed` empties the database's `public` schema (PostgreSQL) or the file (SQLite) first: point it only at a
database made for measuring.
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from registers import activities as activity_register
from storage.db import Database, normalise_url
from storage.vocab import KINDS, STATUSES, TRAVEL_MODES

PLACES = [("Bryssel", "BE"), ("Gdańsk", "PL"), ("Århus", "DK"), ("Tallinn", "EE"), ("Lissabon", "PT"),
          ("Kaunas", "LT"), ("Bonn", "DE"), ("", "")]  # fmt: skip
UNIT_HEADER = ("name", "kind", "short_name", "aliases", "contact_name", "contact_email", "contact_slack_id",
               "contact_teams_id")  # fmt: skip


def unit_names(units: int) -> list[str]:
    return [f"Förvaltning {n:02d}" if n % 4 else f"Bolag {n:02d} AB" for n in range(units)]


def write_units(path: Path, units: int = 60) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(UNIT_HEADER)
        for n, name in enumerate(unit_names(units)):
            kind = "bolag" if name.startswith("Bolag") else "forvaltning"
            writer.writerow([name, kind, f"U{n:02d}", "", f"Kontakt {n}", f"person{n}@vaxjo.example", "", ""])
    return path


def random_activity(rng: random.Random, number: int, begins: date, unit: str, logged_by: str) -> dict[str, Any]:
    """One activity row of the import contract with every column, its facts drawn from `rng`: the one
    shape every benchmark seeds with, so a new column is added here once."""
    city, country = rng.choice(PLACES)
    mode = rng.choice(TRAVEL_MODES)
    return {
        "kind": rng.choice(KINDS), "title": f"Aktivitet {number} i {city or 'Växjö'}", "start_date": begins,
        "end_date": begins + timedelta(days=rng.randrange(4)), "city": city or None, "country": country or None,
        "travel_mode": mode, "climate_compensated": rng.choice(["yes", "no", None]) if mode == "flight" else None,
        "programme": rng.choice([None, "Erasmus+", "Interreg"]), "project_name": None,
        "status": rng.choice(STATUSES), "participants": rng.randrange(1, 9), "date_precision": None,
        "cofunding": None, "results": rng.choice([None, "Nya kontakter och en gemensam ansökan"]), "unit": unit,
        "logged_by": logged_by,
    }  # fmt: skip


def activity_rows(count: int, *, people: int = 10_000, units: int = 60, first_year: int = 2022, years: int = 5,
                  seed: int = 7, start: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    """`count` activities spread over `years` years from `first_year`, each logged by one of `people`."""
    rng = random.Random(seed + start)
    names = unit_names(units)
    first = date(first_year, 1, 1)
    span = (date(first_year + years, 1, 1) - first).days
    rows = []
    for number in range(start, start + count):
        begins = first + timedelta(days=rng.randrange(span))
        rows.append(
            random_activity(rng, number, begins, rng.choice(names), f"person{rng.randrange(people)}@vaxjo.example")
        )
    return rows


def write_activities(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        activity_register.write_csv(rows, out)
    return path


def reset(url: str) -> None:
    """An empty database at the newest schema."""
    url = normalise_url(url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    database = Database(url)
    database.upgrade()
    database.dispose()


def utblick(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line, as an operator runs it, against `url`."""
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "UTBLICK_LANGUAGE": "en"}
    command = [sys.executable, "-m", "bot", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True)


def seed(url: str, *, activities: int = 100_000, people: int = 10_000, units: int = 60,
         directory: Path | None = None) -> Path:  # fmt: skip
    """Empty the database, then import the units and the activities as an operator would. Returns the
    activities file (kept in `directory` when given)."""
    directory = directory or Path(tempfile.mkdtemp(prefix="utblick-seed-"))
    reset(url)
    utblick(url, "units", "import", str(write_units(directory / "units.csv", units)))
    path = write_activities(directory / "activities.csv", activity_rows(activities, people=people, units=units))
    utblick(url, "activities", "import", str(path))
    return path


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/h20a_big"
    print(seed(target, activities=int(sys.argv[2]) if len(sys.argv) > 2 else 100_000))

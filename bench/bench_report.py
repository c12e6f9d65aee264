"""How long the annual report takes for one unit with 10,000 activities, step by step.

    make bench        (or: .venv/bin/python bench/bench_report.py [--activities N] [--runs R])

Loads the activities from a fresh SQLite file (as the chat does), builds the report and writes every
format, printing the best time of each step over a few runs (the machine is shared, and the best run is the one
least disturbed by others) and the peak memory Python allocated for it (tracemalloc, in a separate run so
it does not slow the timings; memory that lxml and Agg allocate in C is not counted).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from reports.builder import build_report
from reports.chart import render_chart
from reports.model import Report, UnitInfo
from reports.query import load_activities
from reports.writers import csv as csv_writer
from reports.writers import docx as docx_writer
from reports.writers import markdown
from reports.writers import xlsx as xlsx_writer
from storage.db import Database
from storage.models import Activity, OrgUnit, Person
from storage.vocab import KINDS, STATUSES, TRAVEL_MODES

YEAR = 2026
ZONE = ZoneInfo("Europe/Stockholm")
PLACES = [("Bryssel", "BE"), ("Malmö", "SE"), ("Gdańsk", "PL"), ("Århus", "DK"), ("Tallinn", "EE"), ("Lissabon", "PT")]
WORDS = "hållbar stad kultur ungdom näringsliv läsning vänort klimat energi skola öppen Östersjön".split()


def fake_activities(count: int, seed: int = 7) -> list[dict[str, object]]:
    """Activities of a busy year with the mix a real unit has: mostly events, some projects, some gaps."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        kind = rng.choice(KINDS)
        start = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
        long_running = kind in ("eu_project", "international_project")
        end = start + timedelta(days=rng.randrange(300, 1200) if long_running else rng.randrange(0, 4))
        city, country = rng.choice(PLACES)
        mode = rng.choice(TRAVEL_MODES)
        rows.append(
            {
                "kind": kind,
                "title": f"{' '.join(rng.sample(WORDS, 3)).capitalize()} {number}",
                "start_date": start,
                "end_date": end,
                "city": city,
                "country": country,
                "travel_mode": mode,
                "climate_compensated": rng.choice(("yes", "no", "unknown")) if mode == "flight" else "unknown",
                "programme": rng.choice((None, "Erasmus+", "Interreg Europe", "Kreativa Europa")),
                "status": rng.choice(STATUSES),
                "results": "Nya kontakter och en gemensam ansökan." if rng.random() < 0.5 else None,
            }
        )
    return rows


def seed_database(url: str, count: int) -> int:
    database = Database(url)
    database.upgrade()
    with database.session_scope() as session:
        person = Person(display_name="Åsa Öberg", email="asa.oberg@vaxjo.se")
        unit = OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", short_name="KFF")
        session.add_all([person, unit])
        session.flush()
        now = datetime(YEAR, 6, 1, tzinfo=UTC)
        session.execute(
            Activity.__table__.insert(),
            [
                {**row, "org_unit_id": unit.id, "logged_by_id": person.id, "source": "import", "created_at": now}
                for row in fake_activities(count)
            ],
        )
        unit_id = unit.id
    database.dispose()
    return unit_id


STEPS = ("load from SQLite", "build", "Markdown", "CSV", "chart (PNG)", "XLSX", "DOCX")
IN_CHAT = ("load from SQLite", "build", "chart (PNG)", "XLSX", "DOCX")  # what one chat request does


def measure(count: int, runs: int, with_memory: bool, out: Path) -> tuple[dict[str, float], dict[str, float], int]:
    """Median milliseconds per step, peak MB per step (when asked), and the report's size in activities."""
    database_url = f"sqlite:///{out / f'bench-{count}.db'}"
    unit_id = seed_database(database_url, count)
    database = Database(database_url)
    unit = UnitInfo("Kultur- och fritidsförvaltningen", "KFF", "Åsa Öberg")
    state: dict[str, object] = {}

    def load() -> None:
        with database.session_scope() as session:
            state["records"] = load_activities(session, YEAR, unit_id, ZONE)

    def build() -> None:
        records = state["records"]
        assert isinstance(records, list)
        state["report"] = build_report(records, year=YEAR, language="sv", unit=unit, generated_on=date(YEAR, 11, 26))

    def report() -> Report:
        value = state["report"]
        assert isinstance(value, Report)
        return value

    def chart() -> None:
        state["chart"] = render_chart(report())

    def png() -> bytes | None:
        value = state.get("chart")
        return value if isinstance(value, bytes) else None

    steps: dict[str, Callable[[], object]] = {
        "load from SQLite": load,
        "build": build,
        "Markdown": lambda: (out / "r.md").write_text(markdown.render(report()), encoding="utf-8"),
        "CSV": lambda: csv_writer.write(report(), str(out / "r.csv")),
        "chart (PNG)": chart,
        "XLSX": lambda: xlsx_writer.write(report(), out / "r.xlsx", png()),
        "DOCX": lambda: docx_writer.write(report(), out / "r.docx", png()),
    }
    for name in STEPS:  # warm-up: imports, the font cache, first-use caches
        steps[name]()
    timings: dict[str, list[float]] = {name: [] for name in STEPS}
    for _ in range(runs):
        for name in STEPS:
            started = time.perf_counter()
            steps[name]()
            timings[name].append(time.perf_counter() - started)
    peaks: dict[str, float] = {}
    if with_memory:
        for name in STEPS:
            tracemalloc.start()
            steps[name]()
            peaks[name] = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
    database.dispose()
    return {name: min(t) * 1000 for name, t in timings.items()}, peaks, report().total


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000, help="the large unit's activities")
    parser.add_argument("--typical", type=int, default=300, help="a busy real unit's activities, for comparison")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        typical, _, typical_total = measure(args.typical, args.runs, False, out)
        large, peaks, large_total = measure(args.activities, args.runs, True, out)

    small_label, large_label = f"{typical_total:,} act. (ms)", f"{large_total:,} act. (ms)"
    print(f"Annual report for one unit and one year, best of {args.runs} runs after a warm-up")
    print()
    print(f"| {'step':<19} | {small_label:>16} | {large_label:>18} | {'peak memory (MB)':>16} |")
    print(f"| {'-' * 19} | {'-' * 15}: | {'-' * 17}: | {'-' * 15}: |")
    for name in STEPS:
        print(f"| {name:<19} | {typical[name]:>16.0f} | {large[name]:>18.0f} | {peaks[name]:>16.1f} |")
    for label, names in (("report (load+build)", ("load from SQLite", "build")), ("chat request", IN_CHAT)):
        small, big = sum(typical[n] for n in names), sum(large[n] for n in names)
        print(f"| {label:<19} | {small:>16.0f} | {big:>18.0f} | {'':>16} |")
    print()
    print("A chat request loads, builds, draws the chart and writes the XLSX and the DOCX.")


if __name__ == "__main__":
    main()

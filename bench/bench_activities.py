"""How long importing and exporting activities takes, for a municipality's year and for a stress case.

    make bench        (or: .venv/bin/python bench/bench_activities.py [--rows N ...] [--runs R])

Writes a CSV and an XLSX of N activities across the example units, then times, on a fresh SQLite file:
reading and checking the file, storing it (all new), importing it again (all unchanged) and exporting
it as CSV. Prints the best of R runs per step (the machine is shared; the best run is the least disturbed).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from seed import random_activity  # bench/seed.py, beside this script

from registers import activities as activity_register
from registers import units as unit_register
from storage.db import Database

ROOT = Path(__file__).resolve().parents[1]


def write_files(directory: Path, count: int, units: list[str], seed: int = 3) -> tuple[Path, Path]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
        rows.append(random_activity(rng, number, start, rng.choice(units), f"person{rng.randrange(200)}@vaxjo.example"))
    csv_path, xlsx_path = directory / "aktiviteter.csv", directory / "aktiviteter.xlsx"
    csv_path.write_text(activity_register.to_csv(rows), encoding="utf-8")
    activity_register.write_xlsx(rows, xlsx_path)
    return csv_path, xlsx_path


def best(runs: int, step: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def measure(count: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        units = [row.name for row in unit_register.read(ROOT / "examples" / "units.csv")]
        csv_path, xlsx_path = write_files(directory, count, units)
        figures: dict[str, float] = {}
        database = Database(f"sqlite:///{directory / 'bench.db'}")
        database.upgrade()
        with database.session_scope() as session:
            unit_register.store(session, unit_register.read(ROOT / "examples" / "units.csv"))
            names = activity_register.unit_names(session)
        figures["check the CSV"] = best(runs, lambda: activity_register.read(csv_path, names))
        figures["check the XLSX"] = best(runs, lambda: activity_register.read(xlsx_path, names))
        rows = activity_register.read(csv_path, names).rows

        def store_new() -> None:
            scratch = Database(f"sqlite:///{directory / 'scratch.db'}")
            scratch.upgrade()
            with scratch.session_scope() as session:
                unit_register.store(session, unit_register.read(ROOT / "examples" / "units.csv"))
            started = time.perf_counter()
            with scratch.session_scope() as session:
                activity_register.store(session, rows)
            figures["store, all new"] = min(figures.get("store, all new", 1e9), (time.perf_counter() - started) * 1000)
            scratch.dispose()
            (directory / "scratch.db").unlink()

        for _ in range(runs):
            store_new()
        with database.session_scope() as session:
            activity_register.store(session, rows)

        def again() -> None:
            with database.session_scope() as session:
                activity_register.store(session, rows)

        figures["import again, unchanged"] = best(runs, again)

        def export() -> None:
            with database.session_scope() as session:
                activity_register.to_csv(activity_register.export_rows(session))

        figures["export CSV"] = best(runs, export)
        database.dispose()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[300, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = {count: measure(count, args.runs) for count in args.rows}
    steps = list(next(iter(results.values())))
    print(f"| Step | {' | '.join(f'{c:,} activities' for c in args.rows)} |")
    print("| --- |" + " ---: |" * len(args.rows))
    for step in steps:
        print(f"| {step} | {' | '.join(f'{results[c][step]:,.0f} ms' for c in args.rows)} |")


if __name__ == "__main__":
    main()

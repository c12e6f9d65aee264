"""Utblick at a big municipality's size: chat turns, reports, import, export and reminders at 1 k, 10 k and
100 k activities on PostgreSQL, and how each grows.

For each size, in a PostgreSQL schema of its own (`bench_scale_<size>`, dropped and made again), the
product's own commands seed it: `utblick units import` with 60 units and their contact persons, then
`utblick activities import` with the activities of 10,000 people over five years (one unit holding 3,000
of the current year's, or a third of all at the smaller sizes, for the contact person's list). Then
everything is timed as an operator or a person meets it: the chat turns through the engine (with the
SQL statements each one sends, counted by a `before_cursor_execute` listener), `utblick report` for one
unit and for the whole municipality in every format, `utblick activities export`, the import again
unchanged and with 1,000 new rows, `utblick reminders plan` and `run-due`. Each size runs in a process
of its own, whose peak resident memory is the memory column.

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_scale \\
        python bench/bench_scale.py [--sizes 1000,10000,100000] [--runs 3]

`--sizes 1000,10000` runs in minutes; `--skip reimport,reports` leaves out the slowest steps. More
chat turns to time go in `TURNS` (a name, who writes, what).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNITS = 60
PEOPLE = 10_000
YEARS = 5
CONTACT_LIST = 3_000  # the contact person's unit: this many of the current year's activities
NEW_ROWS = 1_000


@dataclass(frozen=True)
class TurnSpec:
    """One chat turn to time: `who` is "person" (someone who logged activities) or "contact" (the contact
    person of the unit with the long list). `fresh` turns get a different person each run, because the
    turn opens a dialogue that would change the next run's answer."""

    name: str
    who: str
    text: str
    fresh: bool = False


# The chat turns measured at each size. Another capability adds its own turn here.
TURNS: list[TurnSpec] = [
    TurnSpec("chat: mina aktiviteter", "person", "mina aktiviteter"),
    TurnSpec("chat: strategy question", "person", "Måste flyget klimatkompenseras?"),
    TurnSpec("chat: log a trip", "person", "Jag var på en konferens i Bryssel den 3 november", fresh=True),
    TurnSpec("chat: contact's unit list", "contact", "enhetens aktiviteter"),
]
REPORT_FORMATS = ("md", "csv", "xlsx", "docx", "png")
# What --skip can leave out (the seeding and the fresh import always run).
GROUPS = ("chat", "reports", "export", "reminders", "reimport")


# --- seeding files ---------------------------------------------------------------------------------------


def unit_name(number: int) -> str:
    return f"Förvaltning {number:02d}"


def contact_email(number: int) -> str:
    return f"kontakt{number:02d}@vaxjo.example"


def person_email(number: int) -> str:
    return f"person{number:05d}@vaxjo.example"


def write_units(path: Path) -> None:
    lines = ["name,kind,short_name,aliases,contact_name,contact_email,contact_slack_id,contact_teams_id"]
    for n in range(UNITS):
        kind = "bolag" if n % 10 == 9 else "forvaltning"
        lines.append(f"{unit_name(n)},{kind},F{n:02d},,Kontakt {n:02d},{contact_email(n)},,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def activity_rows(count: int, this_year: int, seed: int, first_number: int = 0) -> list[dict[str, Any]]:
    """`count` activities over the five years up to `this_year`; the first of them (up to CONTACT_LIST, a
    third at small sizes) in unit 00 this year, the rest spread over the other units."""
    from bench.seed import random_activity

    rng = random.Random(seed)
    in_contact_unit = min(CONTACT_LIST, count // 3) if first_number == 0 else 0
    rows = []
    for i in range(count):
        number = first_number + i
        if i < in_contact_unit:
            unit, year = 0, this_year
        else:
            unit, year = 1 + rng.randrange(UNITS - 1), this_year - rng.randrange(YEARS)
        start = date(year, 1, 1) + timedelta(days=rng.randrange(330))
        rows.append(random_activity(rng, number, start, unit_name(unit), person_email(rng.randrange(PEOPLE))))
    return rows


def write_activities(path: Path, rows: list[dict[str, Any]]) -> None:
    from registers import activities as activity_register

    path.write_text(activity_register.to_csv(rows), encoding="utf-8")


# --- one size, in its own process ---------------------------------------------------------------------------


def schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-csearch_path={schema}')}"


def reset_schema(base: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    from storage.db import normalise_url

    engine = create_engine(normalise_url(base))
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


def utblick(*argv: str) -> None:
    """`utblick ARGV` in this process, its output discarded; fails loudly if the command does."""
    from bot.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        status = main(list(argv))
    if status != 0:
        raise RuntimeError(f"utblick {' '.join(argv)} exited {status}: {err.getvalue()[-500:]}")


@contextlib.contextmanager
def slack_for_commands() -> Iterator[None]:
    """Commands run meanwhile deliver through Slack, to a mock Slack API on 127.0.0.1. Started around
    all the runs of a step, not in each: stopping the mock's server takes a moment of its own, which a
    timed run would count as the command's."""
    from tests.mock_slack_api import BOT_TOKEN, MockSlackApi

    api = MockSlackApi().start()
    os.environ.update({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": api.url})
    try:
        yield
    finally:
        del os.environ["SLACK_BOT_TOKEN"], os.environ["SLACK_API_URL"]
        api.stop()


class Figures(dict[str, list[float]]):
    """The timings of one size; each goes to stderr as it is recorded, so a long run shows how far it got."""

    def __setitem__(self, step: str, seconds: list[float]) -> None:
        print(f"{step}: {' '.join(f'{t:.3f}' for t in seconds)} s", file=sys.stderr, flush=True)
        super().__setitem__(step, seconds)

    def update(self, other: Any = (), /, **more: list[float]) -> None:
        for step, seconds in dict(other, **more).items():
            self[step] = seconds


def timed(runs: int, step: Callable[[int], object]) -> list[float]:
    """Seconds for each of `runs` runs of `step(run)`."""
    times = []
    for run in range(runs):
        started = time.perf_counter()
        step(run)
        times.append(time.perf_counter() - started)
    return times


def measure_size(size: int, runs: int, base_url: str, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Seed one size and time every step but those in `skip` (of GROUPS); the slowest steps come last."""
    schema = f"bench_scale_{size}"
    reset_schema(base_url, schema)
    url = schema_url(base_url, schema)
    os.environ.update({"DATABASE_URL": url, "UTBLICK_SCHEDULER": "false", "UTBLICK_LOG_LEVEL": "WARNING"})
    for name in [k for k in os.environ if k.startswith(("SLACK_", "TEAMS_"))]:
        del os.environ[name]
    this_year = date.today().year
    figures = Figures()
    statements: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        write_units(directory / "units.csv")
        utblick("db", "upgrade")
        utblick("units", "import", str(directory / "units.csv"))
        rows = activity_rows(size, this_year, seed=size)
        write_activities(directory / "activities.csv", rows)
        figures["import, fresh"] = timed(
            1, lambda _: utblick("activities", "import", str(directory / "activities.csv"))
        )
        if "chat" not in skip:
            turns, statements = measure_turns(url, runs)
            figures.update(turns)
        if "reports" not in skip:
            for unit, label in ((unit_name(0), "unit"), ("all", "municipality")):
                for fmt in REPORT_FORMATS:
                    out = directory / f"report.{fmt}"
                    figures[f"report {label} ({fmt})"] = timed(
                        runs,
                        lambda _, u=unit, f=fmt, o=out: utblick(  # type: ignore[misc]
                            "report", "--unit", u, "--year", str(this_year), "--format", f, "--out", str(o)
                        ),
                    )
        if "export" not in skip:
            figures["export (csv)"] = timed(
                runs, lambda _: utblick("activities", "export", "--out", str(directory / "export.csv"))
            )
        if "reminders" not in skip:
            figures["reminders plan"] = timed(runs, lambda _: utblick("reminders", "plan", "--json"))
            with slack_for_commands():
                figures["reminders run-due"] = timed(runs, lambda _: utblick("reminders", "run-due"))
        if "reimport" not in skip:
            figures["import again, unchanged"] = timed(
                runs, lambda _: utblick("activities", "import", str(directory / "activities.csv"))
            )
            for run in range(runs):
                new = activity_rows(NEW_ROWS, this_year, seed=size + 1 + run, first_number=size + run * NEW_ROWS)
                write_activities(directory / f"new{run}.csv", rows + new)
            figures[f"import +{NEW_ROWS:,} rows"] = timed(
                runs, lambda run: utblick("activities", "import", str(directory / f"new{run}.csv"))
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "figures": figures, "statements": statements, "peak_mib": peak}


def measure_turns(url: str, runs: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Each turn in TURNS, after one unmeasured run (the first turn of a process loads its language data)."""
    from sqlalchemy import event

    from bot.app import build_app
    from bot.config import Settings
    from bot.messages import Message, Sender

    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
    app = build_app(settings)
    app.warm_up(background=False)
    counted = [0]

    @event.listens_for(app.database.engine, "before_cursor_execute")
    def count(*_: Any) -> None:
        counted[0] += 1

    fresh_people = iter(range(PEOPLE))

    def sender(spec: TurnSpec) -> Sender:
        if spec.who == "contact":
            return Sender(platform="slack", user_id="UBENCHCONTACT", display_name="Kontakt 00", email=contact_email(0))
        number = next(fresh_people) if spec.fresh else 0
        return Sender(platform="slack", user_id=f"UBENCH{number:05d}", display_name=f"Person {number}",
                      email=person_email(number))  # fmt: skip

    figures: dict[str, list[float]] = {}
    statements: dict[str, int] = {}
    for spec in TURNS:
        times = []
        for run in range(runs + 1):
            who = sender(spec)
            message = Message(sender=who, channel="D" + who.user_id, text=spec.text, private=True)
            counted[0] = 0
            started = time.perf_counter()
            result = app.engine.handle(message)
            elapsed = time.perf_counter() - started
            if result.failed:
                raise RuntimeError(f"{spec.name} failed")
            if run > 0:
                times.append(elapsed)
                statements[spec.name] = counted[0]
        figures[spec.name] = times
    return figures, statements


# --- the table ----------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def show(seconds: list[float]) -> str:
    median, p95 = statistics.median(seconds), percentile(seconds, 0.95)
    if len(seconds) == 1:
        return f"{median * 1000:,.0f}" if median < 10 else f"{median:,.1f} s"
    return f"{median * 1000:,.1f} / {p95 * 1000:,.1f}" if median < 1 else f"{median * 1000:,.0f} / {p95 * 1000:,.0f}"


def print_table(results: list[dict[str, Any]], runs: int) -> None:
    sizes = [r["size"] for r in results]
    print(f"Utblick at scale on PostgreSQL: {UNITS} units, {PEOPLE:,} people, {YEARS} years; {os.cpu_count()} CPUs")
    print(f"ms, median / p95 of {runs} runs (import, fresh: one run); SQL = statements in the turn")
    print()
    header = ["step", *[f"{s:,} activities" for s in sizes]]
    if len(sizes) > 1:
        header.append(f"{sizes[-1]:,} / {sizes[0]:,}")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    for step in results[0]["figures"]:
        cells = []
        for r in results:
            cell = show(r["figures"][step])
            if step in r["statements"]:
                cell += f" ({r['statements'][step]} SQL)"
            cells.append(cell)
        if len(sizes) > 1:
            growth = statistics.median(results[-1]["figures"][step]) / statistics.median(results[0]["figures"][step])
            cells.append(f"{growth:.1f}×" if growth >= 1 else f"{growth:.2f}×")
        print(f"| {step} | " + " | ".join(cells) + " |")
    print("| peak memory (MiB, whole run) | " + " | ".join(f"{r['peak_mib']:.0f}" for r in results) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated numbers of activities")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", default="", help=f"comma-separated steps to leave out: {', '.join(GROUPS)}")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    base_url = os.environ.get("BENCH_DATABASE_URL", "")
    if not base_url.startswith("postgres"):  # `make bench` without a server to fill: say so and go on
        print("bench_scale.py skipped: set BENCH_DATABASE_URL to a PostgreSQL database it may fill.")
        return 0
    if args.one:
        skip = frozenset(filter(None, args.skip.split(",")))
        print(json.dumps(measure_size(args.one, args.runs, base_url, skip)))
        return 0
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--runs", str(args.runs), "--skip", args.skip],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return 1
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{size:,} activities measured", file=sys.stderr, flush=True)
    print_table(results, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

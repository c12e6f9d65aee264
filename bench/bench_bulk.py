"""A large municipality on PostgreSQL: import, export, a reminder tick, measured against PostgreSQL's own COPY.

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/big .venv/bin/python bench/bench_bulk.py [--activities N]

Empties the database at `--url` or `BENCH_DATABASE_URL` (make one for it; without either it does nothing), seeds 60 units, 10,000 people and N activities over five
years through `utblick activities import`, and prints one table: each step's wall time and the peak memory
(max RSS) of the process that ran it. The COPY and the fresh import are measured `--runs` times (default 3),
each pair on an emptied database, and their medians compared. Import and export run as an operator runs them, as commands in their
own process; the reminder tick runs here, with its statements counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import create_engine, event, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.seed import activity_rows, reset, write_activities, write_units  # noqa: E402
from bot.config import Settings  # noqa: E402
from registers import activities as activity_register  # noqa: E402
from reminders.delivery import run_due  # noqa: E402
from storage.db import Database, normalise_url  # noqa: E402
from storage.models import Delivery  # noqa: E402

# The export's own header: a list of its own here fell behind when date_precision and cofunding were added.
COLUMNS = activity_register.HEADER


def command(url: str, *args: str) -> tuple[float, float, float, float]:
    """Run `utblick ARGS` in a process of its own: (seconds, CPU seconds, peak MB, CPU seconds of its
    PostgreSQL backends). On a shared machine the CPU times are the steadier figures. The command runs
    through `utblick`'s own entry point (`bot.cli.run`); its CPU includes starting it (importing
    `bot.cli`) and ends where Python's exit begins, while the seconds include the exit. The database's
    CPU is read from /proc, so it is there only when the server runs on this machine (else 0). The peak
    is VmHWM, the high-water mark of the process's own memory: ru_maxrss of a child keeps the parent's
    size at fork, and the parent holds the rows it wrote (it put 160 MB on starting a command that peaks
    at 80 MB)."""
    code = (
        "import atexit, os, resource, sys; from sqlalchemy import event; from sqlalchemy.engine import Engine; "
        "pids = []; event.listen(Engine, 'connect', lambda c, _: pids.append(getattr(getattr(c, 'info', None), "
        "'backend_pid', None)))\n"
        "def figures():\n"
        "    use = resource.getrusage(resource.RUSAGE_SELF); server = 0.0\n"
        "    for pid in filter(None, pids):\n"
        "        try: server += sum(map(int, open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[11:13]))"
        " / os.sysconf('SC_CLK_TCK')\n"
        "        except OSError: pass\n"
        "    peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
        "    print(use.ru_utime + use.ru_stime, peak, server, file=sys.stderr)\n"
        "atexit.register(figures); from bot.cli import run; run()"
    )
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "UTBLICK_LANGUAGE": "en"}
    started = clock.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])  # fmt: skip
    seconds = clock.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"utblick {' '.join(args)} failed:\n{done.stderr}")
    cpu, peak, server = done.stderr.strip().splitlines()[-1].split()
    return seconds, float(cpu), int(peak) / 1024, float(server)


def copy_seconds(url: str, path: Path) -> float:
    """PostgreSQL's COPY of the same file into a table of text columns: the floor an import is compared to."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        connection.execute("DROP TABLE IF EXISTS bench_copy")
        connection.execute(f"CREATE TABLE bench_copy ({', '.join(f'{c} text' for c in COLUMNS)})")
        started = clock.perf_counter()
        statement = "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
        with connection.cursor().copy(statement) as copy, path.open("rb") as data:
            while chunk := data.read(1 << 20):
                copy.write(chunk)
        connection.commit()
        seconds = clock.perf_counter() - started
        connection.execute("DROP TABLE bench_copy")
        connection.commit()
    return seconds


def tick(database: Database, settings: Settings, at: datetime) -> tuple[float, int]:
    seen: list[str] = []

    def count(*_: object) -> None:
        seen.append("")

    event.listen(database.engine, "before_cursor_execute", count)
    started = clock.perf_counter()
    run_due(database, [], settings, at)
    seconds = clock.perf_counter() - started
    event.remove(database.engine, "before_cursor_execute", count)
    return seconds, len(seen)


def chat_report(url: str, year: int) -> tuple[float, float, int]:
    """An administrator's "rapport för alla YEAR" through the engine, as a chat sends it: (seconds, CPU
    seconds, files attached). Run twice; the second run is reported (the first loads the language model)."""
    from bot.app import build_app
    from bot.messages import Message, Sender
    from storage.models import Person

    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    app = build_app(settings)
    with app.database.session_scope() as session:
        if not session.query(Person).filter_by(console_user="Bench Admin").first():
            session.add(Person(display_name="Bench Admin", console_user="Bench Admin", is_admin=True))
    message = Message(sender=Sender(platform="console", user_id="Bench Admin"), channel="console",
                      text=f"rapport för alla {year}")  # fmt: skip
    figures = (0.0, 0.0, 0)
    for _ in range(2):
        started, cpu = clock.perf_counter(), clock.process_time()
        replies = app.engine.handle(message).replies
        figures = (clock.perf_counter() - started, clock.process_time() - cpu, sum(len(r.files) for r in replies))
    app.database.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="a PostgreSQL database made for it, which is emptied (default: BENCH_DATABASE_URL)",
    )
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--report-only", action="store_true", help="only the chat report, on what is seeded")
    parser.add_argument("--import-only", action="store_true", help="only COPY, starting a command and the imports")
    parser.add_argument("--runs", type=int, default=3,
                        help="times the COPY and the fresh import are measured, each pair on an emptied database; "
                             "the table gives their medians (default 3)")  # fmt: skip
    args = parser.parse_args()
    if not args.url:
        print("skipped: give --url or BENCH_DATABASE_URL, a PostgreSQL database made for this (it is emptied)")
        return
    url = normalise_url(args.url)
    if args.report_only:
        seconds, cpu, files = chat_report(url, date.today().year)
        print(f"report in chat: {seconds * 1000:,.0f} ms, CPU {cpu * 1000:,.0f} ms, {files} files")
        return
    figures: list[tuple[str, ...]] = []

    def row(step: str, seconds: float, mb: float | None = None, note: str = "", cpu: float | None = None,
            server: float | None = None) -> None:  # fmt: skip
        figures.append((step, f"{seconds * 1000:,.0f} ms" + (f" {note}" if note else ""),
                        f"{cpu * 1000:,.0f} ms" if cpu is not None else "",
                        f"{server * 1000:,.0f} ms" if server is not None else "",
                        f"{mb:,.0f} MB" if mb is not None else ""))  # fmt: skip
        print(" | ".join(figures[-1]), file=sys.stderr, flush=True)

    def ran(step: str, *argv: str, copied: float | None = None) -> None:
        seconds, cpu, mb, server = command(url, *argv)
        note = f"({seconds / copied:.0f}× COPY; CPU {cpu / copied:.0f}×)" if copied else ""
        row(step, seconds, mb, note, cpu=cpu, server=server)

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        reset(url)
        command(url, "units", "import", str(write_units(directory / "units.csv")))
        rows = activity_rows(args.activities)
        big = write_activities(directory / "activities.csv", rows)
        more = write_activities(directory / "more.csv", rows + activity_rows(1000, start=args.activities))
        # The COPY and the fresh import side by side, on an emptied database each time: one run of either
        # on a shared machine strays by a fifth, so the ratio is of the medians, each run's shown beside it.
        pairs: list[tuple[float, tuple[float, float, float, float]]] = []
        for run in range(max(1, args.runs)):
            if run:
                reset(url)
                command(url, "units", "import", str(directory / "units.csv"))
            pairs.append((copy_seconds(url, big), command(url, "activities", "import", str(big))))
        copied = statistics.median(copy for copy, _ in pairs)
        runs = ", ".join(f"{fresh[0] / copy:.0f}×" for copy, fresh in pairs)
        row("COPY of the file (PostgreSQL)", copied, note=f"(median of {len(pairs)})" if len(pairs) > 1 else "")
        ran("starting a command (utblick db current)", "db", "current")
        seconds, cpu, _, server = (statistics.median(fresh[i] for _, fresh in pairs) for i in range(4))
        row(f"import {args.activities:,} rows, fresh", seconds, max(fresh[2] for _, fresh in pairs),
            f"({seconds / copied:.0f}× COPY; CPU {cpu / copied:.0f}×; each run {runs})", cpu=cpu, server=server)  # fmt: skip
        ran("import again, unchanged", "activities", "import", str(big), copied=copied)
        ran("import with 1,000 rows more", "activities", "import", str(more), copied=copied)
        extra = write_activities(directory / "extra.csv", activity_rows(1000, start=args.activities + 1000))
        ran("import a file of 1,000 new rows", "activities", "import", str(extra))
        for fmt in () if args.import_only else ("csv", "xlsx"):
            out = str(directory / f"all.{fmt}")
            ran(f"export {fmt.upper()}", "activities", "export", "--format", fmt, "--out", out)
    if args.import_only:
        table(args.activities, figures)
        return

    database = Database(url)
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    # Three days after the import, at half past nine: the import's own changes lie behind the planner.
    moment = datetime.combine(date.today() + timedelta(days=3), time(9, 30), tzinfo=settings.tz)
    seconds, statements = tick(database, settings, moment)
    row("first reminder tick (plans everything once)", seconds, note=f"({statements} statements)")
    with database.session_scope() as session:  # as if every due notice had gone out
        session.execute(update(Delivery).where(Delivery.status == "pending").values(status="sent"))
    for minutes in (5, 10):
        seconds, statements = tick(database, settings, moment + timedelta(minutes=minutes))
        row(f"a tick with nothing due ({minutes} min later)", seconds, note=f"({statements} statements)")
    seconds, statements = tick(database, settings, moment + timedelta(days=1))
    row("the next day's tick (its follow-ups planned)", seconds, note=f"({statements} statements)")
    database.dispose()
    create_engine(url).dispose()
    seconds, cpu, files = chat_report(url, date.today().year)
    row(f'"rapport för alla {date.today().year}" in chat ({files} files)', seconds, cpu=cpu)

    table(args.activities, figures)


def table(activities: int, figures: list[tuple[str, ...]]) -> None:
    print(
        f"\n{activities:,} activities, 10,000 people, 60 units; peak = the command's own high-water mark of memory (VmHWM)\n"
    )
    print("| Step | Time | CPU (the command) | CPU (its database backend) | Peak memory |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for figure in figures:
        print("| " + " | ".join(figure) + " |")


if __name__ == "__main__":
    main()

"""How long a question about the register takes on PostgreSQL with 100,000 activities, through the engine.

    .venv/bin/python bench/bench_register.py [--database-url URL] [--rows N] [--runs R]

Seeds N activities (default 100,000) over seven years, 30 units and 2,000 people into a fresh schema of
the given PostgreSQL database (COPY, so seeding takes seconds), then asks each question as the
international coordinator through `Engine.handle`, the way a chat message arrives: reading the message,
the role check and the SQL aggregates all count. Prints the median and the 95th percentile of R runs per
question (the first, warming run is not counted). The schema is dropped afterwards.

The database comes from --database-url, else BENCH_DATABASE_URL; without a reachable PostgreSQL the
script says so and exits 0, so `make bench` runs on a laptop without one.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_app  # noqa: E402
from bot.clock import FixedClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from storage.db import Database, normalise_url  # noqa: E402
from storage.vocab import KINDS, STATUSES, TRAVEL_MODES  # noqa: E402
from tests.support import Conversation  # noqa: E402

COORDINATOR = "samordnare@vaxjo.example"
QUESTIONS = [
    "hur många aktiviteter har loggats i år totalt?",
    "how many flights were logged in 2025 in total?",
    "vilka förvaltningar har inte loggat något i år?",
    "vilka aktiviteter saknar resultat?",
    "which applications are still waiting for a decision?",
    "vilka aktiviteter har loggats i Portugal 2024?",
    "hur många ansökningar finns det 2026?",
    "vilka enheter saknar kontaktperson?",
]
PLACES = [("Bryssel", "BE"), ("Gdańsk", "PL"), ("Aarhus", "DK"), ("Tallinn", "EE"), ("Lissabon", "PT"), ("", "")]


def seed(url: str, schema: str, rows: int) -> None:
    """Units, people and activities by COPY into the migrated schema."""
    rng = random.Random(17)
    engine = create_engine(url, connect_args={"options": f"-c search_path={schema}"})
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            "INSERT INTO persons (id, display_name, email, console_user, is_admin, created_at, updated_at) "
            "SELECT g, 'Person ' || g, 'person' || g || '@vaxjo.example', NULL, false, now(), now() "
            "FROM generate_series(1, 2000) g"
        )
        cursor.execute(
            "INSERT INTO persons (id, display_name, email, console_user, is_admin, created_at, updated_at) "
            f"VALUES (2001, 'Samordnaren', '{COORDINATOR}', 'Samordnaren', false, now(), now())"
        )
        cursor.execute(
            "INSERT INTO org_units (id, name, kind, aliases, contact_person_id, created_at, updated_at) "
            "SELECT g, 'Förvaltning ' || g, 'forvaltning', '[]', CASE WHEN g % 7 = 0 THEN NULL ELSE g END, now(), now() "
            "FROM generate_series(1, 30) g"
        )
        cursor.execute("UPDATE persons SET org_unit_id = 1 + (id % 27) WHERE id <= 2000")
        buffer = io.StringIO()
        for number in range(1, rows + 1):
            start = date(2020, 1, 1) + timedelta(days=rng.randrange(7 * 365))
            city, country = rng.choice(PLACES)
            mode = rng.choice(TRAVEL_MODES)
            compensated = rng.choice(["yes", "no", "unknown"]) if mode == "flight" else "unknown"
            results = rng.choice(["\\N", "Nya kontakter"])
            unit = 1 + rng.randrange(27)  # units 28–30 log nothing
            person = 1 + rng.randrange(2000)
            created = datetime(start.year, start.month, start.day, 12, tzinfo=UTC).isoformat()
            fields = [
                str(number), rng.choice(KINDS), f"Aktivitet {number}", start.isoformat(),
                (start + timedelta(days=rng.randrange(4))).isoformat(), city or "\\N", country or "\\N", mode,
                compensated, rng.choice(STATUSES), results, str(person), str(unit), "import", created, created,
            ]  # fmt: skip
            buffer.write("\t".join(fields) + "\n")
        buffer.seek(0)
        columns = (
            "id, kind, title, start_date, end_date, city, country, travel_mode, climate_compensated, status, "
            "results, logged_by_id, org_unit_id, source, created_at, updated_at"
        )
        with cursor.copy(f"COPY activities ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            copy.write(buffer.read())
        for table in ("persons", "org_units", "activities"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.database_url:
        print("bench_register: no PostgreSQL given (--database-url or BENCH_DATABASE_URL); skipped")
        return 0
    url = normalise_url(args.database_url)
    admin = create_engine(url)
    schema = f"utblick_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        print(f"bench_register: PostgreSQL unreachable ({str(exc.orig).splitlines()[0]}); skipped")
        return 0
    try:
        database = Database(url, connect_args={"options": f"-c search_path={schema}"})
        database.upgrade()
        started = time.perf_counter()
        seed(url, schema, args.rows)
        print(f"seeded {args.rows:,} activities in {time.perf_counter() - started:.1f} s")
        settings = Settings(database_url=url, coordinator=COORDINATOR, _env_file=None)  # type: ignore[call-arg]
        clock = FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm")))
        app = build_app(settings, clock=clock, database=database)
        chat = Conversation(app.engine, user="Samordnaren")
        print(f"\n{'question':<58} {'median ms':>10} {'p95 ms':>8}  answer")
        medians = []
        for question in QUESTIONS:
            chat.say(question)  # warm: caches, the gazetteer, the plan
            times = []
            for _ in range(args.runs):
                began = time.perf_counter()
                said = chat.say(question)
                times.append((time.perf_counter() - began) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            medians.append(statistics.median(times))
            first = said.removeprefix("Utblick: ").splitlines()[0][:60]
            print(f"{question:<58} {statistics.median(times):>10.1f} {p95:>8.1f}  {first}")
        print(f"\nmedian of the medians: {statistics.median(medians):.1f} ms (target < 200 ms)")
        database.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

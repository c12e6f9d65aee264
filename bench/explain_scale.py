"""The query plans behind migrations 0010's and 0011's indexes, without and with each index, on a seeded database.

    .venv/bin/python bench/explain_scale.py [--url postgresql://postgres@127.0.0.1:5432/h20a_big]

Run it after `bench/bench_bulk.py` has seeded the database. For each index it prints the plan of the query
the index is for, first with the index dropped (inside a transaction that is rolled back, so nothing
changes) and then as it is. docs/scale.md quotes the result.
"""

from __future__ import annotations

import argparse
import re

import psycopg

# (index, what it is for, the query; an UPDATE runs in the rolled-back transaction too)
QUERIES = [
    ("ix_persons_email_lower", "an e-mail looked up without case (`storage.people.find_by_email`, the import)",
     "SELECT id FROM persons WHERE lower(email) = 'person5000@vaxjo.example'"),
    ("ix_deliveries_key_pattern", "a series' rows by key prefix (`reminders.outbox._skip_superseded`, `_snoozed`)",
     "SELECT id, status FROM deliveries WHERE key LIKE 'results:4711%'"),
    ("ix_deliveries_pending_due", "what a tick may claim (`reminders.outbox.claimable`)",
     "SELECT id FROM deliveries WHERE status = 'pending' AND due_at <= now() AND kind NOT IN "
     "('results_followup', 'climate_compensation') AND (next_attempt_at IS NULL OR next_attempt_at <= now()) "
     "AND (claimed_until IS NULL OR claimed_until < now()) ORDER BY due_at, id LIMIT 1000"),
    ("ix_activities_ended ix_activities_updated_at",
     "the activities a tick three days after the import looks at (`reminders.planner._follow_up`)",
     "SELECT a.id FROM activities a JOIN persons p ON a.logged_by_id = p.id WHERE a.travel_mode = 'flight' "
     "AND a.climate_compensated = 'unknown' AND (coalesce(a.end_date, a.start_date) BETWEEN current_date - 4 "
     "AND current_date - 4 OR a.updated_at >= now() + interval '3 days' - interval '1 hour')"),
]  # fmt: skip


def plan(connection: psycopg.Connection, query: str) -> str:
    rows = connection.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) {query}").fetchall()
    return "\n".join(re.sub(r"\s+\(actual time=[^)]*\)", "", row[0]) if "Planning" in row[0] else row[0]
                     for row in rows)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/h20a_big")
    args = parser.parse_args()
    with psycopg.connect(args.url) as connection:
        collation = connection.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        print(f"Database collation: {collation.fetchone()[0]}\n")  # type: ignore[index]
        # Committed, not inside the transactions rolled back below: an expression index's statistics
        # (ix_activities_ended's) come only from ANALYZE, and a rollback would take them away again.
        connection.execute("ANALYZE")
        connection.commit()
        for indexes, purpose, query in QUERIES:
            print(f"### {indexes}: {purpose}\n\n```sql\n{query}\n```\n")
            for name in indexes.split():
                connection.execute(f"DROP INDEX {name}")
            print("Without:\n```\n" + plan(connection, query) + "\n```\n")
            connection.rollback()
            print("With:\n```\n" + plan(connection, query) + "\n```\n")
            connection.rollback()


if __name__ == "__main__":
    main()

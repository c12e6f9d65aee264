"""How long a Teams activity takes from the Bot Framework's POST to its answer: the whole turn.

Teams waits for `/api/messages` to answer (the SDK runs the turn before its 202), so the time to the 202
is the time a person waits, and it must stay well inside the Bot Framework's 15 seconds. Measured here
through the real stack on 127.0.0.1: the SDK, the engine on its thread pool, the database (a SQLite file,
or PostgreSQL with BENCH_DATABASE_URL) and the replies sent to a mock connector.

    python bench/bench_teams.py [--requests 60]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.platforms import teams_cards  # noqa: E402
from bot.platforms.teams import TeamsAdapter  # noqa: E402
from bot.server import ServerThread, create_web_app  # noqa: E402
from storage.db import Database, normalise_url  # noqa: E402
from tests.mock_teams_connector import ANNA_AAD, ANNA_ID, MockConnector, activity, post_activity  # noqa: E402


def timed(step: Callable[[], object], times: int) -> list[float]:
    out = []
    for _ in range(times):
        started = time.perf_counter()
        step()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("microsoft_agents").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
        schema = None if url.startswith("sqlite") else f"utblick_bench_{uuid.uuid4().hex[:8]}"
        if schema:  # a schema of its own, dropped afterwards, so the bench leaves the database as it was
            with create_engine(normalise_url(url)).begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        options = {"options": f"-c search_path={schema}"} if schema else {}
        app = build_app(settings, database=Database(url, connect_args=options))
        app.database.upgrade()
        connector = MockConnector().start()
        connector.add_member(ANNA_ID, ANNA_AAD, "Anna Berg", "anna.berg@vaxjo.se")
        adapter = TeamsAdapter(app.engine, settings)
        server = ServerThread(create_web_app(app.database, teams=adapter)).start()
        endpoint = f"{server.url}/api/messages"

        def say(text: str, **changes: object) -> None:
            response = post_activity(endpoint, activity(connector.url, text, **changes))
            assert response.status == 202, response

        def log_and_save() -> None:
            say("Studiebesök i Freiburg vecka 38, åkte tåg")
            card = connector.sent()[-1]
            save = next(a for a in card.cards[0]["actions"] if a["data"][teams_cards.ACTION_KEY].endswith(":save"))
            say("", value=save["data"], replyToId=card.activity_id)

        try:
            say("hej")  # warm up: the gazetteer, the strategy index, the first roster call
            say("Måste flygresor klimatkompenseras?")
            rows = [
                ("greeting (known person)", timed(lambda: say("hej"), args.requests)),
                ("strategy question", timed(lambda: say("Vem följer upp strategin?"), args.requests)),
                ("log a trip: message + Save", timed(log_and_save, max(1, args.requests // 3))),
            ]
        finally:
            server.stop()
            adapter.close()
            connector.stop()
            app.database.dispose()
            if schema:
                with create_engine(normalise_url(url)).begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

    print(f"Teams turn, POST /api/messages → 202 with the replies sent ({url.split(':')[0]})")
    print(f"{'activity':<30} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for name, values in rows:
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(f"{name:<30} {len(values):>4} {statistics.median(values):>10.1f} {p95:>8.1f} {max(values):>8.1f}")


if __name__ == "__main__":
    main()

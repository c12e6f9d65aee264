"""One Slack instance's turns, one at a time, in one thread, under cProfile: where a turn's CPU goes.

The real Slack adapter (Bolt, the engine, the database, the Web API client) on the mock Slack API, with
the listener run inline instead of on the listener pool, so the profile of the calling thread holds
everything the instance does for a message but the HTTP server around it. The texts are the load
benchmark's (`bench_slack_load.TEXTS`), from `--people` people in turn.

    BENCH_DATABASE_URL=postgresql://… python bench/profile_slack_turn.py [--turns 300] [--sort tottime]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pydantic import SecretStr  # noqa: E402
from slack_bolt import BoltRequest  # noqa: E402

from bench.bench_slack_load import TEXTS, AnsweringMock, signed_event  # noqa: E402
from tests.mock_slack_api import BOT_TOKEN, SIGNING_SECRET, dm_of  # noqa: E402


class Inline(Executor):
    """Runs what is submitted at once, in the caller's thread (so the caller's profile sees it)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument("--save", help="write the profile's stats to this file")
    parser.add_argument("--no-profile", action="store_true", help="only the CPU per turn, without the profiler")
    args = parser.parse_args()

    from bot.app import build_app
    from bot.config import Settings
    from bot.platforms.slack import SlackAdapter

    api = AnsweringMock().start()
    users = [f"U0LOAD{i:03d}" for i in range(args.people)]
    for user in users:
        api.add_user(user, f"Person {user[-3:]}", f"person{user[-3:]}@vaxjo.se")
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'profile.db'}"
        settings = Settings(
            database_url=url,
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_signing_secret=SecretStr(SIGNING_SECRET),
            slack_api_url=api.url,
            scheduler=False,
        )
        app = build_app(settings)
        app.database.upgrade()
        app.warm_up(background=False)
        adapter = SlackAdapter(app.engine, settings)
        adapter.bolt._listener_runner.listener_executor = Inline()  # the listener in this thread

        def turn(number: int) -> None:
            user = users[number % len(users)]
            channel = dm_of(user)
            before = api.count(channel)
            body, headers = signed_event(user, TEXTS[(number // len(users)) % len(TEXTS)])
            response = adapter.bolt.dispatch(BoltRequest(body=body.decode(), headers=headers))
            assert response.status == 200, response.status
            assert api.wait_answer(channel, before, 30) is not None

        for number in range(len(users) * len(TEXTS)):  # warm up: each person known, pools filled
            turn(number)
        profile = cProfile.Profile(time.thread_time)  # CPU time: waiting on PostgreSQL is not counted
        cpu, wall = time.thread_time(), time.perf_counter()
        if not args.no_profile:
            profile.enable()
        for number in range(args.turns):
            turn(number)
        profile.disable()
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        adapter.close()
        app.database.dispose()
    api.stop()
    print(f"{args.turns} turns: {1000 * cpu / args.turns:.2f} ms CPU and {1000 * wall / args.turns:.2f} ms wall "
          f"per turn in the calling thread{'' if args.no_profile else ' (under the profiler)'}")  # fmt: skip
    if args.no_profile:
        return 0
    stats = pstats.Stats(profile).strip_dirs().sort_stats(args.sort)
    if args.save:
        stats.dump_stats(args.save)
    stats.print_stats(args.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())

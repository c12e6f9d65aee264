"""Two `utblick serve` instances on one database behind a load generator, next to a bare Bolt app that
answers each message with one chat.postMessage, on the same mock Slack API in the same run.

A turn is what a person sees: a signed `message.im` event is sent (to the two instances in turn, as a
load balancer would), Slack's acknowledgement comes back, and the answer arrives at the mock Slack API
in the person's DM. Each of `concurrency` clients is one person who writes again as soon as the answer
came. A turn fails when the ack is not a 200, no answer comes within 30 s, or the answer is the
bot's apology (`errors.internal`, `errors.database`). Utblick is asked what people ask most: hello, their
own activities, a question about the strategy. The servers are real `utblick serve` processes
(`python -m bot serve`); the bare app is Bolt on the same aiohttp server code, in a process of its own.

    BENCH_DATABASE_URL=postgresql://… python bench/bench_slack_load.py [--seconds 30] [--concurrency 1,20]

Without BENCH_DATABASE_URL both instances share one SQLite file.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

from bot.i18n import Translator  # noqa: E402
from tests.mock_slack_api import BOT_TOKEN, SIGNING_SECRET, Call, MockSlackApi, dm_of, payload  # noqa: E402
from tests.support import RunningServer  # noqa: E402

# What the clients write, in turn (Utblick answers each differently; the bare app just echoes).
TEXTS = ("hej", "mina aktiviteter", "Måste flyget klimatkompenseras?")
ANSWER_TIMEOUT = 30.0
APOLOGIES = {Translator(language)(key) for language in ("sv", "en") for key in ("errors.internal", "errors.database")}


class AnsweringMock(MockSlackApi):
    """The mock Slack API, keeping only the latest answer in each DM (a 30 s run makes tens of thousands)."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: dict[str, tuple[int, str]] = {}  # channel → (how many so far, the last text)

    def _record(self, call: Call) -> None:
        if call.method != "chat.postMessage":
            return
        channel = str(call.body.get("channel"))
        with self._changed:
            count, _ = self.answers.get(channel, (0, ""))
            self.answers[channel] = (count + 1, str(call.body.get("text") or ""))
            self._changed.notify_all()

    def wait_answer(self, channel: str, after: int, timeout: float) -> str | None:
        """The text of the answer that follows the `after`-th one in `channel`, or None after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.answers.get(channel, (0, ""))[0] <= after:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._changed.wait(left)
            return self.answers[channel][1]

    def count(self, channel: str) -> int:
        with self._changed:
            return self.answers.get(channel, (0, ""))[0]


# --- the bare Bolt app, in a process of its own -------------------------------------------------------


def run_bare(api_url: str) -> None:
    """A Bolt app that answers every message in its DM with one chat.postMessage; prints its port."""
    import logging
    from concurrent.futures import ThreadPoolExecutor as Pool

    from aiohttp import web
    from slack_bolt import App as BoltApp
    from slack_sdk import WebClient

    from bot.server import ServerThread, bolt_handler

    logging.basicConfig(level=logging.WARNING)
    bare = BoltApp(client=WebClient(token=BOT_TOKEN, base_url=api_url), signing_secret=SIGNING_SECRET)

    @bare.event("message")
    def answer(event: dict[str, Any], client: WebClient) -> None:
        client.chat_postMessage(channel=event["channel"], text=f"Du skrev: {event.get('text', '')}")

    web_app = web.Application()
    web_app.router.add_post("/slack/events", bolt_handler(bare, Pool(16), SIGNING_SECRET))
    server = ServerThread(web_app).start()
    print(server.port, flush=True)
    sys.stdin.read()
    server.stop()


# --- the load generator ----------------------------------------------------------------------------------

_RUN = uuid.uuid4().hex[:8]
_numbers = itertools.count()
_numbers_lock = threading.Lock()


def signed_event(user: str, text: str) -> tuple[bytes, dict[str, str]]:
    with _numbers_lock:
        number = next(_numbers)
    envelope = payload("event_message_im")
    envelope["event_id"] = f"EvLoad{_RUN}{number:09d}"
    envelope["event"].update(user=user, channel=dm_of(user), text=text, ts=f"1700000000.{number:06d}")
    body = json.dumps(envelope)
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=stamp, body=body)
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}
    return body.encode(), headers


@dataclass
class Outcome:
    acks: list[float] = field(default_factory=list)
    turns: list[float] = field(default_factory=list)
    failed: int = 0
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds spent during the row, by whom


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far, from /proc (0 where it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_pids(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving the bench's database (on this machine), for their CPU."""
    if not database_url.startswith("postgres"):
        return []
    from sqlalchemy import text

    from storage.db import Database

    database = Database(database_url)
    try:
        with database.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            )
            return [int(pid) for (pid,) in rows]
    finally:
        database.dispose()


def person(
    api: AnsweringMock, ports: list[int], user: str, until: float, outcome: Outcome, lock: threading.Lock
) -> None:
    """One person writing, waiting for the answer, and writing again, until `until`."""
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=ANSWER_TIMEOUT) for port in ports]
    channel = dm_of(user)
    turn = 0
    try:
        while time.monotonic() < until:
            text = TEXTS[turn % len(TEXTS)]
            connection = connections[turn % len(connections)]  # the load balancer's round robin
            turn += 1
            before = api.count(channel)
            body, headers = signed_event(user, text)
            started = time.perf_counter()
            try:
                connection.request("POST", "/slack/events", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
            acked = time.perf_counter()
            answer = api.wait_answer(channel, before, ANSWER_TIMEOUT) if status == 200 else None
            answered = time.perf_counter()
            with lock:
                outcome.acks.append(acked - started)
                if answer is None or answer in APOLOGIES:
                    outcome.failed += 1
                else:
                    outcome.turns.append(answered - started)
    finally:
        for connection in connections:
            connection.close()


def load(
    api: AnsweringMock, ports: list[int], concurrency: int, seconds: float, processes: dict[str, list[int]] | None = None,
    database_url: str = "",
) -> Outcome:  # fmt: skip
    """Load the app behind `ports`; with `processes` ({"app": pids}), also the CPU each group used meanwhile:
    the app's processes, the database's (PostgreSQL on this machine) and this load generator with the mock
    Slack API. On a machine of 2 cores they all compete, so CPU per answer says more than answers/s."""
    outcome, lock = Outcome(), threading.Lock()
    groups = dict(processes or {})
    if processes is not None:
        groups["database"] = database_pids(database_url)
        groups["load generator + mock"] = [os.getpid()]
    before = {pid: cpu_seconds(pid) for pids in groups.values() for pid in pids}
    started = time.monotonic()
    until = started + seconds
    with ThreadPoolExecutor(concurrency) as pool:
        people = [pool.submit(person, api, ports, f"U0LOAD{i:03d}", until, outcome, lock) for i in range(concurrency)]
        for each in people:
            each.result()
    outcome.seconds = time.monotonic() - started
    if processes is not None:  # the database's processes again: a pool may have opened more meanwhile
        groups["database"] = sorted(set(groups["database"]) | set(database_pids(database_url)))
    # A process gone meanwhile (a pooled connection closed) is left out rather than counted negative.
    used = {pid: cpu_seconds(pid) for pids in groups.values() for pid in pids}
    outcome.cpu = {
        name: sum(used[pid] - before.get(pid, 0.0) for pid in pids if used[pid]) for name, pids in groups.items()
    }
    return outcome


def rss_mib(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a process, MiB, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            values[name] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="how long each app is loaded at each concurrency")
    parser.add_argument("--concurrency", default="1,20", help="comma-separated numbers of people writing at once")
    parser.add_argument(
        "--slack-threads", type=int, help="UTBLICK_SLACK_THREADS for the two instances (default: theirs)"
    )
    parser.add_argument("--bare", metavar="API_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        run_bare(args.bare)
        return 0
    levels = [int(c) for c in args.concurrency.split(",")]
    users = [f"U0LOAD{i:03d}" for i in range(max(levels))]

    api = AnsweringMock().start()
    for user in users:
        api.add_user(user, f"Person {user[-3:]}", f"person{user[-3:]}@vaxjo.se")
    with tempfile.TemporaryDirectory() as tmp:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        from storage.db import Database

        Database(database_url).upgrade()  # once, before two instances start on it
        env = {"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
               "SLACK_API_URL": api.url, "UTBLICK_SCHEDULER": "false"}  # fmt: skip
        if args.slack_threads:
            env["UTBLICK_SLACK_THREADS"] = str(args.slack_threads)
        instances = []
        for name in ("a", "b"):
            (Path(tmp) / name).mkdir()
            instances.append(RunningServer(Path(tmp) / name, "/slack/events", **env))
        bare = subprocess.Popen(
            [sys.executable, __file__, "--bare", api.url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert bare.stdout is not None
            bare_port = int(bare.stdout.readline())
            apps = {
                "bare Bolt app (1 process)": [bare_port],
                "Utblick (2 × utblick serve)": [s.port for s in instances],
            }
            pids = {
                "bare Bolt app (1 process)": [bare.pid],
                "Utblick (2 × utblick serve)": [s.process.pid for s in instances],
            }
            for ports in apps.values():  # warm up: each person's first lookup, connection pools
                load(api, ports, max(levels), 2.0)
            results = {
                (name, c): load(api, ports, c, args.seconds, {"app": pids[name]}, database_url)
                for c in levels
                for name, ports in apps.items()
            }
            memory = {
                "bare": rss_mib(bare.pid),
                **{f"utblick {i}": rss_mib(s.process.pid) for i, s in enumerate(instances)},
            }
        finally:
            for server in instances:
                server.stop()
            if bare.stdin:
                bare.stdin.close()
            bare.wait(timeout=60)
            api.stop()
    print_table(results, memory, args.seconds, database_url)
    return 0


def print_table(results: dict[tuple[str, int], Outcome], memory: dict[str, tuple[float, float]], seconds: float,
                database_url: str) -> None:  # fmt: skip
    print(f"Slack under load: signed message.im turns on loopback, {os.cpu_count()} CPUs, {seconds:.0f} s per row,")
    print(f"database {database_url.split(':')[0]}; a turn is event → ack → answer at the mock Slack API")
    print()
    header = ("app", "people", "turns", "failed", "answers/s", "ack p50 ms", "ack p99 ms", "turn p50 ms", "turn p99 ms")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    rates: dict[tuple[str, int], float] = {}
    for (name, c), r in results.items():
        rates[(name, c)] = len(r.turns) / r.seconds
        cells = (
            name, str(c), str(len(r.acks)), str(r.failed), f"{rates[(name, c)]:.1f}",
            f"{statistics.median(r.acks) * 1000:.2f}", f"{percentile(r.acks, 0.99) * 1000:.2f}",
            f"{statistics.median(r.turns) * 1000:.1f}" if r.turns else "-",
            f"{percentile(r.turns, 0.99) * 1000:.1f}" if r.turns else "-",
        )  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    print()
    names = list(dict.fromkeys(name for name, _ in results))
    for c in dict.fromkeys(c for _, c in results):
        print(f"answers/s Utblick / bare at {c} people: {rates[(names[1], c)] / rates[(names[0], c)]:.2f}×")
    print()
    print("CPU ms per answer, by process group (on this machine's cores, shared with whatever else runs):")
    for (name, c), r in results.items():
        if r.turns:
            parts = ", ".join(f"{group} {1000 * used / len(r.turns):.2f}" for group, used in r.cpu.items())
            print(f"  {name}, {c} people: {parts}")
    print("resident memory at the end (now / peak), MiB: " + ", ".join(
        f"{name} {now:.0f} / {peak:.0f}" for name, (now, peak) in memory.items()))  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

"""How fast Utblick acknowledges signed Slack events, next to a bare Bolt app that only acks.

Slack wants an acknowledgement within 3 seconds and retries otherwise, so the number that matters is the
time from a signed request to its 200, and how many of those the server keeps up with. Both apps run in
one server process (one aiohttp application, `/slack/events` and `/bare/slack/events`), on the same
machine, in one run; the client runs in this process and sends correctly signed `message.im` events with
fresh event ids over keep-alive connections. Utblick's work after the ack (the engine's turn and a
chat.postMessage to a mock Slack API) runs during its measurement, as it would in production.

    python bench/bench_slack_ack.py [--requests 400] [--concurrency 8] [--rounds 2]
"""

from __future__ import annotations

import argparse
import http.client
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

from tests.mock_slack_api import BOT_TOKEN, SIGNING_SECRET, payload  # noqa: E402

PATHS = {"bare Bolt app (ack only)": "/bare/slack/events", "Utblick": "/slack/events"}


# --- The server process ---------------------------------------------------------------------------------


def run_server(database_url: str) -> None:
    """Mock Slack API + one aiohttp server with Utblick's Slack app and a bare Bolt app; prints the port."""
    import asyncio
    import logging
    import threading as _threading
    from concurrent.futures import ThreadPoolExecutor as Pool

    from aiohttp import web
    from pydantic import SecretStr
    from slack_bolt import App as BoltApp
    from slack_sdk import WebClient

    from bot.app import build_app
    from bot.config import Settings
    from bot.platforms.slack import SlackAdapter
    from bot.server import ServerThread, bolt_handler, create_web_app
    from tests.mock_slack_api import MockSlackApi

    logging.basicConfig(level=logging.WARNING)
    api = MockSlackApi().start()
    api.add_user("U0ANNA", "Anna Berg", "anna.berg@vaxjo.se")
    settings = Settings(
        database_url=database_url,
        slack_bot_token=SecretStr(BOT_TOKEN),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=api.url,
        _env_file=None,  # type: ignore[call-arg]
    )
    app = build_app(settings)
    app.database.upgrade()
    adapter = SlackAdapter(app.engine, settings)

    bare = BoltApp(client=WebClient(token=BOT_TOKEN, base_url=api.url), signing_secret=SIGNING_SECRET)

    @bare.event("message")
    def ignore() -> None:
        pass

    web_app = create_web_app(app.database, slack=adapter)
    web_app.router.add_post(PATHS["bare Bolt app (ack only)"], bolt_handler(bare, Pool(16), SIGNING_SECRET))

    async def drain(_: web.Request) -> web.Response:
        # Every listener thread busy at once with a barrier task means all earlier work has finished.
        workers = adapter.executor._max_workers
        barrier = _threading.Barrier(workers)
        futures = [adapter.executor.submit(barrier.wait) for _ in range(workers)]
        await asyncio.gather(*(asyncio.wrap_future(f) for f in futures))
        return web.json_response({"answered": len(api.calls_to("chat.postMessage"))})

    web_app.router.add_get("/bench/drain", drain)
    server = ServerThread(web_app).start()
    print(server.port, flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    server.stop()
    api.stop()


# --- The client ------------------------------------------------------------------------------------------

_counter = iter(range(10**9))
_RUN = uuid.uuid4().hex[:8]  # event ids must be new to a database that may have seen an earlier run
_counter_lock = threading.Lock()


def signed_event() -> tuple[bytes, dict[str, str]]:
    with _counter_lock:
        number = next(_counter)
    envelope = payload("event_message_im")
    envelope["event_id"] = f"EvBench{_RUN}{number:09d}"
    envelope["event"].update(user="U0ANNA", text="hej", ts=f"1700000000.{number:06d}")
    body = json.dumps(envelope)
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=stamp, body=body)
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }
    return body.encode(), headers


def send(connection: http.client.HTTPConnection, path: str) -> float:
    body, headers = signed_event()
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return elapsed


def sequential(port: int, path: str, count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        return [send(connection, path) for _ in range(count)]
    finally:
        connection.close()


def concurrent(port: int, path: str, count: int, workers: int) -> tuple[float, list[float]]:
    """(requests per second, latencies) with `workers` clients sending `count` requests in all."""
    per_worker = max(1, count // workers)

    def worker(_: int) -> list[float]:
        return sequential(port, path, per_worker)

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        latencies = [t for batch in pool.map(worker, range(workers)) for t in batch]
    return len(latencies) / (time.perf_counter() - started), latencies


def drain(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", "/bench/drain")
    answered = json.loads(connection.getresponse().read())["answered"]
    connection.close()
    return int(answered)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per app per round and mode")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2, help="rounds, alternating the apps")
    parser.add_argument("--serve", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        run_server(args.serve)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", database_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            results = measure(port, args)
        finally:
            if server.stdin:
                server.stdin.close()
            server.wait(timeout=120)
    print_table(results, args, database_url)
    return 0


def idle(port: int, path: str, count: int) -> list[float]:
    """Latencies of requests sent one at a time, each after the app finished the previous one's work."""
    latencies = []
    for _ in range(count):
        latencies += sequential(port, path, 1)
        drain(port)
    return latencies


def measure(port: int, args: argparse.Namespace) -> dict[str, dict[str, list[float]]]:
    results = {name: {"idle": [], "seq": [], "conc": [], "rps": []} for name in PATHS}
    for path in PATHS.values():  # warm up: imports, connection pools, the person's first lookup
        sequential(port, path, 30)
    drain(port)
    for _ in range(args.rounds):
        for name, path in PATHS.items():
            results[name]["idle"] += idle(port, path, max(10, args.requests // 4))
            results[name]["seq"] += sequential(port, path, args.requests)
            drain(port)
            rps, latencies = concurrent(port, path, args.requests, args.concurrency)
            results[name]["conc"] += latencies
            results[name]["rps"].append(rps)
            drain(port)
    return results


def print_table(results: dict[str, dict[str, list[float]]], args: argparse.Namespace, database_url: str) -> None:
    rows = []
    for name, r in results.items():
        rows.append(
            (
                name,
                statistics.median(r["idle"]) * 1000,
                statistics.median(r["seq"]) * 1000,
                percentile(r["seq"], 0.95) * 1000,
                percentile(r["seq"], 0.99) * 1000,
                percentile(r["conc"], 0.95) * 1000,
                statistics.mean(r["rps"]),
            )
        )
    bare, utblick = rows
    c = args.concurrency
    print(f"Slack event acknowledgement: signed message.im on loopback, {os.cpu_count()} CPUs, one server process")
    print(
        f"per app: {args.rounds} round(s) of {max(10, args.requests // 4)} idle, {args.requests} back-to-back and "
        f"{args.requests} from {c} concurrent clients; database {database_url.split(':')[0]}"
    )
    print("idle = each request after the app finished answering the previous one; back-to-back = the next request")
    print("is sent as soon as the ack arrives, while the app is still answering in the background.")
    print()
    header = ("app", "idle p50 ms", "p50 ms", "p95 ms", "p99 ms", f"p95 ms, {c} clients", f"acks/s, {c} clients")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * 6) + "|")
    for row in rows:
        cells = [f"{v:.2f}" for v in row[1:6]] + [f"{row[6]:.0f}"]
        print(f"| {row[0]} | " + " | ".join(cells) + " |")
    ratios = [u / b for u, b in zip(utblick[1:], bare[1:], strict=True)]
    print("| ratio Utblick / bare | " + " | ".join(f"{r:.2f}×" for r in ratios) + " |")


if __name__ == "__main__":
    sys.exit(main())

"""The HTTP server behind `utblick serve`: Slack's events at `/slack/events`, Teams' activities at
`/api/messages` (the Bot Framework's usual messaging endpoint), health at `/healthz`.

aiohttp, because one asyncio server can hold many slow connections cheaply, runs in production as is
(no separate WSGI/ASGI server to choose and configure), and is what the Bot Framework SDK and the
Microsoft 365 Agents SDK host Teams bots on: the Teams endpoint mounts next to Slack's with `add_post`.

The bot itself is synchronous (the engine, SQLAlchemy sessions, Bolt's `App`), so each Slack request is
dispatched on a thread pool; the event loop only reads bodies and writes responses and never blocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from aiohttp import web
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_sdk.signature import SignatureVerifier

from storage.db import Database, DatabaseUnavailable

if TYPE_CHECKING:
    from bot.platforms.slack import SlackAdapter
    from bot.platforms.teams import TeamsAdapter

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SLACK_PATH = "/slack/events"
TEAMS_PATH = "/api/messages"
HEALTH_PATH = "/healthz"
# Slack's payloads are a few kilobytes; a view submission with long texts stays well under this.
MAX_BODY_BYTES = 1024 * 1024


def bolt_handler(bolt: App, executor: ThreadPoolExecutor, signing_secret: str) -> Handler:
    """An aiohttp handler that runs a (synchronous) Bolt app on the request.

    Bolt checks the signature and timestamp against the exact bytes received, so the body is passed on
    untouched; a bad signature is Bolt's 401. A body Bolt cannot even read (malformed JSON) is answered
    here: 401 unless correctly signed, else 400, and never with a traceback.
    """

    async def handle(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers: dict[str, str | Sequence[str]] = {}
        for name in request.headers:
            headers[name.lower()] = request.headers.getall(name)
        text = body.decode("utf-8", "replace")
        try:
            bolt_request = BoltRequest(body=text, query=request.query_string, headers=headers)
        except ValueError:  # not JSON, or a form without a readable payload: Bolt cannot even read it
            single = {name: request.headers.get(name, "") for name in request.headers}
            signed = SignatureVerifier(signing_secret).is_valid_request(text, single)
            log.warning("slack request that is not a Slack payload refused (%s)", "signed" if signed else "unsigned")
            return web.Response(status=400 if signed else 401)
        loop = asyncio.get_running_loop()
        bolt_response = await loop.run_in_executor(executor, bolt.dispatch, bolt_request)
        return await to_aiohttp_response(bolt_response)

    return handle


def health_handler(database: Database, executor: ThreadPoolExecutor) -> Handler:
    """200 when the database answers, 503 otherwise: what a load balancer or uptime check needs."""

    async def handle(request: web.Request) -> web.StreamResponse:
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(executor, database.check)
        except DatabaseUnavailable as exc:
            log.warning("health check: %s", exc)
            return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
        return web.json_response({"status": "ok", "database": "ok"})

    return handle


def create_web_app(
    database: Database,
    *,
    slack: SlackAdapter | None = None,
    teams: TeamsAdapter | None = None,
    dispatch_threads: int = 16,
) -> web.Application:
    """The aiohttp application with every route this deployment serves."""
    executor = ThreadPoolExecutor(max_workers=dispatch_threads, thread_name_prefix="http-dispatch")
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_get(HEALTH_PATH, health_handler(database, executor))
    if slack is not None:
        app.router.add_post(SLACK_PATH, bolt_handler(slack.bolt, executor, slack.signing_secret))
    if teams is not None:
        from bot.platforms.teams import on_startup

        app.router.add_post(TEAMS_PATH, teams.handle)
        app.on_startup.append(on_startup(teams))

    async def shut_down(_: web.Application) -> None:
        # Let answers already being worked on reach Slack and Teams before the process goes.
        await asyncio.get_running_loop().run_in_executor(None, _close, executor, slack, teams)

    app.on_cleanup.append(shut_down)
    return app


def _close(executor: ThreadPoolExecutor, slack: SlackAdapter | None, teams: TeamsAdapter | None) -> None:
    executor.shutdown(wait=True)
    if slack is not None:
        slack.close()
    if teams is not None:
        teams.close()


def serve(app: web.Application, host: str, port: int, *, on_ready: Callable[[str, int], None] | None = None) -> None:
    """Run until SIGINT or SIGTERM, then finish the requests in flight and stop.

    `on_ready` is called once the socket listens, so "listening on …" is never printed too early.
    """

    async def run() -> None:
        runner = web.AppRunner(app, access_log=None, handle_signals=True)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
            if on_ready is not None:
                on_ready(host, port)
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    with contextlib.suppress(web.GracefulExit, KeyboardInterrupt):
        asyncio.run(run())


class ServerThread:
    """The server on its own event loop in a background thread: for tests and benchmarks, which need
    the real HTTP stack on 127.0.0.1 and a port chosen by the system (`port=0`)."""

    def __init__(self, app: web.Application, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._loop = asyncio.new_event_loop()
        self._runner = web.AppRunner(app, access_log=None)
        self._thread = threading.Thread(target=self._loop.run_forever, name="http-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> ServerThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = int(self._runner.addresses[0][1])  # the port the system chose for port 0

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

"""The HTTP server: health for load balancers, and nothing served that was not mounted."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from bot.server import ServerThread, create_web_app
from storage.db import Database


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_health_is_ok_when_the_database_answers(database: Database) -> None:
    server = ServerThread(create_web_app(database)).start()
    try:
        status, body = _get(f"{server.url}/healthz")
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})
        assert _get(f"{server.url}/slack/events")[0] in {404, 405}  # Slack is not mounted without its settings
    finally:
        server.stop()


def test_health_is_503_without_revealing_the_database_url_when_it_is_down() -> None:
    down = Database("postgresql://utblick:hemligt@127.0.0.1:9/none", connect_args={"connect_timeout": 1})
    server = ServerThread(create_web_app(down)).start()
    try:
        status, body = _get(f"{server.url}/healthz")
        assert status == 503
        assert json.loads(body) == {"status": "unavailable", "database": "unreachable"}
        assert "hemligt" not in body and "127.0.0.1" not in body
    finally:
        server.stop()

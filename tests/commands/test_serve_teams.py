"""`utblick serve` for Teams, as an operator starts it: what it says, and that it answers."""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
from pathlib import Path

from tests.mock_teams_connector import ANNA_AAD, ANNA_ID, MockConnector, activity, post_activity
from tests.support import run_utblick, utblick_env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_app_id_without_its_secret_and_tenant_names_them(tmp_path: Path) -> None:
    result = run_utblick(tmp_path, "serve", TEAMS_APP_ID="3f9a7c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b")
    assert result.returncode == 2
    assert "Teams behöver TEAMS_APP_SECRET, TEAMS_TENANT_ID" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_app_id_that_is_not_one_is_named(tmp_path: Path) -> None:
    result = run_utblick(
        tmp_path, "serve", TEAMS_APP_ID="utblick-bot", TEAMS_APP_SECRET="x", TEAMS_TENANT_ID="vaxjo.se"
    )
    assert result.returncode == 2
    assert "TEAMS_APP_ID: 'utblick-bot' is not an Entra id" in result.stderr


def test_serve_without_any_platform_settings_answers_teams_in_local_mode_and_says_so(tmp_path: Path) -> None:
    connector = MockConnector().start()
    connector.add_member(ANNA_ID, ANNA_AAD, "Anna Berg", "anna.berg@vaxjo.se")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=utblick_env(tmp_path),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()  # type: ignore[union-attr]
    try:
        seen: list[str] = []
        while not any("lyssnar på" in line for line in seen):
            seen.append(lines.get(timeout=30))
        response = post_activity(f"http://127.0.0.1:{port}/api/messages", activity(connector.url, "hej"))
        assert response.status == 202
        assert "Hej Anna!" in connector.wait_for("send", timeout=20)[0].body["text"]
    finally:
        process.terminate()
        process.wait(timeout=30)
        connector.stop()
    out = "".join(seen)
    assert "Teams: /api/messages i lokalt läge utan inloggning (TEAMS_APP_ID är inte satt)" in out
    assert "Utblick lyssnar på http://127.0.0.1:" in out and "Teams: /api/messages" in out


def test_a_slack_deployment_without_teams_settings_does_not_open_teams_without_sign_in(tmp_path: Path) -> None:
    from tests.mock_slack_api import BOT_TOKEN, SIGNING_SECRET, MockSlackApi

    slack_api = MockSlackApi().start()
    port = _free_port()
    env = utblick_env(
        tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack_api.url
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()  # type: ignore[union-attr]
    try:
        seen: list[str] = []
        while not any("/slack/events" in line for line in seen):
            seen.append(lines.get(timeout=30))
        response = post_activity(f"http://127.0.0.1:{port}/api/messages", activity("http://127.0.0.1:9/", "hej"))
        assert response.status in {404, 405}
    finally:
        process.terminate()
        process.wait(timeout=30)
        slack_api.stop()
    assert "Teams" not in "".join(seen)


def test_with_the_entra_app_unsigned_activities_are_refused_and_the_secret_never_logged(tmp_path: Path) -> None:
    secret = "Qx8~verysecretvalue.fromEntra_0123456789"
    port = _free_port()
    env = utblick_env(
        tmp_path,
        TEAMS_APP_ID="3f9a7c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b",
        TEAMS_APP_SECRET=secret,
        TEAMS_TENANT_ID="vaxjo.onmicrosoft.com",
        UTBLICK_LOG_LEVEL="DEBUG",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()  # type: ignore[union-attr]
    try:
        seen: list[str] = []
        while not any("lyssnar på" in line for line in seen):
            seen.append(lines.get(timeout=30))
        unsigned = post_activity(f"http://127.0.0.1:{port}/api/messages", activity("http://127.0.0.1:9/", "hej"))
        forged = post_activity(
            f"http://127.0.0.1:{port}/api/messages", activity("http://127.0.0.1:9/", "hej"), token="not.a.jwt"
        )
        assert (unsigned.status, forged.status) == (401, 401)
    finally:
        process.terminate()
        process.wait(timeout=30)
    log = "".join(seen) + "".join(lines.queue)
    assert "Teams: /api/messages med Entra-appen 3f9a7c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b." in log
    assert "teams request with an invalid token refused" in log
    assert secret not in log and "Traceback" not in log

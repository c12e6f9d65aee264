"""`utblick serve` for Teams, as an operator starts it: what it says, and that it answers."""

from __future__ import annotations

from pathlib import Path

from tests.mock_teams_connector import ANNA_AAD, ANNA_ID, MockConnector, activity, post_activity
from tests.support import run_utblick, serving


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
    try:
        with serving(tmp_path, "lyssnar på") as server:
            response = post_activity(f"{server.url}/api/messages", activity(connector.url, "hej"))
            assert response.status == 202
            assert "Hej Anna!" in connector.wait_for("send", timeout=20)[0].body["text"]
    finally:
        connector.stop()
    out = server.log
    assert "Teams: /api/messages i lokalt läge utan inloggning (TEAMS_APP_ID är inte satt)" in out
    assert "Utblick lyssnar på http://127.0.0.1:" in out and "Teams: /api/messages" in out


def test_a_slack_deployment_without_teams_settings_does_not_open_teams_without_sign_in(tmp_path: Path) -> None:
    from tests.mock_slack_api import BOT_TOKEN, SIGNING_SECRET, MockSlackApi

    slack_api = MockSlackApi().start()
    try:
        with serving(
            tmp_path, "/slack/events", SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack_api.url,
        ) as server:  # fmt: skip
            response = post_activity(f"{server.url}/api/messages", activity("http://127.0.0.1:9/", "hej"))
            assert response.status in {404, 405}
            started = server.log
    finally:
        slack_api.stop()
    assert "Teams" not in started


def test_with_the_entra_app_unsigned_activities_are_refused_and_the_secret_never_logged(tmp_path: Path) -> None:
    secret = "Qx8~verysecretvalue.fromEntra_0123456789"
    with serving(
        tmp_path,
        "lyssnar på",
        TEAMS_APP_ID="3f9a7c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b",
        TEAMS_APP_SECRET=secret,
        TEAMS_TENANT_ID="vaxjo.onmicrosoft.com",
        UTBLICK_LOG_LEVEL="DEBUG",
    ) as server:
        unsigned = post_activity(f"{server.url}/api/messages", activity("http://127.0.0.1:9/", "hej"))
        forged = post_activity(f"{server.url}/api/messages", activity("http://127.0.0.1:9/", "hej"), token="not.a.jwt")
        assert (unsigned.status, forged.status) == (401, 401)
    log = server.log
    assert "Teams: /api/messages med Entra-appen 3f9a7c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b." in log
    assert "teams request with an invalid token refused" in log
    assert secret not in log and "Traceback" not in log

"""`utblick serve`, `utblick socket` and `utblick run` as an operator starts them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.mock_slack_api import BOT_TOKEN, SIGNING_SECRET, MockSlackApi, event_body, payload, signed_request
from tests.support import run_utblick, serving

ROOT = Path(__file__).resolve().parents[2]


def test_run_with_only_a_bot_token_says_what_else_slack_needs(tmp_path: Path) -> None:
    result = run_utblick(tmp_path, "run", SLACK_BOT_TOKEN=BOT_TOKEN)
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN" in result.stderr and "SLACK_SIGNING_SECRET" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_without_the_signing_secret_names_it(tmp_path: Path) -> None:
    result = run_utblick(tmp_path, "serve", SLACK_BOT_TOKEN=BOT_TOKEN)
    assert result.returncode == 2
    assert "HTTP behöver SLACK_SIGNING_SECRET" in result.stderr


def test_a_token_slack_rejects_stops_the_start_with_one_line(tmp_path: Path, slack_api: MockSlackApi) -> None:
    result = run_utblick(
        tmp_path,
        "serve",
        SLACK_BOT_TOKEN="xoxb-wrong",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.url,
    )
    assert result.returncode == 4
    assert "Slack godtar inte SLACK_BOT_TOKEN" in result.stderr and "invalid_auth" in result.stderr
    assert "xoxb-wrong" not in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def slack_api() -> Iterator[MockSlackApi]:
    api = MockSlackApi().start()
    api.add_user("U0ANNA", "Anna Berg", "anna.berg@vaxjo.se")
    yield api
    api.stop()


@pytest.mark.parametrize("log_level", ["INFO", "DEBUG"])
def test_serve_answers_a_signed_direct_message_through_the_configured_api(
    tmp_path: Path, slack_api: MockSlackApi, log_level: str
) -> None:
    with serving(
        tmp_path,
        "/slack/events",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.url,
        UTBLICK_LOG_LEVEL=log_level,
    ) as server:
        envelope = payload("event_message_im")
        envelope["event"].update(user="U0ANNA", text="Måste flygresor klimatkompenseras?")
        response = signed_request(
            f"{server.url}/slack/events", *event_body(envelope)[:1], content_type="application/json"
        )
        assert response.status == 200
        posted = slack_api.wait_for("chat.postMessage", timeout=20)[0].body
        assert posted["channel"] == envelope["event"]["channel"]
        answer = json.dumps(posted, ensure_ascii=False)
        assert "klimatkompenseras" in answer and "Hållbart synsätt" in answer  # the quote and its section
    log = server.log
    assert "slack event:message user=U0ANNA" in log
    # Not even Bolt's and slack_sdk's debug lines, which print request bodies and headers, hold a secret;
    # and at no level does the log hold what the person wrote, what the bot answered, or their profile.
    assert BOT_TOKEN not in log and SIGNING_SECRET not in log and "verification_token" not in log
    assert "klimatkompenseras" not in log and "Hållbart synsätt" not in log
    assert "anna.berg@vaxjo.se" not in log and "Anna Berg" not in log


def test_an_app_token_slack_rejects_stops_socket_mode_with_one_line(tmp_path: Path, slack_api: MockSlackApi) -> None:
    result = run_utblick(
        tmp_path,
        "run",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN="xapp-1-A1-revoked",
        SLACK_API_URL=slack_api.url,
    )
    assert result.returncode == 4
    assert "Startar Slack i Socket Mode" in result.stderr
    assert "Slack godtar inte SLACK_APP_TOKEN (invalid_auth)" in result.stderr
    assert "Traceback" not in result.stderr and "xapp-1-A1-revoked" not in result.stderr
    assert [c.method for c in slack_api.calls] == ["auth.test", "apps.connections.open"]

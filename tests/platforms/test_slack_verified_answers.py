"""Verified answers through Slack, end to end: signed requests in, the mock Slack API out, and the
reminder worker's Slack channel carrying the question to the coordinator and her answer back."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import App
from bot.config import Settings
from bot.platforms.slack_channel import SlackChannel
from reminders.delivery import run_due
from tests.mock_slack_api import BOT_TOKEN, SIGNING_SECRET, MockSlackApi, view_submission
from tests.platforms.conftest import SlackHarness
from tests.platforms.test_slack import buttons, texts

SARA = "U0SARA"


@pytest.fixture
def slack_settings(settings: Settings, slack_api: MockSlackApi) -> Settings:
    slack_api.add_user(SARA, "Sara Lund", "sara.lund@vaxjo.se")
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_api_url": slack_api.url,
            "coordinator": "sara.lund@vaxjo.se",
        }
    )


def posted_to(api: MockSlackApi, channel: str, count: int = 1) -> list[dict[str, Any]]:
    """The messages posted in one conversation, once there are `count` of them (waits up to 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        found = [c.body for c in api.calls_to("chat.postMessage") if c.body.get("channel") == channel]
        if len(found) >= count or time.monotonic() > deadline:
            assert len(found) >= count, f"{len(found)} messages in {channel}, expected {count}"
            return found
        time.sleep(0.05)


def deliver(app: App, settings: Settings) -> None:
    run_due(
        app.database, [SlackChannel(settings, app.engine.actions)], settings, app.clock.now() + timedelta(minutes=1)
    )


def test_a_question_passed_on_in_slack_is_answered_by_the_coordinator_and_given_to_the_next_asker(
    slack: SlackHarness, slack_api: MockSlackApi, slack_settings: Settings, app: App
) -> None:
    slack.dm("Vilka nätverk är Växjö med i?")
    [refusal] = posted_to(slack_api, "D0ANNA")
    assert "Vilka det är står inte där" in texts(refusal)
    slack.click(refusal, "Skicka frågan vidare")
    assert "Jag har sparat din fråga" in texts(posted_to(slack_api, "D0ANNA", 2)[1])

    deliver(app, slack_settings)
    [to_sara] = posted_to(slack_api, "D0SARA")
    said = texts(to_sara)
    assert "Fråga 1 från Anna Berg, som strategin inte svarade på: ”Vilka nätverk är Växjö med i?”" in said
    assert "Kommunen är med i flera internationella nätverk" in said
    assert list(buttons(to_sara)) == ["Svara"]

    # Sara presses "Svara": a modal to write the answer in; submitting it keeps the answer.
    slack.click(to_sara, "Svara", user=SARA, channel="D0SARA")
    view = slack_api.wait_for("views.open")[0].body["view"]
    assert "Svar på fråga 1" in view["title"]["text"]
    answer = {"answer": {"type": "plain_text_input", "value": "Eurocities, Energy Cities och Covenant of Mayors."}}
    assert slack.interact(view_submission(view, answer, user=SARA)).status == 200
    confirmed = posted_to(slack_api, "D0SARA", 2)[1]
    assert "Svaret är sparat som verifierat svar 1 och skickas till Anna Berg." in texts(confirmed)

    deliver(app, slack_settings)
    answered = posted_to(slack_api, "D0ANNA", 3)[2]
    assert "Du har fått svar på din fråga ”Vilka nätverk är Växjö med i?”" in texts(answered)
    assert "Samordnarens svar (Sara Lund, 26 november 2026): Eurocities" in texts(answered)

    slack.dm("Which international networks is the municipality a member of?")
    later = posted_to(slack_api, "D0ANNA", 4)[3]
    assert "The coordinator's answer (Sara Lund, 26 November 2026): Eurocities" in texts(later)


def test_the_coordinator_can_answer_in_a_slack_dm_with_svara(
    slack: SlackHarness, slack_api: MockSlackApi, slack_settings: Settings, app: App
) -> None:
    slack.dm("Behöver jag visum för att åka till Kina på studieresa?")
    slack.click(posted_to(slack_api, "D0ANNA")[0], "Skicka frågan vidare")
    posted_to(slack_api, "D0ANNA", 2)
    slack.event({"text": "svara 1: Kolla UD:s reseinformation i god tid.", "user": SARA, "channel": "D0SARA"})
    assert "verifierat svar 1" in texts(posted_to(slack_api, "D0SARA")[0])
    slack.event({"text": "verifierade svar", "user": SARA, "channel": "D0SARA"})
    assert "Kolla UD:s reseinformation i god tid." in texts(posted_to(slack_api, "D0SARA", 2)[1])

"""Good examples in Slack and Teams, end to end: Anna proposes in her chat, the coordinator Sara approves
or declines with the buttons the outbox brought her, and the approved example is posted to the configured
channel (the mock Slack API's `chat.postMessage`; the mock Teams connector's channel conversation)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import App
from bot.config import Settings
from bot.platforms.slack_channel import SlackChannel
from bot.platforms.teams_channel import TeamsChannel
from reminders.delivery import run_due
from tests.mock_slack_api import BOT_TOKEN, SIGNING_SECRET, MockSlackApi
from tests.mock_teams_connector import ANNA_CHAT, MockConnector
from tests.platforms.conftest import SlackHarness, TeamsHarness
from tests.platforms.test_slack import buttons, texts
from tests.platforms.test_slack_verified_answers import SARA, posted_to
from tests.platforms.test_teams import shown
from tests.platforms.test_teams_verified_answers import SARA_CHAT, in_chat, sara_presses, sara_says

WHY = "Tre städer vill nu göra likadant."
TEAMS_CHANNEL = "19:goda-exempel@thread.tacv2"


@pytest.fixture
def slack_settings(settings: Settings, slack_api: MockSlackApi) -> Settings:
    slack_api.add_user(SARA, "Sara Lund", "sara.lund@vaxjo.se")
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_api_url": slack_api.url,
            "coordinator": "sara.lund@vaxjo.se",
            "examples_channel": "#goda-exempel",
        }
    )


def deliver_slack(app: App, settings: Settings) -> None:
    channel = SlackChannel(settings, app.engine.actions)
    run_due(app.database, [channel], settings, app.clock.now() + timedelta(minutes=1))


def channel_posts(api: MockSlackApi) -> list[dict[str, Any]]:
    return [c.body for c in api.calls_to("chat.postMessage") if c.body.get("channel") == "#goda-exempel"]


def test_in_slack_an_approved_example_is_posted_to_the_channel_once(
    slack: SlackHarness, slack_api: MockSlackApi, slack_settings: Settings, app: App, seeded: dict[str, Any]
) -> None:
    slack.dm(f"dela som gott exempel: {WHY}")
    assert "föreslagen som gott exempel" in texts(posted_to(slack_api, "D0ANNA")[0])
    deliver_slack(app, slack_settings)
    [proposal] = posted_to(slack_api, "D0SARA")
    assert "Anna Berg föreslår ett gott exempel" in texts(proposal) and WHY in texts(proposal)
    assert list(buttons(proposal)) == ["Godkänn och dela", "Avböj"]

    slack.click(proposal, "Godkänn och dela", user=SARA, channel="D0SARA")
    assert "postas i #goda-exempel" in texts(posted_to(slack_api, "D0SARA", 2)[1])
    deliver_slack(app, slack_settings)
    [post] = posted_to(slack_api, "#goda-exempel")
    assert "Gott exempel:" in texts(post) and WHY in texts(post)
    assert "delas nu som gott exempel i #goda-exempel" in texts(posted_to(slack_api, "D0ANNA", 2)[1])

    slack.click(proposal, "Godkänn och dela", user=SARA, channel="D0SARA")  # pressed again
    deliver_slack(app, slack_settings)
    assert len(channel_posts(slack_api)) == 1


def test_in_slack_a_declined_example_is_not_posted(
    slack: SlackHarness, slack_api: MockSlackApi, slack_settings: Settings, app: App, seeded: dict[str, Any]
) -> None:
    slack.dm(f"share this as a good example: {WHY}")
    assert "föreslagen som gott exempel" in texts(posted_to(slack_api, "D0ANNA")[0])
    deliver_slack(app, slack_settings)
    [proposal] = posted_to(slack_api, "D0SARA")
    slack.click(proposal, "Avböj", user=SARA, channel="D0SARA")
    assert "delas inte" in texts(posted_to(slack_api, "D0SARA", 2)[1])
    deliver_slack(app, slack_settings)
    assert channel_posts(slack_api) == []


@pytest.fixture
def teams(start_teams: Any, connector: MockConnector) -> TeamsHarness:
    connector.add_member(
        "29:1sara-lund-personal-id", "5b1c0d2e-9a8f-4e7d-b6c5-a4b3c2d1e0f9", "Sara Lund", "sara.lund@vaxjo.se"
    )
    harness: TeamsHarness = start_teams(
        settings_update={"coordinator": "sara.lund@vaxjo.se", "examples_channel": f"teams:{TEAMS_CHANNEL}"}
    )
    return harness


def deliver_teams(app: App, teams: TeamsHarness) -> None:
    settings: Settings = teams.adapter.settings
    run_due(app.database, [TeamsChannel(teams.adapter)], settings, app.clock.now() + timedelta(minutes=1))


def propose_in_teams(teams: TeamsHarness, connector: MockConnector, app: App) -> Any:
    """Anna proposes; the outbox brings the proposal to Sara's Teams chat."""
    sara_says(teams, "hej")  # the coordinator has talked to the bot, so it may write to her unasked
    teams.say(f"dela som gott exempel: {WHY}")
    assert "föreslagen som gott exempel" in shown(in_chat(connector, ANNA_CHAT)[-1])
    deliver_teams(app, teams)
    proposal = in_chat(connector, SARA_CHAT)[-1]
    assert "Anna Berg föreslår ett gott exempel" in shown(proposal)
    return proposal


def test_in_teams_an_approved_example_is_posted_to_the_channel(
    teams: TeamsHarness, connector: MockConnector, app: App, seeded: dict[str, Any]
) -> None:
    sara_presses(teams, propose_in_teams(teams, connector, app), "Godkänn och dela")
    assert "postas i teams:" in shown(in_chat(connector, SARA_CHAT)[-1])
    deliver_teams(app, teams)
    [post] = in_chat(connector, TEAMS_CHANNEL)
    assert WHY in shown(post) and "Gott exempel:" in shown(post)
    assert post.body["conversation"]["id"] == TEAMS_CHANNEL
    assert "delas nu som gott exempel" in shown(in_chat(connector, ANNA_CHAT)[-1])


def test_in_teams_a_declined_example_is_not_posted(
    teams: TeamsHarness, connector: MockConnector, app: App, seeded: dict[str, Any]
) -> None:
    sara_presses(teams, propose_in_teams(teams, connector, app), "Avböj")
    assert "delas inte" in shown(in_chat(connector, SARA_CHAT)[-1])
    deliver_teams(app, teams)
    assert in_chat(connector, TEAMS_CHANNEL) == []

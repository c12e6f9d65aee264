"""Verified answers through Teams, end to end: real Bot Framework activities in, the mock connector out,
and the reminder worker's Teams channel carrying the question to the coordinator's personal chat and her
answer back to the asker's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.app import App
from bot.config import Settings
from bot.platforms.teams_channel import TeamsChannel
from reminders.delivery import run_due
from tests.mock_teams_connector import ANNA_CHAT, TENANT, Call, MockConnector
from tests.mock_teams_connector import activity as teams_activity
from tests.platforms.conftest import TeamsHarness
from tests.platforms.test_teams import buttons, shown

SARA_ID = "29:1sara-lund-personal-id"
SARA_AAD = "5b1c0d2e-9a8f-4e7d-b6c5-a4b3c2d1e0f9"
SARA_CHAT = "a:1sara-lund-personal-chat"
SARA_FROM = {"from": {"id": SARA_ID, "name": "Sara Lund", "aadObjectId": SARA_AAD}}
SARA_IN = {**SARA_FROM, "conversation": {"conversationType": "personal", "id": SARA_CHAT, "tenantId": TENANT}}


@pytest.fixture
def teams(start_teams: Any, connector: MockConnector) -> TeamsHarness:
    connector.add_member(SARA_ID, SARA_AAD, "Sara Lund", "sara.lund@vaxjo.se")
    harness: TeamsHarness = start_teams(settings_update={"coordinator": "sara.lund@vaxjo.se"})
    return harness


def in_chat(connector: MockConnector, chat: str) -> list[Call]:
    return [c for c in connector.sent() if c.conversation == chat]


def sara_says(teams: TeamsHarness, text: str) -> None:
    teams.post(teams_activity(teams.connector.url, text, **SARA_IN))


def sara_presses(teams: TeamsHarness, sent: Call, title: str, values: dict[str, Any] | None = None) -> None:
    content = sent.cards[0]
    actions = list(content.get("actions") or [])
    actions += [a for b in content.get("body") or [] if b.get("type") == "ActionSet" for a in b["actions"]]
    action = next(a for a in actions if a["title"] == title)
    value = {**action.get("data", {}), **(values or {})}
    teams.post(teams_activity(teams.connector.url, "", value=value, replyToId=sent.activity_id, **SARA_IN))


def deliver(app: App, teams: TeamsHarness) -> None:
    settings: Settings = teams.adapter.settings
    run_due(app.database, [TeamsChannel(teams.adapter)], settings, app.clock.now() + timedelta(minutes=1))


def test_a_question_passed_on_in_teams_is_answered_by_the_coordinator_and_given_to_the_next_asker(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    sara_says(teams, "hej")  # Sara has talked to the bot, so it may write to her unasked
    teams.say("Vilka nätverk är Växjö med i?")
    [refusal] = in_chat(connector, ANNA_CHAT)
    assert "Vilka det är står inte där" in shown(refusal)
    teams.press(refusal, "Skicka frågan vidare")
    assert "Jag har sparat din fråga" in shown(in_chat(connector, ANNA_CHAT)[1])

    deliver(app, teams)
    to_sara = in_chat(connector, SARA_CHAT)[-1]
    assert "Fråga 1 från Anna Berg, som strategin inte svarade på: ”Vilka nätverk är Växjö med i?”" in shown(to_sara)
    assert "Kommunen är med i flera internationella nätverk" in shown(to_sara)
    assert "Svara" in buttons(to_sara)

    sara_presses(teams, to_sara, "Svara")
    form = in_chat(connector, SARA_CHAT)[-1]
    inputs = [e["id"] for e in form.cards[0]["body"] if e["type"].startswith("Input.")]
    assert inputs == ["answer"]
    sara_presses(teams, form, "Skicka svaret", {"answer": "Eurocities, Energy Cities och Covenant of Mayors."})
    assert "Svaret är sparat som verifierat svar 1 och skickas till Anna Berg." in shown(
        in_chat(connector, SARA_CHAT)[-1]
    )

    deliver(app, teams)
    answered = in_chat(connector, ANNA_CHAT)[-1]
    assert "Du har fått svar på din fråga ”Vilka nätverk är Växjö med i?”" in shown(answered)
    assert "Samordnarens svar (Sara Lund, 26 november 2026): Eurocities" in shown(answered)

    teams.say("Which international networks is the municipality a member of?")
    assert "The coordinator's answer (Sara Lund, 26 November 2026): Eurocities" in shown(
        in_chat(connector, ANNA_CHAT)[-1]
    )


def test_the_coordinator_answers_with_svara_in_teams(teams: TeamsHarness, connector: MockConnector) -> None:
    teams.say("Behöver jag visum för att åka till Kina på studieresa?")
    teams.press(in_chat(connector, ANNA_CHAT)[0], "Skicka frågan vidare")
    sara_says(teams, "svara 1: Kolla UD:s reseinformation i god tid.")
    assert "verifierat svar 1" in shown(in_chat(connector, SARA_CHAT)[-1])
    teams.say("Do I need a visa for a study trip to China?")
    assert "Kolla UD:s reseinformation i god tid." in shown(in_chat(connector, ANNA_CHAT)[-1])

"""Fixtures for the Slack tests: the mock Slack API, and the real app behind real HTTP on 127.0.0.1.

`slack` starts the Slack adapter (real Bolt, real aiohttp server, real database) with its Web API client
pointed at the mock, and offers one method per kind of request Slack sends, each correctly signed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import App
from bot.config import Settings
from bot.conversation import Engine
from bot.platforms.slack import SlackAdapter
from bot.platforms.teams import TeamsAdapter
from bot.registry import Capability, Registry
from bot.server import ServerThread, create_web_app
from handlers import CAPABILITIES
from storage.db import Database
from tests.mock_slack_api import (
    BOT_TOKEN,
    SIGNING_SECRET,
    MockSlackApi,
    Response,
    click_payload,
    command_body,
    event_body,
    interaction_body,
    payload,
    signed_request,
)
from tests.mock_teams_connector import ANNA_AAD, ANNA_ID, Call, MockConnector, post_activity
from tests.mock_teams_connector import Response as TeamsResponse
from tests.mock_teams_connector import activity as teams_activity

ANNA = "U0ANNA"


class SlackHarness:
    """The app as Slack sees it: an HTTPS-less Request URL that takes signed requests."""

    def __init__(self, adapter: SlackAdapter, api: MockSlackApi) -> None:
        self.adapter = adapter
        self.api = api
        self.server = ServerThread(create_web_app(adapter.engine.database, slack=adapter)).start()
        self._events = 0

    @property
    def url(self) -> str:
        return f"{self.server.url}/slack/events"

    def post(self, body: str, content_type: str, **kwargs: Any) -> Response:
        return signed_request(self.url, body, content_type=content_type, **kwargs)

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, name: str = "event_message_im", **kw: Any
    ) -> Response:
        """An Events API delivery of `event` in the envelope of a shared payload."""
        envelope = payload(name)
        envelope["event"] = {**envelope["event"], **event}
        self._events += 1
        envelope["event_id"] = event_id or f"Ev{self._events:06d}"
        return self.post(*event_body(envelope), **kw)

    def dm(self, text: str, *, user: str = ANNA, **kw: Any) -> Response:
        return self.event({"text": text, "user": user, "channel": "D0ANNA"}, **kw)

    def command(self, text: str, *, user: str = ANNA, channel: str = "C0GENERAL", **kw: Any) -> Response:
        fields = {
            **payload("slash_command"),
            "command": "/utblick",
            "text": text,
            "user_id": user,
            "channel_id": channel,
            "response_url": self.api.response_url("command"),
        }
        return self.post(*command_body(fields), **kw)

    def interact(self, interaction: dict[str, Any], **kw: Any) -> Response:
        return self.post(*interaction_body(interaction), **kw)

    def click(self, posted: dict[str, Any], label: str, *, user: str = ANNA, channel: str = "D0ANNA") -> Response:
        """Press the button labelled `label` in a message the bot posted (a recorded chat.postMessage)."""
        response_url = self.api.response_url("click")
        return self.interact(click_payload(posted, label, user=user, channel=channel, response_url=response_url))

    def finish(self) -> None:
        """Wait until every answer the app is still working on has been sent."""
        self.adapter.executor.shutdown(wait=True)

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def slack_api() -> Iterator[MockSlackApi]:
    api = MockSlackApi().start()
    api.add_user(ANNA, "Anna Berg", "anna.berg@vaxjo.se")
    yield api
    api.stop()


@pytest.fixture
def slack_settings(settings: Settings, slack_api: MockSlackApi) -> Settings:
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_api_url": slack_api.url,
        }
    )


@pytest.fixture
def start_slack(app: App, slack_settings: Settings, slack_api: MockSlackApi) -> Iterator[Callable[..., SlackHarness]]:
    """Start the Slack app, optionally with extra capabilities registered before the fallback."""
    started: list[SlackHarness] = []

    def start(*extra: Capability, database: Database | None = None) -> SlackHarness:
        # A stand-in replaces the real capability of the same name or intent, once that has landed.
        taken = {c.name for c in extra} | {i for c in extra for i in c.intents}
        kept = [c for c in CAPABILITIES if c.name not in taken and not taken & set(c.intents)]
        registry = Registry([*kept, *extra])
        engine = Engine(slack_settings, database or app.database, registry, app.clock)
        harness = SlackHarness(SlackAdapter(engine, slack_settings), slack_api)
        started.append(harness)
        return harness

    yield start
    for harness in started:
        harness.stop()


@pytest.fixture
def slack(start_slack: Callable[..., SlackHarness]) -> SlackHarness:
    return start_slack()


# --- Microsoft Teams ------------------------------------------------------------------------------------


class TeamsHarness:
    """The app as the Bot Framework sees it: `/api/messages` on a real server, replies on the mock."""

    def __init__(self, adapter: TeamsAdapter, connector: MockConnector) -> None:
        self.adapter = adapter
        self.connector = connector
        self.server = ServerThread(create_web_app(adapter.engine.database, teams=adapter)).start()

    @property
    def url(self) -> str:
        return f"{self.server.url}/api/messages"

    def post(self, body: dict[str, Any], **kw: Any) -> TeamsResponse:
        return post_activity(self.url, body, **kw)

    def say(self, text: str, **changes: Any) -> TeamsResponse:
        """Anna writes `text` in her personal chat with the bot."""
        return self.post(teams_activity(self.connector.url, text, **changes))

    def press(self, sent: Call, title: str, *, values: dict[str, Any] | None = None) -> TeamsResponse:
        """Press the button titled `title` on a card the bot sent, as Teams reports it: a message whose
        `value` is the button's data merged with the card's input values, replying to the card."""
        content = sent.cards[0]
        actions = list(content.get("actions") or [])
        elements = [e for b in content.get("body") or [] for e in [b, *(b.get("items") or [])]]
        actions += [a for e in elements if e.get("type") == "ActionSet" for a in e["actions"]]
        action = next(a for a in actions if a["title"] == title)
        value = {**action.get("data", {}), **(values or {})}
        return self.post(teams_activity(self.connector.url, "", value=value, replyToId=sent.activity_id))

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def connector() -> Iterator[MockConnector]:
    mock = MockConnector().start()
    mock.add_member(ANNA_ID, ANNA_AAD, "Anna Berg", "anna.berg@vaxjo.se")
    yield mock
    mock.stop()


@pytest.fixture
def start_teams(app: App, settings: Settings, connector: MockConnector) -> Iterator[Callable[..., TeamsHarness]]:
    started: list[TeamsHarness] = []

    def start(
        *extra: Capability,
        database: Database | None = None,
        settings_update: dict[str, Any] | None = None,
        connections: Any = None,
    ) -> TeamsHarness:
        taken = {c.name for c in extra} | {i for c in extra for i in c.intents}
        kept = [c for c in CAPABILITIES if c.name not in taken and not taken & set(c.intents)]
        configured = settings.model_copy(update=settings_update or {})
        engine = Engine(configured, database or app.database, Registry([*kept, *extra]), app.clock)
        harness = TeamsHarness(TeamsAdapter(engine, configured, connections=connections), connector)
        started.append(harness)
        return harness

    yield start
    for harness in started:
        harness.stop()


@pytest.fixture
def teams(start_teams: Callable[..., TeamsHarness]) -> TeamsHarness:
    return start_teams()

"""The app manifest and the code must agree, or Slack sends what nobody listens for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.platforms import slack
from tests.schemas import schema_problems

MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"


def manifest() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_the_manifest_names_the_shortcuts_and_command_the_app_listens_for() -> None:
    features = manifest()["features"]
    assert {s["callback_id"] for s in features["shortcuts"]} == {slack.MESSAGE_SHORTCUT, slack.GLOBAL_SHORTCUT}
    message_shortcut = next(s for s in features["shortcuts"] if s["type"] == "message")
    assert message_shortcut["name"] == "Logga som aktivitet"
    assert [c["command"] for c in features["slash_commands"]] == ["/utblick"]
    assert features["app_home"]["home_tab_enabled"] is True


def test_the_manifest_subscribes_to_what_the_app_handles_with_the_scopes_it_needs() -> None:
    settings = manifest()["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "app_mention", "message.im"}
    assert settings["interactivity"]["is_enabled"] is True
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    needed = {"app_mentions:read", "chat:write", "commands", "im:history", "im:write", "users:read", "users:read.email"}
    assert needed <= scopes
    urls = {settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]}
    urls |= {c["url"] for c in manifest()["features"]["slash_commands"]}
    assert {u.rsplit("/", 2)[-2:] == ["slack", "events"] for u in urls} == {True}


def test_slack_accepts_the_manifest_as_its_published_schema_says() -> None:
    """Slack refuses, for example, a shortcut name over 24 characters: step 1 of the set-up would fail."""
    problems = schema_problems(manifest(), "slack-manifest-1.0.0.json")
    assert problems == []


def test_every_scope_asked_for_is_used() -> None:
    """A scope nobody uses is one more thing an administrator must approve for nothing."""
    used = {"app_mentions:read", "chat:write", "commands", "im:history", "im:write", "users:read", "users:read.email",
            "files:write"}  # fmt: skip
    assert set(manifest()["oauth_config"]["scopes"]["bot"]) == used

"""The composition root: settings → database → registry → engine. Nothing else builds these."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from bot.actions import ActionCodec
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.conversation import Engine
from handlers import default_registry
from reminders.channels import Channel
from storage.db import Database

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    database: Database
    engine: Engine
    clock: Clock
    channels: list[Channel] = field(default_factory=list)
    teams: Any = None  # the TeamsAdapter, when a Teams app is configured: the route and reminders share it

    def warm_up(self) -> None:
        """Load the gazetteer in the background, so the first person to write does not wait for it."""

        def load() -> None:
            from bot.nlu.places import find_places

            try:
                find_places("Konferens i Bryssel")
            except Exception:  # a failure here shows again, with its cause, when a message needs places
                log.warning("could not load the gazetteer in the background", exc_info=True)

        threading.Thread(target=load, name="gazetteer", daemon=True).start()

    def start_scheduler(self) -> Any:
        """The reminder ticker, when enabled and there is a platform to deliver through; else None."""
        if not self.settings.scheduler or not self.channels:
            return None
        from reminders import scheduler

        return scheduler.start(self.database, self.channels, self.settings, self.clock)


def reminder_channels(settings: Settings, codec: ActionCodec, teams: Any = None) -> list[Channel]:
    """The platforms reminders can be delivered through, as configured, in the order they are tried:
    Slack by its token, Teams through the adapter that also serves its route (so a pressed reminder card
    is the one that loses its buttons), and e-mail last, for whoever neither chat reaches; its letters
    link to the chat platforms, so the person can answer there."""
    channels: list[Channel] = []
    if settings.slack_configured:
        from bot.platforms.slack_channel import SlackChannel

        channels.append(SlackChannel(settings, codec))
    if teams is not None:
        from bot.platforms.teams_channel import TeamsChannel

        channels.append(TeamsChannel(teams))
    if settings.smtp is not None and settings.mail_from:
        from bot.platforms.email_channel import EmailChannel

        chats = list(channels)
        channels.append(EmailChannel(settings, links=lambda: _app_links(chats)))
    return channels


def _app_links(chats: list[Channel]) -> dict[str, str]:
    return {channel.name: link for channel in chats if (link := channel.app_link())}


def teams_adapter(engine: Engine, settings: Settings) -> Any:
    """The Teams adapter when a Teams app is configured; None otherwise."""
    if not settings.teams_app_id:
        return None
    from bot.platforms.teams import TeamsAdapter

    return TeamsAdapter(engine, settings)


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    database: Database | None = None,
    channels: list[Channel] | None = None,
) -> App:
    clock = clock or SystemClock()
    database = database or Database(settings.database_url)
    engine = Engine(settings, database, default_registry(), clock)
    teams = teams_adapter(engine, settings)
    if channels is None:
        channels = reminder_channels(settings, engine.actions, teams)
    return App(settings=settings, database=database, engine=engine, clock=clock, channels=channels, teams=teams)

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

    def warm_up(self, *, background: bool = True) -> None:
        """Load what a turn builds on first use (the gazetteer, word lists, the strategy's index), so the
        first person to write does not wait for it.

        A server does it before it accepts requests (`background=False`): then no request can find it
        half-loaded, and its memory is in place before the first turn. The terminal chat starts at once
        and loads it behind the prompt; the loaders lock, so a message typed meanwhile waits, not reloads.
        """
        if background:
            threading.Thread(target=self._load, name="warm-up", daemon=True).start()
        else:
            self._load()

    def _load(self) -> None:
        from bot.knowledge.answers import answerer_for
        from bot.nlu.loading import preload

        try:
            preload()
            answerer_for(self.settings.strategy_file)
        except Exception:  # a failure here shows again, with its cause, when a message needs it
            log.warning("could not load the language data ahead of the first message", exc_info=True)

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

"""The composition root: settings → database → registry → engine. Nothing else builds these."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

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


def reminder_channels(settings: Settings) -> list[Channel]:
    """The platforms reminders can be delivered through, as configured."""
    channels: list[Channel] = []
    if settings.slack_configured:
        from bot.platforms.slack_channel import SlackChannel

        channels.append(SlackChannel(settings))
    return channels


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
    if channels is None:
        channels = reminder_channels(settings)
    return App(settings=settings, database=database, engine=engine, clock=clock, channels=channels)

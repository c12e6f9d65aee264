"""The composition root: settings → database → registry → engine. Nothing else builds these."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.conversation import Engine
from handlers import default_registry
from storage.db import Database

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    database: Database
    engine: Engine
    clock: Clock

    def warm_up(self) -> None:
        """Load the gazetteer in the background, so the first person to write does not wait for it."""

        def load() -> None:
            from bot.nlu.places import find_places

            try:
                find_places("Konferens i Bryssel")
            except Exception:  # a failure here shows again, with its cause, when a message needs places
                log.warning("could not load the gazetteer in the background", exc_info=True)

        threading.Thread(target=load, name="gazetteer", daemon=True).start()


def build_app(settings: Settings, *, clock: Clock | None = None, database: Database | None = None) -> App:
    clock = clock or SystemClock()
    database = database or Database(settings.database_url)
    engine = Engine(settings, database, default_registry(), clock)
    return App(settings=settings, database=database, engine=engine, clock=clock)

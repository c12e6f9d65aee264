"""The composition root: settings → database → registry → engine. Nothing else builds these."""

from __future__ import annotations

import logging
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


def build_app(settings: Settings, *, clock: Clock | None = None, database: Database | None = None) -> App:
    clock = clock or SystemClock()
    database = database or Database(settings.database_url)
    engine = Engine(settings, database, default_registry(), clock)
    return App(settings=settings, database=database, engine=engine, clock=clock)

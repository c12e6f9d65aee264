"""What the subcommands share: operator messages in the configured language, and starting the app."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.i18n import Translator

if TYPE_CHECKING:
    from bot.app import App
    from storage.db import Database

EXIT_CONFIG = 2
EXIT_DATABASE = 3


def say(settings: Settings | None, key: str, **values: object) -> str:
    """An operator-facing line from the catalogs, in `UTBLICK_LANGUAGE`."""
    return Translator(settings.language if settings else "sv")(key, **values)


def start_app(settings: Settings) -> App:
    """Build the app and bring the database schema up to date (raises DatabaseUnavailable)."""
    from bot.app import build_app

    app = build_app(settings)
    app.database.upgrade()
    return app


def open_database(settings: Settings) -> Database:
    """The database alone, its schema brought up to date (raises DatabaseUnavailable): for the operator's
    commands that only read and write registers. Building the whole app would import the language
    stack, the handlers and the chat platforms, a second of start-up that an import or export never uses."""
    from storage.db import Database

    database = Database(settings.database_url)
    database.upgrade()
    return database


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a bulk command works, and on again after.

    The collector runs by how many objects are made, and each of its full passes walks every object
    alive: a first import of 100,000 rows keeps a great many alive at once (each row's key, the rows of
    a batch, the people known so far) beside everything loaded at start-up, and spent 0.3 s of its 2 s of
    CPU in five such passes that freed nothing. Reference counting still frees whatever the command lets
    go of; the few objects it leaves in cycles meanwhile are collected once the collector is back. Only
    for a command's own process: a server's other threads would keep their cycles meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

"""What the subcommands share: operator messages in the configured language, and starting the app."""

from __future__ import annotations

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

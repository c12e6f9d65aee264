"""Shared fixtures: a real database per test (SQLite, or PostgreSQL with TEST_DATABASE_URL), a clock
that stands still, and a conversation helper that makes a test read like a chat transcript."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from bot.app import App, build_app
from bot.clock import FixedClock
from bot.config import Settings
from storage.db import Database, normalise_url
from storage.models import Base
from tests.reports.seed import seed_year
from tests.support import Conversation

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# No test is timed (speed is measured in bench/): a property holds or not whatever the machine's load, so
# no Hypothesis example has a deadline (by default 200 ms, which a loaded machine can pass).
hypothesis_settings.register_profile("utblick", deadline=None)
hypothesis_settings.load_profile("utblick")

# Settings come from the environment; a developer's own .env or exported SLACK_* must not leak in.
_OWN_VARIABLES = ("UTBLICK_", "SLACK_", "TEAMS_", "DATABASE_URL")


@pytest.fixture(autouse=True)
def _hermetic_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(_OWN_VARIABLES):
            monkeypatch.delenv(name)


def postgres_or_skip(url: str) -> None:
    """Skip (or, in CI, fail) with a visible reason when PostgreSQL cannot be reached."""
    try:
        engine = create_engine(normalise_url(url), connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError as exc:
        reason = f"PostgreSQL at {url} is unreachable: {str(exc.orig).splitlines()[0]}"
        if IN_CI:
            pytest.fail(f"{reason} (CI must run the PostgreSQL tests)")
        pytest.skip(reason)


class MigratedDatabase:
    """A migrated database for the whole run, emptied before each test.

    On PostgreSQL everything lives in a schema of its own, so two runs on one server never meet.
    """

    def __init__(self, url: str, tmp: Path) -> None:
        self.schema: str | None = None
        if url.startswith("sqlite"):
            self.url = url
            self.database = Database(url)
        else:
            self.schema = f"utblick_test_{uuid.uuid4().hex[:10]}"
            self.url = normalise_url(url)
            with create_engine(self.url).begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            self.database = Database(self.url, connect_args=self.connect_args)
        self.database.upgrade()

    @property
    def connect_args(self) -> dict[str, str]:
        return {"options": f"-c search_path={self.schema}"} if self.schema else {}

    def empty(self) -> None:
        tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
        with self.database.engine.begin() as connection:
            if self.schema:
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                connection.execute(text("PRAGMA foreign_keys=OFF"))
                for table in tables:
                    connection.execute(text(f"DELETE FROM {table}"))
                connection.execute(text("PRAGMA foreign_keys=ON"))

    def close(self) -> None:
        self.database.dispose()
        if self.schema:
            with create_engine(self.url).begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))


@pytest.fixture(scope="session")
def _test_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedDatabase]:
    url = os.environ.get("TEST_DATABASE_URL")
    tmp = tmp_path_factory.mktemp("db")
    if url and not url.startswith("sqlite"):
        postgres_or_skip(url)
    test_database = MigratedDatabase(url or f"sqlite:///{tmp / 'utblick-test.db'}", tmp)
    yield test_database
    test_database.close()


@pytest.fixture
def database(_test_database: MigratedDatabase) -> Database:
    _test_database.empty()
    return _test_database.database


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=STOCKHOLM))


@pytest.fixture
def settings(database: Database) -> Settings:
    return Settings(database_url=database.url, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def app(settings: Settings, database: Database, clock: FixedClock) -> App:
    return build_app(settings, clock=clock, database=database)


@pytest.fixture
def chat(app: App) -> Conversation:
    """Anna Berg talking to the bot in the terminal adapter."""
    return Conversation(app.engine, user="Anna Berg")


@pytest.fixture
def postgres_url() -> str:
    """A PostgreSQL URL for tests that need PostgreSQL itself, whatever TEST_DATABASE_URL says."""
    url = os.environ.get("TEST_DATABASE_URL") or LOCAL_POSTGRES
    if url.startswith("sqlite"):
        url = LOCAL_POSTGRES
    postgres_or_skip(url)
    return url


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL URL whose connections all work in a fresh schema of their own, for tests that start
    `utblick` processes of their own on PostgreSQL (the schema is dropped afterwards)."""
    schema = f"utblick_procs_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_url(postgres_url))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def seeded(database: Database) -> dict[str, Any]:
    """The seeded year (tests/reports/seed.py): its people and units by name, as ids (the session is closed)."""
    with database.session_scope() as session:
        return {name: row.id for name, row in seed_year(session).items()}

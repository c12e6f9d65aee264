"""Connecting, migrating and the one-session-per-turn scope.

Repositories take a session and never commit; whoever opened the scope (the engine for a message, the
scheduler for a tick) decides when the turn's writes land, all together.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, InvalidatePoolError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# A pooled connection back in the pool for longer than this is pinged before it is handed out again.
PING_AFTER_IDLE_SECONDS = 10.0


class DatabaseUnavailable(Exception):
    """The database cannot be reached; the message is safe to show (no password)."""


def safe_url(url: str) -> str:
    """The URL with its password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable DATABASE_URL>"


def normalise_url(url: str) -> str:
    """Let operators write `postgresql://` or `postgres://` and still get the psycopg 3 driver we ship."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on; wait for a lock instead of failing; and write-ahead logging, so the web server,
    the scheduler and an operator's command can use one file at once and a commit costs a write, not
    a sync of the whole database (synchronous=NORMAL is safe with WAL)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Ping a pooled connection before handing it out when it has rested in the pool for `idle_seconds`,
    and replace the pool's connections if the ping fails (a database restarted, a firewall that dropped an
    idle connection).

    Pinging at every checkout (`pool_pre_ping`) costs a round trip, and the server's and our CPU, on every
    turn, while under load a connection is back in use within milliseconds. A connection the server
    closed while it was in busy use fails the statement instead; SQLAlchemy then recognises the
    disconnect and discards the whole pool, so such a restart costs the turns in flight, which it would
    under any setting.
    """
    dialect = engine.dialect

    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return  # new, or back from a turn a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            if not dialect.is_disconnect(exc, dbapi_connection, None):
                raise
            # As pool_pre_ping does: the server went away, so every pooled connection is replaced.
            raise InvalidatePoolError("an idle connection was closed by the server") from exc

    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", checked_out)


class Database:
    """One engine and its session factory; created at the composition root and passed down."""

    def __init__(
        self,
        url: str,
        *,
        connect_args: dict[str, Any] | None = None,
        echo: bool = False,
        ping_after_idle: float = PING_AFTER_IDLE_SECONDS,
    ) -> None:
        self.url = normalise_url(url)
        args: dict[str, Any] = dict(connect_args or {})
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.url.startswith("sqlite"):
            args.setdefault("check_same_thread", False)
        else:
            args.setdefault("connect_timeout", 5)
        self.engine: Engine = create_engine(self.url, connect_args=args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            ping_when_idle(self.engine, ping_after_idle)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def display_url(self) -> str:
        return safe_url(self.url)

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """A transaction for one turn: commit on success, roll back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def check(self) -> None:
        """Raise `DatabaseUnavailable` with a one-line reason when the database cannot be reached."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except (OperationalError, DBAPIError) as exc:
            raise DatabaseUnavailable(f"{self.display_url}: {first_line(exc)}") from None

    def _alembic_config(self) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def upgrade(self) -> None:
        """Bring the schema to the newest revision; safe to call at every start.

        A database already at the newest revision is seen with one query, without Alembic: importing it
        and reading its scripts cost every operator command a quarter of a second of CPU."""
        self.check()
        if _written_head() is not None and self._stored_revision() == _written_head():
            return
        from alembic import command

        config = self._alembic_config()
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def head_revision(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def _stored_revision(self) -> str | None:
        """The revision the database says it is at; None when it has none (or no version table)."""
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except DBAPIError:
            return None
        return rows[0] if len(rows) == 1 else None

    def dispose(self) -> None:
        self.engine.dispose()


_REVISION = re.compile(r"^(down_revision|revision)\b[^=]*=\s*(?:\"([^\"]*)\"|None)", re.MULTILINE)


@cache
def _written_head() -> str | None:
    """The newest revision among the migration scripts, read from their `revision` and `down_revision`
    lines: the one no other script follows. None when that is not one clear revision (a branch, a line
    written some other way); `upgrade` then asks Alembic, which knows every case."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict((name, value) for name, value in _REVISION.findall(script.read_text(encoding="utf-8")))
        if "revision" not in found or not found["revision"]:
            continue
        revisions.add(found["revision"])
        if found.get("down_revision"):
            followed.add(found["down_revision"])
    heads = revisions - followed
    return heads.pop() if len(heads) == 1 else None


def first_line(exc: BaseException) -> str:
    """The driver's own first line of an error, without SQLAlchemy's wrapping and background links."""
    original = getattr(exc, "orig", None) or exc
    text_ = str(original).strip().splitlines()
    return text_[0] if text_ else type(original).__name__

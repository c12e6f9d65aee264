"""The connection pool on PostgreSQL: a connection the server closed while it rested is replaced."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from storage.db import Database, normalise_url


@pytest.mark.postgres
def test_a_connection_closed_by_the_server_while_idle_is_replaced_before_a_turn_uses_it(postgres_url: str) -> None:
    database = Database(postgres_url, ping_after_idle=0.0)
    admin = create_engine(normalise_url(postgres_url))
    try:
        with database.session_scope() as session:
            backend = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.begin() as connection:  # what a restart or a firewall does to a resting connection
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        with database.session_scope() as session:
            assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() != backend
    finally:
        admin.dispose()
        database.dispose()


@pytest.mark.postgres
def test_a_connection_back_from_a_turn_a_moment_ago_is_not_pinged(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under load a connection is reused within milliseconds: a ping each time would be a round trip,
    and CPU on both sides, for nothing. One that rested is pinged."""
    pings: list[object] = []
    for rested, expected in ((60.0, 0), (0.0, 1)):
        database = Database(postgres_url, ping_after_idle=rested)
        ping = database.engine.dialect.do_ping
        monkeypatch.setattr(
            database.engine.dialect,
            "do_ping",
            lambda connection, ping=ping: pings.append(connection) or ping(connection),
        )
        try:
            for _ in range(2):
                with database.session_scope() as session:
                    session.execute(text("SELECT 1"))
        finally:
            database.dispose()
        assert len(pings) == expected
        pings.clear()

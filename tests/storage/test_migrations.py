"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from storage.db import Database, normalise_url
from storage.models import Base


def _differences(database: Database) -> list[object]:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_upgrade_on_an_empty_sqlite_file_matches_the_models(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    database.upgrade()
    assert database.current_revision() == database.head_revision()
    assert _differences(database) == []
    database.upgrade()  # running it again at the next start changes nothing
    assert database.current_revision() == database.head_revision()


@pytest.mark.postgres
def test_upgrade_on_an_empty_postgresql_schema_matches_the_models(postgres_url: str) -> None:
    schema = f"utblick_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_url(postgres_url))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        database = Database(postgres_url, connect_args={"options": f"-c search_path={schema}"})
        database.upgrade()
        assert database.current_revision() == database.head_revision()
        assert _differences(database) == []
        database.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_a_database_one_revision_behind_is_upgraded_at_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # `upgrade` skips Alembic when the database is at the newest script: that must be the newest one.
    from alembic import command

    database = Database(f"sqlite:///{tmp_path / 'behind.db'}")
    database.upgrade()
    command.downgrade(database._alembic_config(), "-1")
    assert database.current_revision() != database.head_revision()
    database.upgrade()
    assert database.current_revision() == database.head_revision()
    assert _differences(database) == []

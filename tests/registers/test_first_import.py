"""A municipality's first import, into an empty register on PostgreSQL: the register's indexes are built once
its rows are in (`storage.bulk.indexes_built_after`), and it ends indexed exactly as it began."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import Table, func, select, text

from registers import activities as activity_register
from registers.units import RegisterError
from storage.bulk import indexes_built_after
from storage.db import Database
from storage.models import Activity

TODAY = date(2026, 12, 3)
# More than one batch: a smaller first import files its rows as they come.
ROWS = activity_register.BATCH + 100


@pytest.fixture
def postgresql(database: Database) -> Database:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("indexes are built after a first import on PostgreSQL only (TEST_DATABASE_URL)")
    return database


def history(tmp_path: Path, rows: int = ROWS, last: str | None = None) -> Path:
    """A file of a municipality's past meetings, one row each, by fifty people."""
    lines = ["kind,title,start_date,logged_by"]
    lines += [f"meeting,Möte {n},2025-0{n % 9 + 1}-1{n % 10},person{n % 50}@vaxjo.example" for n in range(rows)]
    if last is not None:
        lines.append(last)
    sheet = tmp_path / "historik.csv"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sheet


def indexing(database: Database) -> list[tuple[str, ...]]:
    """How the activities table is indexed and constrained, as the database would make it again."""
    with database.engine.connect() as connection:
        indexes = connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'activities' AND schemaname = current_schema()"
            )
        )
        constraints = connection.execute(
            text("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'activities'::regclass")
        )
        return sorted(tuple(row) for row in [*indexes, *constraints])


def built(database: Database) -> dict[str, int]:
    """Each index of the activities table → the file it is kept in: a new one when it was built anew."""
    with database.engine.connect() as connection:
        found = connection.execute(
            text("SELECT indexrelid::regclass::text, pg_relation_filenode(indexrelid) FROM pg_index "
                 "WHERE indrelid = 'activities'::regclass")
        )  # fmt: skip
        return {index: file for index, file in found}


def test_a_first_import_ends_with_the_register_indexed_as_it_began(postgresql: Database, tmp_path: Path) -> None:
    before, files = indexing(postgresql), built(postgresql)
    with postgresql.session_scope() as session:
        summary, _ = activity_register.import_file(session, history(tmp_path), today=TODAY)
    assert summary.counts() == {"added": ROWS, "changed": 0, "unchanged": 0}
    assert indexing(postgresql) == before
    # Every index but the primary key was built after the rows went in.
    anew = {index for index, file in built(postgresql).items() if files[index] != file}
    assert anew == set(files) - {"pk_activities"}
    # The import key's unique index is there again and finds every row: the same file changes nothing.
    with postgresql.session_scope() as session:
        again, _ = activity_register.import_file(session, history(tmp_path), today=TODAY)
        assert again.counts() == {"added": 0, "changed": 0, "unchanged": ROWS}
        assert session.scalar(select(func.count()).select_from(Activity)) == ROWS


def test_a_bad_row_late_in_a_first_import_leaves_the_register_as_it_was(postgresql: Database, tmp_path: Path) -> None:
    before, files = indexing(postgresql), built(postgresql)
    # The bad row comes after a batch of rows has gone in, and with the indexes taken away.
    rows = 2 * activity_register.BATCH + 100
    sheet = history(tmp_path, rows, last="meeting,Möte i fel år,2062-03-02,person1@vaxjo.example")
    with (
        pytest.raises(RegisterError) as refused,
        postgresql.session_scope() as session,
    ):  # rolled back, as the command does
        activity_register.import_file(session, sheet, today=TODAY)
    assert [(p.line, p.column) for p in refused.value.problems] == [(rows + 2, "start_date")]
    assert (indexing(postgresql), built(postgresql)) == (before, files)
    with postgresql.session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == 0


def test_a_first_import_while_someone_reads_the_register_files_its_rows_as_they_come(
    postgresql: Database, tmp_path: Path
) -> None:
    files = built(postgresql)
    with postgresql.engine.connect() as reader:
        reader.execute(select(func.count()).select_from(Activity))  # holds its lock on the table until it ends
        with postgresql.session_scope() as session:
            summary, _ = activity_register.import_file(session, history(tmp_path), today=TODAY)
        reader.rollback()
    assert summary.counts()["added"] == ROWS
    assert built(postgresql) == files  # the table was in use: nothing was taken away


def test_a_register_with_rows_is_neither_altered_nor_left_locked(postgresql: Database, tmp_path: Path) -> None:
    with postgresql.session_scope() as session:
        activity_register.import_file(session, history(tmp_path, 1), today=TODAY)
    files = built(postgresql)
    with (
        postgresql.session_scope() as session,
        indexes_built_after(session, cast(Table, Activity.__table__)) as taken_away,
    ):
        assert not taken_away
        pid = session.connection().connection.driver_connection.info.backend_pid
        held = session.execute(
            text("SELECT mode FROM pg_locks WHERE pid = :pid AND relation = 'activities'::regclass"), {"pid": pid}
        )
        assert "AccessExclusiveLock" not in held.scalars().all()
    assert built(postgresql) == files

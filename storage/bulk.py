"""Adding many rows to a table while the caller prepares the next ones.

An import of 100,000 activities spends about as much time in PostgreSQL's backend (writing the rows into
the table and its indexes, checking the foreign keys) as in Python (checking the file, computing keys,
deciding what is new). The backend is another process, so the two can run at once on two cores: the
rows of one batch are sent by a thread of their own while this one works out the next batch, instead of
the import waiting for each COPY before it goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from functools import cache
from typing import Any, cast

from sqlalchemy import BigInteger, DateTime, Table, insert
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator


class BackgroundInsert:
    """Rows added to `table` in the session's transaction, a batch at a time.

    `start(rows)` sends a batch and returns at once on PostgreSQL (through a binary COPY in a thread of
    its own); `wait()` returns when it is in, and raises what the database refused. The session's
    connection is the COPY's until then: the caller may compute, but must `wait()` before it sends
    anything else (a query, a flush). On other databases `start` inserts the batch before it returns.
    Use as a context manager: leaving it waits for the last batch and ends the thread."""

    def __init__(self, session: Session, table: Table, columns: tuple[str, ...]) -> None:
        self.session, self.table, self.columns = session, table, columns
        self.postgresql = session.get_bind().dialect.name == "postgresql"
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copy") if self.postgresql else None
        self.pending: Future[None] | None = None

    def __enter__(self) -> BackgroundInsert:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.wait()
            elif self.pending is not None:
                self.pending.exception()  # let the thread finish with the connection before it is rolled back
        finally:
            if self.pool is not None:
                self.pool.shutdown()

    def start(self, rows: list[tuple[Any, ...]]) -> None:
        """Add the rows (values in the order of `columns`); the previous batch must be waited for."""
        assert self.pending is None, "wait() for the previous batch first"
        if not rows:
            return
        if self.pool is None:
            self.session.execute(insert(self.table), [dict(zip(self.columns, row, strict=True)) for row in rows])
            return
        connection = self.session.connection().connection.driver_connection
        self.pending = self.pool.submit(_copy, connection, self.table, self.columns, rows)

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()


@contextmanager
def planned_each_time(session: Session) -> Iterator[None]:
    """The session's statements planned with their values each time they run, never prepared once.

    psycopg prepares a statement the fifth time it is sent, and PostgreSQL then keeps a generic plan made
    without the values. For a table filled by the same transaction that plan is made from what the
    statistics say of it before (nothing, for a register just created): the import's look-up of a
    batch's e-mail addresses became a sequential scan of the people it had added itself, comparing each
    with every address of the batch (150-200 ms a batch, 2.2 s of the backend's 5 s). Planned with its
    values, PostgreSQL compares each row with a hash of them (or uses the index on `lower(email)`), and
    planning costs a fraction of a millisecond. Not for every statement: the generic plan of the look-up
    of a batch's import keys uses the index, and one planned with its thousand values scans the whole
    activities table when nothing has analysed it yet (40 ms a batch instead of 9)."""
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    driver = session.connection().connection.driver_connection
    before = driver.prepare_threshold  # type: ignore[union-attr]
    driver.prepare_threshold = None  # type: ignore[union-attr]
    try:
        yield
    finally:
        driver.prepare_threshold = before  # type: ignore[union-attr]


def _copy(connection: Any, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        # Binary, with the columns' types given: psycopg then writes each value in C, a seventh of the
        # CPU of formatting every value as text (1.0 s for 100,000 rows).
        copy.set_types(copy_types(table, columns))
        for row in rows:
            copy.write_row(row)


@cache
def copy_types(table: Table, columns: tuple[str, ...]) -> list[str]:
    """The PostgreSQL type of each column, as binary COPY needs them (varchar is sent as text, which has
    the same binary form)."""
    names = {str: "text", int: "int4", date: "date"}
    types: list[str] = []
    for name in columns:
        column_type = table.c[name].type
        if isinstance(column_type, TypeDecorator):  # UTCDateTime: stored as its DateTime(timezone=True)
            column_type = cast(Any, column_type).impl_instance
        if isinstance(column_type, DateTime):
            types.append("timestamptz" if column_type.timezone else "timestamp")
        elif isinstance(column_type, BigInteger):
            types.append("int8")
        else:
            types.append(names[column_type.python_type])
    return types

"""Adding many rows to a table while the caller prepares the next ones.

An import of 100,000 activities spends about as much time in PostgreSQL's backend (writing the rows into
the table and its indexes, checking the foreign keys) as in Python (checking the file, computing keys,
deciding what is new). The backend is another process, so the two can run at once on two cores: the
rows of one batch are sent, and the backend writes them, while this process works out the next batch,
instead of the import waiting for each COPY before it goes on.
"""

from __future__ import annotations

import select
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import date
from functools import cache
from typing import Any, cast

from sqlalchemy import BigInteger, DateTime, Table, insert, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator


class BackgroundInsert:
    """Rows added to `table` in the session's transaction, a batch at a time.

    `start(rows)` sends a batch and returns while PostgreSQL's backend still writes it: the rows are
    encoded and sent as a binary COPY, and the COPY is ended without waiting for the server to finish it.
    `wait()` returns when the rows are in, and raises what the database refused. The session's connection
    is the COPY's until then: the caller may compute, but must `wait()` before it sends anything else (a
    query, a flush). On other databases `start` inserts the batch before it returns. Use as a context
    manager: leaving it waits for the last batch, and after an error lets the server finish with the
    connection before the caller rolls back.

    Everything happens in the caller's thread. A thread of its own for the COPY (as before) spent most of
    a batch waiting for Python's interpreter lock, which the caller held while it worked out the next
    batch: a thread needs the lock again each time it returns from the network (to send the COPY, to send
    its rows, to end it), and gets it back only when the holder lets go, every 5 ms or when it waits. The
    backend then had the rows only once the caller was done, and the two took turns instead of working
    at once. Sent from here, the rows sit in the socket's buffers, which the backend reads while this
    process goes on."""

    def __init__(self, session: Session, table: Table, columns: tuple[str, ...]) -> None:
        self.session, self.table, self.columns = session, table, columns
        self.postgresql = session.get_bind().dialect.name == "postgresql"
        self.pending: Any = None  # the psycopg connection whose COPY is sent and not yet finished

    def __enter__(self) -> BackgroundInsert:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.wait()
            return
        # The server finishes the COPY before the connection is rolled back; the error already being
        # raised is the one to report.
        with suppress(Exception):
            self.wait()

    def start(self, rows: list[tuple[Any, ...]]) -> None:
        """Add the rows (values in the order of `columns`); the previous batch must be waited for."""
        assert self.pending is None, "wait() for the previous batch first"
        if not rows:
            return
        if not self.postgresql:
            self.session.execute(insert(self.table), [dict(zip(self.columns, row, strict=True)) for row in rows])
            return
        connection = self.session.connection().connection.driver_connection
        _send_copy(connection, self.table, self.columns, rows)
        self.pending = connection

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            _finish_copy(pending)


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


@contextmanager
def indexes_built_after(session: Session, table: Table) -> Iterator[bool]:
    """An empty table's indexes, all but its primary key, taken away while rows are added in the session's
    transaction, and built again from the rows that are in when the block ends. Yields whether they were.

    A first import files each of its rows under every index as it goes in: for activities, six besides
    the primary key, whose keys arrive in no order (import keys, people, units, days) or all alike (the
    same `updated_at`). Built once from the rows, each index is one sort (which PostgreSQL may share with
    a second core): a first import of 100,000 rows took 2.21 s instead of 2.57 s (six alternating pairs).

    The table is locked for it (ACCESS EXCLUSIVE) until the transaction ends: whoever reads or writes it
    meanwhile (a chat turn logging an activity, a reminder tick) waits for the commit, about 2 s for a
    first import of 100,000 rows, and only an empty table, where nobody has anything to read yet, is
    locked so. The lock is asked for without waiting, so it never queues anyone behind it: if the table is
    in use at that moment, is not empty, or the database user may not alter it, nothing is taken away and
    the rows are filed as they come. What is built again is what the database holds (`pg_get_indexdef`,
    `pg_get_constraintdef`), whichever migration made it; a transaction rolled back puts it all back
    itself. PostgreSQL only (elsewhere it yields False)."""
    if session.get_bind().dialect.name != "postgresql":
        yield False
        return
    from psycopg import Error as DriverError  # statements sent as they are (`_run`) raise the driver's own

    quote = session.get_bind().dialect.identifier_preparer
    name = quote.format_table(table)
    rebuild: list[str] = []
    try:
        with session.begin_nested():  # a savepoint: its rollback also lets go of the lock
            _run(session, f"LOCK TABLE {name} IN ACCESS EXCLUSIVE MODE NOWAIT")
            if _run(session, f"SELECT EXISTS (SELECT FROM {name})")[0]:
                raise _InUse
            for index, constraint, index_sql, constraint_sql in session.execute(_SECONDARY, {"table": name}):
                if constraint is not None:
                    _run(session, f"ALTER TABLE {name} DROP CONSTRAINT {quote.quote(constraint)}")
                    rebuild.append(f"ALTER TABLE {name} ADD CONSTRAINT {quote.quote(constraint)} {constraint_sql}")
                else:
                    _run(session, f"DROP INDEX {index}")
                    rebuild.append(index_sql)
    except (_InUse, DBAPIError, DriverError):
        yield False
        return
    yield True
    for statement in rebuild:
        _run(session, statement)


def _run(session: Session, statement: str) -> Any:
    """A statement sent to the driver as it is, in the session's transaction; its first row, if it has
    rows. What the database wrote of its own indexes may hold `%` or `:name` (a partial index's pattern),
    which SQLAlchemy and psycopg would take for parameters of a statement that has any."""
    with closing(session.connection().connection.cursor()) as cursor:
        cursor.execute(statement)
        return cursor.fetchone() if cursor.description else None


class _InUse(Exception):
    """The table has rows already: nothing is taken away (the savepoint is rolled back, and the lock with it)."""


# A table's indexes other than its primary key (each named as `DROP INDEX` finds it, schema and all where
# the search path would not), with the unique or exclusion constraint it backs, and what makes them.
_SECONDARY = text("""
    SELECT CAST(x.indexrelid AS regclass)::text, c.conname, pg_get_indexdef(x.indexrelid), pg_get_constraintdef(c.oid)
    FROM pg_index x
    LEFT JOIN pg_constraint c
        ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('u', 'x')
    WHERE x.indrelid = CAST(:table AS regclass) AND NOT x.indisprimary
    ORDER BY 1
""")


def _send_copy(connection: Any, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Send the rows as one COPY and end it, without waiting for the server's answer (`_finish_copy`)."""
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
    with connection.cursor() as cursor, cursor.copy(statement, writer=_unanswered()(cursor)) as copy:
        # Binary, with the columns' types given: psycopg then writes each value in C, a seventh of the
        # CPU of formatting every value as text (1.0 s for 100,000 rows).
        copy.set_types(copy_types(table, columns))
        for row in rows:
            copy.write_row(row)


@cache
def _unanswered() -> type:
    """psycopg's writer of COPY data, except that ending the COPY does not wait for the server's answer.

    psycopg's own waits, there, for the backend to write every row and check every constraint; the
    answer is read by `_finish_copy` instead, when the caller needs the connection again. A COPY that
    fails (an error in Python while the rows are written) ends as psycopg ends it. (Made on first use:
    psycopg is imported only where PostgreSQL is used.)"""
    from psycopg.copy import LibpqWriter

    class Unanswered(LibpqWriter):
        def __init__(self, cursor: Any) -> None:
            # The rows go to the socket as they are encoded (libpq sends what the socket takes at once),
            # and the rest when the COPY ends: never a wait for the server to read them before that.
            super().__init__(cursor, flush_threshold=sys.maxsize)

        def finish(self, exc: BaseException | None = None) -> None:
            if exc is not None:
                super().finish(exc)
                return
            pgconn = self.connection.pgconn
            while not pgconn.put_copy_end(None):
                _ready(pgconn.socket, write=True)
            while pgconn.flush():
                _ready(pgconn.socket, write=True)

    return Unanswered


def _finish_copy(connection: Any) -> None:
    """Wait for the answer to a COPY `_send_copy` sent; raise what the server refused."""
    from psycopg import errors, pq

    pgconn = connection.pgconn
    pgconn.consume_input()
    while pgconn.is_busy():
        _ready(pgconn.socket, write=False)
        pgconn.consume_input()
    failed = None
    while (result := pgconn.get_result()) is not None:
        if result.status != pq.ExecStatus.COMMAND_OK and failed is None:
            failed = errors.error_from_result(result, encoding=connection.info.encoding)
    if failed is not None:
        raise failed


def _ready(socket: int, *, write: bool) -> None:
    """Wait (without Python's lock) until the connection's socket can be written, or read."""
    if write:
        select.select([], [socket], [])
    else:
        select.select([socket], [], [])


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

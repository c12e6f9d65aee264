"""Platform events already handled, so a retried delivery does nothing twice.

Slack redelivers an event when it did not see an acknowledgement in time (`X-Slack-Retry-Num`), and a
second instance behind a load balancer may get the retry: only the database can tell them apart.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Insert, Select, Table, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage import people
from storage.models import Person, ProcessedEvent

_TABLE = cast(Table, ProcessedEvent.__table__)  # a mapped class's table is a Table


@cache
def _record(dialect: str) -> Insert:
    """The recording statement, built once per dialect: it runs on every Slack turn, and building it again
    (values, conflict clause, returning) cost about as much Python as sending it."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return insert(_TABLE).on_conflict_do_nothing().returning(_TABLE.c.id)  # the values come with each call


def first_time(session: Session, platform: str, event_id: str, now: datetime) -> bool:
    """Record the event; True when this is its first delivery, False for a repeat.

    One INSERT … ON CONFLICT DO NOTHING, so two instances racing on the same retry cannot both win and
    neither sees an error. It goes through the session's connection, in the session's transaction, as a
    plain table statement: the ORM has nothing to track for it.
    """
    connection = session.connection()
    statement = _record(connection.dialect.name)
    values = {"platform": platform, "event_id": event_id, "received_at": now}
    # A row comes back only when it was inserted (rowcount is not reliable with RETURNING on psycopg).
    return connection.execute(statement, values).first() is not None


def first_time_finding(
    session: Session, platform: str, event_id: str, now: datetime, writer: people.Identity
) -> tuple[bool, Person | None]:
    """`first_time`, and the person the writer's platform id belongs to (None if nobody has it yet),
    together: on PostgreSQL in one statement (the INSERT in a WITH, the person joined to what it
    returned), which is one round trip and one statement's Python less on every message.

    A repeat returns no row, and its writer is not looked up. The person is read in the same snapshot
    as before (READ COMMITTED: the statement's), and a repeat waits on the first delivery's
    uncommitted record exactly as `first_time` does.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":  # SQLite has no INSERT inside a WITH: two statements
        if not first_time(session, platform, event_id, now):
            return False, None
        return True, people.find(session, writer)
    values = {"event_platform": platform, "event_key": event_id, "event_at": now, "user_id": writer.user_id}
    row = session.execute(_record_finding(writer.platform), values).first()
    if row is None:
        return False, None
    return True, row[1]


@cache
def _record_finding(platform: str) -> Select[Any]:
    """WITH recorded AS (INSERT … ON CONFLICT DO NOTHING RETURNING id) SELECT recorded.id, persons.*
    FROM recorded LEFT JOIN persons ON <the platform's id column> = :user_id; built once per platform."""
    values: dict[str, Any] = {"platform": bindparam("event_platform"), "event_id": bindparam("event_key"),
              "received_at": bindparam("event_at")}  # fmt: skip
    recorded = postgresql_insert(_TABLE).values(values).on_conflict_do_nothing().returning(_TABLE.c.id).cte("recorded")
    column = people.PLATFORM_COLUMNS[platform]
    return select(recorded.c.id, Person).select_from(recorded).outerjoin(Person, column == bindparam("user_id"))


def forget_before(session: Session, moment: datetime) -> int:
    """Drop records older than `moment` (Slack stops retrying after minutes); returns how many."""
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < moment))
    return int(getattr(result, "rowcount", 0) or 0)

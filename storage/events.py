"""Platform events already handled, so a retried delivery does nothing twice.

Slack redelivers an event when it did not see an acknowledgement in time (`X-Slack-Retry-Num`), and a
second instance behind a load balancer may get the retry: only the database can tell them apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import CTE, Insert, Select, Table, bindparam, delete, exists, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage import dialogues, people
from storage.dialogues import DialogueState
from storage.models import Dialogue, Person, ProcessedEvent

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


@dataclass(frozen=True)
class Arrival:
    """What the first statement of a message's turn learnt: whether this is the delivery's first time,
    the person the writer's platform id belongs to (None if nobody has it yet), and, when a channel was
    asked for, the writer's dialogue in it, read and locked as `dialogues.load(…, lock=True)` reads it."""

    first: bool
    writer: Person | None = None
    # The channel whose dialogue was read with the record (None: it was not read, the caller loads it).
    channel: str | None = None
    dialogue: DialogueState | None = None


def first_time_finding(
    session: Session, platform: str, event_id: str, now: datetime, writer: people.Identity, channel: str | None = None
) -> Arrival:
    """`first_time`, the writer's person and (given a `channel`) their dialogue in it, together: on
    PostgreSQL in one statement, which is one round trip and one statement's Python less for each of
    the two on every message.

    A repeat returns no row: its writer is not looked up and no dialogue is locked. The person is read
    in the same snapshot as before (READ COMMITTED: the statement's), and a repeat waits on the first
    delivery's uncommitted record exactly as `first_time` does. The dialogue's row is locked only after
    the record was written (the lock's condition is that the record exists, a one-time filter), so the
    locks are taken in the order the separate statements took them: a repeat never holds the dialogue
    its first delivery waits for. Without a known writer or a channel, no dialogue is read (`channel`
    None in the answer); nor on SQLite, which has no `INSERT` inside a `WITH` and gets two statements.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":  # SQLite has no INSERT inside a WITH: two statements
        if not first_time(session, platform, event_id, now):
            return Arrival(False)
        return Arrival(True, people.find(session, writer))
    values = {"event_platform": platform, "event_key": event_id, "event_at": now, "user_id": writer.user_id}
    if channel is None:
        row = session.execute(_record_finding(writer.platform), values).first()
        return Arrival(False) if row is None else Arrival(True, row[1])
    row = session.execute(_record_finding_in(writer.platform), {**values, "channel": channel}).first()
    if row is None:
        return Arrival(False)
    person, state = row[1], row[2:]
    if person is None:
        return Arrival(True)
    return Arrival(True, person, channel, None if state[0] is None else dialogues.state_of(*state))


def _recorded() -> CTE:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id, as a WITH's part, the values as bound parameters."""
    values: dict[str, Any] = {"platform": bindparam("event_platform"), "event_id": bindparam("event_key"),
              "received_at": bindparam("event_at")}  # fmt: skip
    return postgresql_insert(_TABLE).values(values).on_conflict_do_nothing().returning(_TABLE.c.id).cte("recorded")


@cache
def _record_finding(platform: str) -> Select[Any]:
    """WITH recorded AS (INSERT … RETURNING id) SELECT recorded.id, persons.* FROM recorded LEFT JOIN
    persons ON <the platform's id column> = :user_id; built once per platform."""
    recorded = _recorded()
    column = people.PLATFORM_COLUMNS[platform]
    return select(recorded.c.id, Person).select_from(recorded).outerjoin(Person, column == bindparam("user_id"))


@cache
def _record_finding_in(platform: str) -> Select[Any]:
    """`_record_finding` and, joined to the person, their dialogue in :channel, locked:

        WITH recorded AS (INSERT … RETURNING id),
             locked AS (SELECT person_id, handler, … FROM dialogues
                        WHERE person_id = (SELECT id FROM persons WHERE <id column> = :user_id)
                          AND channel = :channel AND EXISTS (SELECT id FROM recorded) FOR UPDATE)
        SELECT recorded.id, persons.*, locked.handler, … FROM recorded
          LEFT JOIN persons ON <id column> = :user_id LEFT JOIN locked ON locked.person_id = persons.id

    (PostgreSQL refuses FOR UPDATE on the nullable side of an outer join, hence the lock in its own part.)
    The `EXISTS` makes the lock wait for the record: a repeat, whose `INSERT` inserts nothing, locks
    nothing; built once per platform."""
    recorded = _recorded()
    column = people.PLATFORM_COLUMNS[platform]
    writer_id = select(Person.id).where(column == bindparam("user_id")).scalar_subquery()
    dialogue = cast(Table, Dialogue.__table__)
    locked = (
        select(dialogue.c.person_id, *dialogues.COLUMNS)
        .where(dialogue.c.person_id == writer_id, dialogue.c.channel == bindparam("channel"))
        .where(exists(select(recorded.c.id)))
        .with_for_update()
        .cte("locked")
    )
    state = [locked.c[c.name] for c in dialogues.COLUMNS]
    return (
        select(recorded.c.id, Person, *state)
        .select_from(recorded)
        .outerjoin(Person, column == bindparam("user_id"))
        .outerjoin(locked, locked.c.person_id == Person.id)
    )


def forget_before(session: Session, moment: datetime) -> int:
    """Drop records older than `moment` (Slack stops retrying after minutes); returns how many."""
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < moment))
    return int(getattr(result, "rowcount", 0) or 0)

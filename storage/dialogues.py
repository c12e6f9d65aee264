"""Loading and saving the unfinished conversation of one person in one channel.

Every turn loads its dialogue and many save one, so these are plain table statements, each built once:
a `DialogueState` is all the engine keeps, and an ORM object for the row would only add the work of
tracking it (about a third of a millisecond of Python a turn under load).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Delete, Insert, Select, Table, bindparam, case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import Dialogue

_TABLE = cast(Table, Dialogue.__table__)  # a mapped class's table is a Table
_KEY = (_TABLE.c.person_id == bindparam("person_id")) & (_TABLE.c.channel == bindparam("channel"))
# A row's columns as `state_of` takes them.
COLUMNS = (_TABLE.c.handler, _TABLE.c.pending, _TABLE.c.slots, _TABLE.c.created_at, _TABLE.c.updated_at)
_LOAD: Select[Any] = select(*COLUMNS).where(_KEY)
_LOAD_LOCKED: Select[Any] = _LOAD.with_for_update()
_CLEAR: Delete = delete(_TABLE).where(_KEY)


@dataclass
class DialogueState:
    """What a handler remembers between turns: whose dialogue it is, what it asked, what it knows."""

    handler: str
    pending: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    started_at: datetime | None = None
    updated_at: datetime | None = None


def load(session: Session, person_id: int, channel: str, *, lock: bool = False) -> DialogueState | None:
    """The dialogue, if any. With `lock`, its row stays locked until the turn commits (PostgreSQL's
    SELECT … FOR UPDATE): a second turn in the same conversation, on any instance, waits and then sees
    what the first one left, so two presses of "Spara" cannot both find the draft unsaved."""
    statement = _LOAD_LOCKED if lock else _LOAD
    row = session.connection().execute(statement, {"person_id": person_id, "channel": channel}).first()
    return None if row is None else state_of(*row)


def state_of(
    handler: str, pending: str | None, slots: dict[str, Any] | None, created_at: datetime, updated_at: datetime
) -> DialogueState:
    """The state a row holds, its columns in the order of `COLUMNS` (also read by `events.first_time_finding`)."""
    return DialogueState(handler, pending, dict(slots or {}), started_at=created_at, updated_at=updated_at)


def save(session: Session, person_id: int, channel: str, state: DialogueState, now: datetime) -> None:
    """Write where the dialogue stands, in one statement whether or not it had a row: a dialogue that
    changes hands (another capability's) starts anew, so its start is now; otherwise it keeps its start."""
    values = {"person_id": person_id, "channel": channel, "handler": state.handler, "pending": state.pending,
              "slots": dict(state.slots), "created_at": now, "updated_at": now}  # fmt: skip
    connection = session.connection()
    connection.execute(_save(connection.dialect.name), values)


def clear(session: Session, person_id: int, channel: str) -> None:
    session.connection().execute(_CLEAR, {"person_id": person_id, "channel": channel})


@cache
def _save(dialect: str) -> Insert:
    """INSERT … ON CONFLICT (person, channel) DO UPDATE, built once per dialect. In the SET clause the
    table's own columns are the row as it was, `excluded` the one offered."""
    insert = postgresql_insert(_TABLE) if dialect == "postgresql" else sqlite_insert(_TABLE)
    new = insert.excluded  # the values come with each call
    same_handler = _TABLE.c.handler == new.handler
    return insert.on_conflict_do_update(
        index_elements=[_TABLE.c.person_id, _TABLE.c.channel],
        set_={
            "handler": new.handler,
            "pending": new.pending,
            "slots": new.slots,
            "updated_at": new.updated_at,
            "created_at": case((same_handler, _TABLE.c.created_at), else_=new.created_at),
        },
    )

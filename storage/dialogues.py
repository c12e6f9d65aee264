"""Loading and saving the unfinished conversation of one person in one channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import Dialogue


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
    row = _row(session, person_id, channel, lock=lock)
    if row is None:
        return None
    return DialogueState(
        handler=row.handler,
        pending=row.pending,
        slots=dict(row.slots or {}),
        started_at=row.created_at,
        updated_at=row.updated_at,
    )


def save(session: Session, person_id: int, channel: str, state: DialogueState, now: datetime) -> None:
    row = _row(session, person_id, channel)
    if row is None:
        row = Dialogue(person_id=person_id, channel=channel, created_at=now)
        session.add(row)
    elif row.handler != state.handler:
        row.created_at = now
    row.handler = state.handler
    row.pending = state.pending
    row.slots = dict(state.slots)
    row.updated_at = now
    session.flush()


def clear(session: Session, person_id: int, channel: str) -> None:
    session.execute(delete(Dialogue).where(Dialogue.person_id == person_id, Dialogue.channel == channel))


def _row(session: Session, person_id: int, channel: str, *, lock: bool = False) -> Dialogue | None:
    query = select(Dialogue).where(Dialogue.person_id == person_id, Dialogue.channel == channel)
    return session.scalars(query.with_for_update() if lock else query).first()

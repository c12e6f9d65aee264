"""Questions asked about the strategy: recording them, their 👍/👎, passing them on, listing them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal, cast

from sqlalchemy import Insert, Table, insert, select
from sqlalchemy.orm import Session, joinedload

from storage.models import AskedQuestion, Person

Listing = Literal["feedback", "down", "unanswered", "forwarded", "all"]
FEEDBACK_VALUES = ("up", "down")

_TABLE = cast(Table, AskedQuestion.__table__)  # a mapped class's table is a Table
# Every question asked in chat is recorded, so the statement is built once and sent as a plain table
# statement: an ORM object for the new row only added the unit of work's flush to the turn (about a tenth
# of a Slack turn's CPU), and the turn needs nothing of the row but its id.
_RECORD: Insert = insert(_TABLE).returning(_TABLE.c.id)


def record(
    session: Session,
    *,
    person: Person | None,
    channel: str | None,
    question: str,
    language: str,
    answered: bool,
    kind: str,
    score: float,
    sections: Sequence[str],
    now: datetime,
) -> int:
    """Record a question and how it was answered, in the session's transaction; its id."""
    values = {"person_id": person.id if person else None, "channel": channel, "question": question,
              "language": language, "answered": answered, "kind": kind, "score": float(score),
              "sections": list(sections), "asked_at": now}  # fmt: skip
    return int(session.connection().execute(_RECORD, values).scalar_one())


def get(session: Session, question_id: int) -> AskedQuestion | None:
    return session.get(AskedQuestion, question_id)


def set_feedback(row: AskedQuestion, value: str, now: datetime) -> None:
    if value not in FEEDBACK_VALUES:
        raise ValueError(f"feedback must be one of {FEEDBACK_VALUES}, not {value!r}")
    row.feedback = value
    row.feedback_at = now


def mark_forwarded(row: AskedQuestion, to: str | None, now: datetime) -> None:
    row.forwarded_at = now
    row.forwarded_to = to


def listing(session: Session, which: Listing = "feedback", limit: int = 50) -> list[AskedQuestion]:
    """Newest first: questions with feedback, thumbs down only, refused, passed on, or all of them."""
    query = select(AskedQuestion).options(joinedload(AskedQuestion.person))
    if which == "feedback":
        query = query.where(AskedQuestion.feedback.is_not(None))
    elif which == "down":
        query = query.where(AskedQuestion.feedback == "down")
    elif which == "unanswered":
        query = query.where(AskedQuestion.answered.is_(False))
    elif which == "forwarded":
        query = query.where(AskedQuestion.forwarded_at.is_not(None))
    query = query.order_by(AskedQuestion.asked_at.desc(), AskedQuestion.id.desc()).limit(limit)
    return list(session.scalars(query))

"""Verified answers: what the international coordinator answered to a question the strategy did not.

A question passed on to the coordinator is answered in chat ("svara 3: …" or the form behind a button);
the answer is stored with who gave it and when, and the concepts the question asked about. A later
question about the same concepts, in Swedish or English, gets it, marked as the coordinator's answer.
Administrators list, edit and retire them (`utblick answers …`, "verifierade svar" in chat).

Each answer records the strategy file it was given against (a SHA-256 of the file). When
`UTBLICK_STRATEGY_FILE` points at another text, answers given against the old one are not served until
an administrator has looked at them again (`utblick answers review`, `… confirm ID`).

The coordinator and the asker are told through the outbox (`storage.models.Delivery`, kind "message"),
which the reminder worker sends on Slack or Teams exactly once like any other notice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AskedQuestion, Person, VerifiedAnswer

Status = Literal["active", "review", "retired"]
STATUSES: tuple[Status, ...] = ("active", "review", "retired")


@lru_cache(maxsize=8)
def _fingerprint(path: str, size: int, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fingerprint(path: Path) -> str:
    """The SHA-256 of the strategy file (and its English translation, when there is one)."""
    stat = path.stat()
    digest = _fingerprint(str(path), stat.st_size, stat.st_mtime)
    english = path.with_name(f"{path.stem}.en{path.suffix}")
    if english.is_file() and english != path:
        other = english.stat()
        digest = hashlib.sha256(
            (digest + _fingerprint(str(english), other.st_size, other.st_mtime)).encode()
        ).hexdigest()
    return digest


def create(
    session: Session,
    *,
    question: AskedQuestion | None,
    text: str,
    language: str,
    concepts: Iterable[str],
    answer: str,
    section: str | None,
    quote: str | None,
    by: Person | None,
    now: datetime,
    strategy: str,
) -> VerifiedAnswer:
    row = VerifiedAnswer(
        question_id=question.id if question else None,
        question=text,
        language=language,
        concepts=sorted(set(concepts)),
        answer=answer.strip(),
        section=section,
        quote=quote,
        answered_by_id=by.id if by else None,
        answered_by_name=(by.display_name or by.email or "") if by else "",
        answered_at=now,
        status="active",
        strategy_fingerprint=strategy,
    )
    session.add(row)
    session.flush()
    return row


def get(session: Session, answer_id: int) -> VerifiedAnswer | None:
    return session.get(VerifiedAnswer, answer_id)


def for_question(session: Session, question_id: int) -> VerifiedAnswer | None:
    """The newest answer the coordinator gave to one asked question (retired ones left out)."""
    query = (
        select(VerifiedAnswer)
        .where(VerifiedAnswer.question_id == question_id, VerifiedAnswer.status != "retired")
        .order_by(VerifiedAnswer.id.desc())
    )
    return session.scalars(query).first()


# A later question gets a verified answer when at least this share of the concepts either asks about
# are shared (Jaccard): "Får min sambo följa med på resan?" and "Can my partner come along on the trip?"
# share companions and travel, though "partner" also names the strategy's cooperation partners.
MIN_OVERLAP = 0.5


def find(session: Session, concepts: Iterable[str], strategy: str) -> VerifiedAnswer | None:
    """The active answer, given against this strategy text, whose concepts best match these (newest first
    on a tie), or None when none shares at least half of them."""
    wanted = set(concepts)
    if not wanted:
        return None
    review(session, strategy)
    query = (
        select(VerifiedAnswer)
        .where(VerifiedAnswer.status == "active", VerifiedAnswer.strategy_fingerprint == strategy)
        .order_by(VerifiedAnswer.answered_at.desc(), VerifiedAnswer.id.desc())
    )
    best: tuple[float, VerifiedAnswer] | None = None
    for row in session.scalars(query):
        filed = set(row.concepts)
        overlap = len(filed & wanted) / len(filed | wanted) if filed | wanted else 0.0
        if overlap >= MIN_OVERLAP and (best is None or overlap > best[0]):
            best = (overlap, row)
    return best[1] if best else None


def review(session: Session, strategy: str) -> int:
    """Send the active answers given against another strategy text to review; return how many."""
    stale = session.scalars(
        select(VerifiedAnswer).where(VerifiedAnswer.status == "active", VerifiedAnswer.strategy_fingerprint != strategy)
    ).all()
    for row in stale:
        row.status = "review"
    return len(stale)


def listing(session: Session, statuses: Sequence[str] = ("active", "review")) -> list[VerifiedAnswer]:
    query = select(VerifiedAnswer).where(VerifiedAnswer.status.in_(list(statuses))).order_by(VerifiedAnswer.id)
    return list(session.scalars(query))


def edit(row: VerifiedAnswer, answer: str, by: str, now: datetime) -> None:
    row.answer = answer.strip()
    row.updated_at = now
    row.updated_by_name = by


def retire(row: VerifiedAnswer, by: str, now: datetime) -> None:
    row.status = "retired"
    row.updated_at = now
    row.updated_by_name = by


def confirm(row: VerifiedAnswer, strategy: str, by: str, now: datetime) -> None:
    """An administrator has checked the answer against the current strategy: serve it again."""
    row.status = "active"
    row.strategy_fingerprint = strategy
    row.updated_at = now
    row.updated_by_name = by


def export(rows: Iterable[VerifiedAnswer]) -> list[dict[str, Any]]:
    """The answers as plain data, for `utblick answers export`."""
    return [
        {
            "id": row.id,
            "question": row.question,
            "language": row.language,
            "concepts": list(row.concepts),
            "answer": row.answer,
            "section": row.section,
            "quote": row.quote,
            "answered_by": row.answered_by_name,
            "answered_at": row.answered_at.isoformat(),
            "updated_at": row.updated_at.isoformat() if row.updated_at else None,
            "updated_by": row.updated_by_name,
            "status": row.status,
            "question_id": row.question_id,
        }
        for row in rows
    ]


def coordinator(session: Session, configured: str | None) -> Person | None:
    """The person `UTBLICK_COORDINATOR` names (an e-mail address or a Slack, Teams or console id)."""
    if not configured or configured.startswith("#"):
        return None
    named = configured.casefold()
    for person in session.scalars(select(Person)):
        ids = [person.email, person.slack_user_id, person.teams_aad_id, person.console_user]
        if any(value and value.casefold() == named for value in ids):
            return person
    if "@" in configured:
        person = Person(email=configured)
        session.add(person)
        session.flush()
        return person
    return None

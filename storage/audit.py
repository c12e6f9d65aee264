"""The audit log: administrative changes, written in the same transaction as the change itself.

What an administrator changes in chat (units, contact persons, roles), what anyone deletes, and what an
operator imports or prunes gets one row here, so "who made Erik contact person, and when?" has an answer
(`utblick audit`). Names are copied into the row when it is written, so the log still reads after a unit
or a person is gone; `forget_person` blanks them when a person has their data erased.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from storage.models import AuditEntry, OrgUnit, Person, utcnow

ACTIONS: Final = (
    "unit_added",
    "contact_set",
    "admin_granted",
    "admin_revoked",
    "activity_deleted",
    "activity_changed",
    "units_imported",
    "activities_imported",
    "personal_data_exported",
    "personal_data_erased",
    "pruned",
    "identity_conflict",
)


# The details that name a person (copied by value): who was acted on, and whom a change replaced.
PERSON_KEYS: Final = ("who", "previous")


def person_label(person: Person | None) -> str | None:
    """How a person is named in the log: "Anna Berg <anna.berg@vaxjo.se>", or whatever id is known."""
    if person is None:
        return None
    name = person.display_name or ""
    if name and person.email:
        return f"{name} <{person.email}>"
    return name or person.email or person.slack_user_id or person.teams_aad_id or person.console_user or f"#{person.id}"


def operator_label() -> str:
    """The command line's actor: the login that ran `utblick …` on the server."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


def record(
    session: Session,
    action: str,
    *,
    actor: Person | None = None,
    actor_label: str | None = None,
    subject: Person | None = None,
    unit: OrgUnit | None = None,
    details: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Add one entry; the caller's transaction decides whether it lands, together with the change."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        at=now or utcnow(),
        actor_id=actor.id if actor else None,
        actor=actor_label or person_label(actor),
        action=action,
        subject_id=subject.id if subject else None,
        unit_id=unit.id if unit else None,
        details=dict(details or {}),
    )
    session.add(entry)
    session.flush()
    return entry


def entries(session: Session, *, since: datetime | None = None, limit: int | None = None) -> list[AuditEntry]:
    """The newest entries last (the order a log is read in), optionally from a moment on or only the last few."""
    query = select(AuditEntry)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(reversed(list(session.scalars(query))))


def about(session: Session, person: Person) -> list[AuditEntry]:
    """Entries where the person acted or was acted on: part of what is stored about them."""
    query = select(AuditEntry).where(or_(AuditEntry.actor_id == person.id, AuditEntry.subject_id == person.id))
    return list(session.scalars(query.order_by(AuditEntry.at, AuditEntry.id)))


def forget_person(session: Session, person: Person) -> int:
    """Blank the person wherever the log names them; the entries themselves (what changed) stay.

    By id where the row points at them (they acted, or were acted on), and by name and e-mail in every
    other entry's copies (`actor`, and the person-naming `details` such as the contact person a unit had
    before): those copies were taken by value precisely so they outlive the person, so they are found by
    value too. The log is an administrator's record and stays small, so it is read through once.
    """
    names = names_of(person)
    changed = 0
    for entry in session.scalars(select(AuditEntry)):
        touched = False
        if entry.actor_id == person.id or (entry.actor and entry.actor in names):
            entry.actor, entry.actor_id, touched = None, None, True
        details = dict(entry.details)
        if entry.subject_id == person.id:
            details["who"], entry.subject_id, touched = None, None, True
        for key in PERSON_KEYS:
            if isinstance(details.get(key), str) and names_person(details[key], names):
                details[key], touched = None, True
        if touched:
            entry.details = details
            changed += 1
    session.flush()
    return changed


def names_of(person: Person) -> set[str]:
    """Every form in which the log may have copied this person: their label, name and e-mail."""
    return {n for n in (person_label(person), person.display_name, person.email) if n}


def names_person(value: str, names: set[str]) -> bool:
    return value in names or any("@" in n and n.casefold() in value.casefold() for n in names)


def delete_before(session: Session, moment: datetime) -> int:
    """Remove entries older than the retention period (see `storage.retention`)."""
    result = session.execute(delete(AuditEntry).where(AuditEntry.at < moment))
    return int(getattr(result, "rowcount", 0) or 0)

"""Finding organisational units and their contact persons."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import OrgUnit, Person


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def find(session: Session, name: str) -> OrgUnit | None:
    """A unit by its name, short name or an alias, ignoring case and spacing."""
    wanted = _fold(name)
    if not wanted:
        return None
    for unit in session.scalars(select(OrgUnit)):
        names = [unit.name, unit.short_name or "", *(unit.aliases or [])]
        if any(_fold(n) == wanted for n in names if n):
            return unit
    return None


def all_units(session: Session) -> list[OrgUnit]:
    return list(session.scalars(select(OrgUnit).order_by(OrgUnit.name)))


def contact_for(session: Session, person: Person) -> list[OrgUnit]:
    """The units this person is the contact person of (usually one, sometimes none)."""
    return list(session.scalars(select(OrgUnit).where(OrgUnit.contact_person_id == person.id).order_by(OrgUnit.name)))

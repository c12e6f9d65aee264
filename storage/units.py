"""Finding organisational units and their contact persons."""

from __future__ import annotations

import re

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from storage.models import OrgUnit, Person

# The fewest letters that may name a unit by the beginning of its name ("kultur", "vidinge").
_SHORTEST_PART = 4
# Words every unit's name may have, which on their own tell none apart.
_GENERIC = re.compile(
    r"^(?:förvaltning|bolag|ab$|nämnd|kommun|kontor|enhet|avdelning|och$|and$|the$|department|company|unit|office)"
)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _begins_words(wanted: list[str], name: list[str]) -> bool:
    """Whether the wanted words begin consecutive words of the name: "kultur och fritid" in
    "Kultur- och fritidsförvaltningen", "tekniska" in "Tekniska förvaltningen"."""
    return any(
        all(name[start + i].startswith(word) for i, word in enumerate(wanted))
        for start in range(len(name) - len(wanted) + 1)
    )


def find(session: Session, name: str, *, exact: bool = False) -> OrgUnit | None:
    """A unit by its name, short name or an alias, ignoring case and spacing; else by the beginning of its
    name ("tekniska", "kultur och fritid") when that fits one unit only."""
    wanted = _fold(name)
    if not wanted:
        return None
    everyone = list(session.scalars(select(OrgUnit)))
    for unit in everyone:
        names = [unit.name, unit.short_name or "", *(unit.aliases or [])]
        if any(_fold(n) == wanted for n in names if n):
            return unit
    if exact:
        return None
    words = _words(wanted)
    telling = [word for word in words if not _GENERIC.match(word)]
    if sum(len(word) for word in telling) < _SHORTEST_PART:
        return None  # "förvaltningen" alone names no unit in particular
    fitting = [
        unit for unit in everyone if any(_begins_words(words, _words(n)) for n in [unit.name, *(unit.aliases or [])])
    ]
    return fitting[0] if len(fitting) == 1 else None


# Built once: `names` runs on every strategy question, and building a select cost more Python than
# sending it and reading what came back.
_NAMES: Select[int, str, str | None, list[str]] = select(
    OrgUnit.id, OrgUnit.name, OrgUnit.short_name, OrgUnit.aliases
).order_by(OrgUnit.name)


def names(session: Session) -> list[tuple[int, list[str]]]:
    """Each unit's id with its name, short name and aliases, by name: what a question is searched for on
    every strategy question, without building an object for each of a municipality's units."""
    rows = session.execute(_NAMES)
    return [(unit_id, [name, short or "", *(aliases or [])]) for unit_id, name, short, aliases in rows]


def all_units(session: Session) -> list[OrgUnit]:
    return list(session.scalars(select(OrgUnit).order_by(OrgUnit.name)))


def contact_for(session: Session, person: Person) -> list[OrgUnit]:
    """The units this person is the contact person of (usually one, sometimes none)."""
    return list(session.scalars(select(OrgUnit).where(OrgUnit.contact_person_id == person.id).order_by(OrgUnit.name)))

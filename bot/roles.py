"""Who may do what: administrators, contact persons of a unit, and everyone else.

An administrator is someone marked so in the database (granted in chat by another administrator) or
named in `UTBLICK_ADMINS`, so that a fresh installation has someone who can set everything up. A
contact person reports for the units whose `contact_person` they are. Everyone else logs and asks.

When someone may not do a thing, the answer names who can (`admin_names`, a unit's contact person),
so a refusal is also the way forward.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from storage.models import OrgUnit, Person


def named_in_settings(person: Person, settings: Settings) -> bool:
    """Whether `UTBLICK_ADMINS` names this person by e-mail or a platform id."""
    named = {entry.casefold() for entry in settings.admins}
    ids = [person.email, person.slack_user_id, person.teams_aad_id, person.console_user]
    return any(value and value.casefold() in named for value in ids)


def is_coordinator(person: Person, settings: Settings) -> bool:
    """Whether this person is `UTBLICK_COORDINATOR`, who gets the questions passed on (and so is not offered
    to pass a question on to themselves)."""
    named = (settings.coordinator or "").casefold()
    ids = [person.email, person.slack_user_id, person.teams_aad_id, person.console_user]
    return bool(named) and any(value and value.casefold() == named for value in ids)


def is_admin(person: Person, settings: Settings) -> bool:
    return bool(person.is_admin) or named_in_settings(person, settings)


def is_contact_for(person: Person, unit: OrgUnit) -> bool:
    return unit.contact_person_id is not None and unit.contact_person_id == person.id


def admin_names(session: Session, settings: Settings) -> list[str]:
    """Whom to ask for an administrator's help: those granted in chat, and those named in the settings."""
    names: list[str] = []
    for person in session.scalars(select(Person).where(Person.is_admin).order_by(Person.display_name)):
        label = person.display_name or person.email
        if label and label not in names:
            names.append(label)
    known = {p.casefold() for p in names}
    for entry in settings.admins:
        # A Slack or Teams id means nothing to a reader; an e-mail address does.
        if "@" in entry and entry.casefold() not in known:
            names.append(entry)
    return names


def administrators(session: Session, settings: Settings) -> list[Person]:
    """Everyone who is an administrator now, from the database and the settings."""
    return [p for p in session.scalars(select(Person).order_by(Person.id)) if is_admin(p, settings)]

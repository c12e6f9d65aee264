"""Who may do what: administrators, contact persons of a unit, and everyone else.

An administrator is someone marked so in the database (granted in chat by another administrator) or
named in `UTBLICK_ADMINS`, so that a fresh installation has someone who can set everything up.
"""

from __future__ import annotations

from bot.config import Settings
from storage.models import Person


def is_admin(person: Person, settings: Settings) -> bool:
    if person.is_admin:
        return True
    named = {entry.casefold() for entry in settings.admins}
    ids = [person.email, person.slack_user_id, person.teams_aad_id, person.console_user]
    return any(value and value.casefold() in named for value in ids)

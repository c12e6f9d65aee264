"""Finding the person behind a platform identity."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.messages import Sender
from storage.models import Person

# Which column holds each platform's user id.
PLATFORM_COLUMNS = {
    "slack": Person.slack_user_id,
    "teams": Person.teams_aad_id,
    "console": Person.console_user,
}


def find_by_email(session: Session, email: str) -> Person | None:
    return session.scalars(select(Person).where(func.lower(Person.email) == email.strip().lower())).first()


def find_or_create(session: Session, sender: Sender) -> Person:
    """The person for this sender, linking a platform id to someone already known by e-mail.

    A contact person is often imported from a CSV (name and e-mail) before they ever write to the bot;
    when they do, their first message must land on that same row, not on a stranger's.
    """
    column = PLATFORM_COLUMNS.get(sender.platform)
    if column is None:
        raise ValueError(f"unknown platform {sender.platform!r}")
    person = session.scalars(select(Person).where(column == sender.user_id)).first()
    if person is None and sender.email:
        person = find_by_email(session, sender.email)
    if person is None:
        person = Person()
        session.add(person)
    setattr(person, column.key, sender.user_id)
    if sender.display_name and not person.display_name:
        person.display_name = sender.display_name
    if sender.email and not person.email:
        person.email = sender.email.strip()
    if sender.timezone:
        person.timezone = sender.timezone
    session.flush()
    return person

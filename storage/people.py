"""Finding the person behind a platform identity."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from storage import audit
from storage.models import Person

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Identity:
    """Who a platform says is writing: what storage needs of the engine's `Sender`."""

    platform: str
    user_id: str
    display_name: str | None = None
    email: str | None = None
    timezone: str | None = None


# Which column holds each platform's user id.
PLATFORM_COLUMNS = {
    "slack": Person.slack_user_id,
    "teams": Person.teams_aad_id,
    "console": Person.console_user,
}

# The look-up of a writer by their platform id, built once per platform: it runs on every turn, and
# building the statement anew cost about as much Python as running it.
_BY_PLATFORM_ID: dict[str, Select[Person]] = {
    platform: select(Person).where(column == bindparam("user_id")) for platform, column in PLATFORM_COLUMNS.items()
}


def find_by_email(session: Session, email: str) -> Person | None:
    return session.scalars(select(Person).where(func.lower(Person.email) == email.strip().lower())).first()


def find(session: Session, sender: Identity) -> Person | None:
    """The person who has this sender's platform id, if anyone has it yet."""
    if sender.platform not in PLATFORM_COLUMNS:
        raise ValueError(f"unknown platform {sender.platform!r}")
    return session.scalars(_BY_PLATFORM_ID[sender.platform], {"user_id": sender.user_id}).first()


def find_or_create(session: Session, sender: Identity, *, found: Person | None = None) -> Person:
    """The person for this sender, linking a platform id to someone already known by e-mail.

    `found` is the person the caller already looked up by the platform id (`events.first_time_finding`);
    without it, they are looked up here.

    A contact person is often imported from a CSV (name and e-mail) before they ever write to the bot;
    when they do, their first message must land on that same row, not on a stranger's. A row that already
    has another id on the same platform is never taken over by e-mail (see below).
    """
    person = found if found is not None else find(session, sender)
    column = PLATFORM_COLUMNS[sender.platform]
    claimed: Person | None = None
    if person is None and sender.email:
        known = find_by_email(session, sender.email)
        if known is not None and getattr(known, column.key) in (None, sender.user_id):
            person = known
        else:
            claimed = known
    if person is None:
        person = Person()
        session.add(person)
    # Only what changes is set: a person who writes again changes nothing, and their turn then has no
    # flush to work out (setting a column to the value it has still marks the row for the unit of work).
    if getattr(person, column.key) != sender.user_id:
        setattr(person, column.key, sender.user_id)
    if sender.display_name and not person.display_name:
        person.display_name = sender.display_name
    if sender.email and not person.email and claimed is None:
        person.email = sender.email.strip()
    if claimed is not None:
        # Someone known under another id on this platform (another workspace's account, a re-created
        # user) reports the same e-mail: an identity, and with it a role, is never moved silently. The
        # newcomer is a person of their own, without the e-mail, and an administrator can see why.
        session.flush()
        log.warning("%s user %s reports the e-mail of person %s, who has another %s id; not linked",
                    sender.platform, sender.user_id, claimed.id, sender.platform)  # fmt: skip
        audit.record(session, "identity_conflict", subject=claimed,
                     details={"platform": sender.platform, "user_id": sender.user_id,
                              "who": audit.person_label(claimed),
                              "person_id": person.id})  # fmt: skip
    if sender.timezone and person.timezone != sender.timezone:
        person.timezone = sender.timezone
    if person.id is None or person in session.dirty:
        session.flush()
    return person

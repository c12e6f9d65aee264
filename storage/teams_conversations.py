"""The stored references to people's personal Teams chats with the bot (see `TeamsConversation`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Person, TeamsConversation


def find(session: Session, person_id: int) -> TeamsConversation | None:
    return session.scalars(select(TeamsConversation).where(TeamsConversation.person_id == person_id)).first()


def remember(session: Session, person: Person, reference: dict[str, Any], tenant_id: str | None = None) -> bool:
    """Keep `reference` as the way to reach `person`; True when something changed.

    Called on every personal message, so it writes only when the conversation, its service URL (Teams
    moves a tenant between regions now and then) or the reference itself differ from what is stored.
    """
    conversation_id = str((reference.get("conversation") or {}).get("id") or "")
    service_url = str(reference.get("serviceUrl") or "")
    if not conversation_id or not service_url:
        raise ValueError("a conversation reference needs a conversation id and a service URL")
    row = find(session, person.id)
    if row is None:
        row = TeamsConversation(person_id=person.id)
        session.add(row)
    elif (row.conversation_id, row.service_url, row.reference, row.tenant_id) == (
        conversation_id,
        service_url,
        reference,
        tenant_id or row.tenant_id,
    ):
        return False
    row.conversation_id = conversation_id
    row.service_url = service_url
    row.reference = reference
    row.tenant_id = tenant_id or row.tenant_id
    session.flush()
    return True


def forget(session: Session, person_id: int) -> None:
    """Drop the reference (the person uninstalled the app or blocked the bot: it leads nowhere now)."""
    row = find(session, person_id)
    if row is not None:
        session.delete(row)

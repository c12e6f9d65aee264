"""A prepared message to one person, queued in the outbox and sent by the reminder worker's channels.

Forwarded questions and their answers, a unit's reminder on request, good examples to approve and to tell
about, and a new unit asked for all reach one person this way: the worker delivers it on whichever channel
reaches them (Slack, Teams, e-mail), retries it, and gives up after a week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import Delivery, Person

# The kind of outbox row that carries a prepared message to one person.
MESSAGE = "message"
# A message that could not be sent within a week is no longer worth sending.
MESSAGE_USEFUL_FOR = timedelta(days=7)


def send(session: Session, person: Person, key: str, text: str, buttons: list[dict[str, str]], now: datetime) -> bool:
    """Queue a message to one person in the outbox, once under its key; True when it was queued now.

    One INSERT … ON CONFLICT DO NOTHING, so two instances (or two presses) queueing the same key at the same
    moment queue it once and neither sees an error.
    """
    values = {
        "key": key,
        "kind": MESSAGE,
        "person_id": person.id,
        "payload": {"text": text, "buttons": buttons, "useful_until": (now + MESSAGE_USEFUL_FOR).isoformat()},
        "due_at": now,
        "deadline": date(now.year, now.month, now.day),
        "status": "pending",
        "attempts": 0,
        "created_at": now,
    }
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Delivery).values(**values).on_conflict_do_nothing(index_elements=["key"])
    return session.execute(statement.returning(Delivery.id)).first() is not None

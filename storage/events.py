"""Platform events already handled, so a retried delivery does nothing twice.

Slack redelivers an event when it did not see an acknowledgement in time (`X-Slack-Retry-Num`), and a
second instance behind a load balancer may get the retry: only the database can tell them apart.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import ProcessedEvent


def first_time(session: Session, platform: str, event_id: str, now: datetime) -> bool:
    """Record the event; True when this is its first delivery, False for a repeat.

    One INSERT … ON CONFLICT DO NOTHING, so two instances racing on the same retry cannot both win and
    neither sees an error.
    """
    values = {"platform": platform, "event_id": event_id, "received_at": now}
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(ProcessedEvent).values(**values).on_conflict_do_nothing().returning(ProcessedEvent.id)
    # A row comes back only when it was inserted (rowcount is not reliable with RETURNING on psycopg).
    return session.execute(statement).first() is not None


def forget_before(session: Session, moment: datetime) -> int:
    """Drop records older than `moment` (Slack stops retrying after minutes); returns how many."""
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < moment))
    return int(getattr(result, "rowcount", 0) or 0)

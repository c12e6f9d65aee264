"""Secrets the application makes for itself (see `AppKey`): created once, by whichever instance asks
first, and read by every other."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import AppKey, utcnow


def key(session: Session, name: str) -> bytes:
    """The key called `name`, made now if it does not exist yet. Two instances asking at once meet in one
    INSERT … ON CONFLICT DO NOTHING and both read the one that was stored."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    value = secrets.token_hex(32)
    session.execute(insert(AppKey).values(name=name, value=value, created_at=utcnow()).on_conflict_do_nothing())
    stored = session.scalars(select(AppKey.value).where(AppKey.name == name)).one()
    return bytes.fromhex(stored)

"""Recognising a platform event that was already handled, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage import events
from storage.db import Database
from storage.models import Person, ProcessedEvent
from storage.people import Identity

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_an_event_is_new_once_per_platform(database: Database) -> None:
    with database.session_scope() as session:
        assert events.first_time(session, "slack", "Ev1", NOW)
        assert not events.first_time(session, "slack", "Ev1", NOW + timedelta(seconds=5))
        assert events.first_time(session, "teams", "Ev1", NOW)
        assert events.first_time(session, "slack", "Ev2", NOW)


def test_old_records_are_forgotten(database: Database) -> None:
    with database.session_scope() as session:
        events.first_time(session, "slack", "Ev-old", NOW - timedelta(days=2))
        events.first_time(session, "slack", "Ev-new", NOW)
        assert events.forget_before(session, NOW - timedelta(days=1)) == 1
        assert session.scalars(select(ProcessedEvent.event_id)).all() == ["Ev-new"]


def test_a_first_delivery_finds_its_writer_and_a_repeat_finds_nobody(database: Database) -> None:
    anna = Identity("slack", "U0ANNA")
    with database.session_scope() as session:
        session.add(Person(slack_user_id="U0ANNA", display_name="Anna Berg"))
    with database.session_scope() as session:
        first, writer = events.first_time_finding(session, "slack", "Ev1", NOW, anna)
        assert first and writer is not None and writer.display_name == "Anna Berg"
        assert events.first_time_finding(session, "slack", "Ev1", NOW, anna) == (False, None)
        assert events.first_time_finding(session, "slack", "Ev2", NOW, Identity("slack", "U0NEW")) == (True, None)

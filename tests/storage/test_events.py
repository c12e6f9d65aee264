"""Recognising a platform event that was already handled, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from storage import dialogues, events
from storage.db import Database
from storage.dialogues import DialogueState
from storage.events import Arrival
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
        arrival = events.first_time_finding(session, "slack", "Ev1", NOW, anna)
        assert arrival.first and arrival.writer is not None and arrival.writer.display_name == "Anna Berg"
        assert arrival.channel is None  # no dialogue asked for, none read
        assert events.first_time_finding(session, "slack", "Ev1", NOW, anna) == Arrival(False)
        assert events.first_time_finding(session, "slack", "Ev2", NOW, Identity("slack", "U0NEW")) == Arrival(True)


def _anna_in_a_dialogue(database: Database) -> int:
    with database.session_scope() as session:
        anna = Person(slack_user_id="U0ANNA", display_name="Anna Berg")
        session.add(anna)
        session.flush()
        dialogues.save(session, anna.id, "D0ANNA", DialogueState("log_activity", "when", {"title": "Resa"}), NOW)
        return anna.id


def test_a_first_delivery_in_a_conversation_brings_the_writers_dialogue_on_postgresql(database: Database) -> None:
    anna = Identity("slack", "U0ANNA")
    _anna_in_a_dialogue(database)
    with database.session_scope() as session:
        arrival = events.first_time_finding(session, "slack", "Ev1", NOW, anna, "D0ANNA")
        assert arrival.first and arrival.writer is not None and arrival.writer.slack_user_id == "U0ANNA"
        if database.engine.dialect.name == "postgresql":
            assert arrival.channel == "D0ANNA"
            assert arrival.dialogue == DialogueState("log_activity", "when", {"title": "Resa"}, NOW, NOW)
            elsewhere = events.first_time_finding(session, "slack", "Ev2", NOW, anna, "D0OTHER")
            assert (elsewhere.channel, elsewhere.dialogue) == ("D0OTHER", None)  # read: she has none there
        else:  # SQLite: the engine loads the dialogue with a statement of its own
            assert arrival.channel is None and arrival.dialogue is None
        assert events.first_time_finding(session, "slack", "Ev1", NOW, anna, "D0ANNA") == Arrival(False)
        stranger = events.first_time_finding(session, "slack", "Ev3", NOW, Identity("slack", "U0NEW"), "D0NEW")
        assert stranger == Arrival(True)  # nobody yet: nothing read for them


@pytest.mark.postgres
def test_a_dialogue_read_with_the_record_stays_locked_and_a_repeat_does_not_hold_it(postgres_schema_url: str) -> None:
    database = Database(postgres_schema_url)
    database.upgrade()
    anna = Identity("slack", "U0ANNA")
    person_id = _anna_in_a_dialogue(database)

    def arrive(event_id: str) -> Arrival:
        with database.session_scope() as session:
            return events.first_time_finding(session, "slack", event_id, NOW, anna, "D0ANNA")

    try:
        with ThreadPoolExecutor(2) as pool:
            with database.session_scope() as session:
                first = events.first_time_finding(session, "slack", "Ev1", NOW, anna, "D0ANNA")
                assert first.dialogue is not None and first.dialogue.pending == "when"
                # Anna's next message, on another instance, and Slack's redelivery of this one, meanwhile.
                following, repeat = pool.submit(arrive, "Ev2"), pool.submit(arrive, "Ev1")
                time.sleep(0.5)
                assert not following.done() and not repeat.done()  # both wait for this turn
                state = DialogueState("log_activity", "where", {"title": "Resa", "when": "2026-11-20"})
                dialogues.save(session, person_id, "D0ANNA", state, NOW)
            # Committed: the next message sees where the dialogue stands now; the repeat is one, and no
            # deadlock came between them.
            after = following.result(10)
            assert after.first and after.dialogue is not None and after.dialogue.pending == "where"
            assert repeat.result(10) == Arrival(False)
    finally:
        database.dispose()

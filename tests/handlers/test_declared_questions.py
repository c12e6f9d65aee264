"""The logging dialogue is declared questions over one `ActivityFacts`: a new fact is one `Question`."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.i18n import catalog
from handlers import activity_questions as questions
from handlers.activity_questions import Question, extra_answer
from storage.db import Database
from storage.models import Dialogue, OrgUnit, Person
from tests.support import Conversation


@pytest.fixture
def culture(database: Database) -> int:
    with database.session_scope() as session:
        kultur = OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", short_name="KFF")
        session.add(kultur)
        session.flush()
        session.add(Person(display_name="Anna Berg", console_user="Anna Berg", org_unit_id=kultur.id))
        return kultur.id


def test_a_throwaway_fact_declared_in_one_place_is_asked_and_kept(
    chat: Conversation, database: Database, culture: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one place: a question (and, for the test, its two catalog texts).
    language = Question(
        "meeting_language",
        needed=lambda slots, _: slots.kind == "meeting" and "meeting_language" not in slots.extra,
        text_key="test.ask.meeting_language",
        read=extra_answer("meeting_language"),
        label_key="test.field.meeting_language",
    )
    monkeypatch.setattr(questions, "QUESTIONS", [*questions.QUESTIONS, language])
    monkeypatch.setitem(catalog("sv"), "test.ask.meeting_language", "På vilket språk hölls mötet?")
    monkeypatch.setitem(catalog("sv"), "test.field.meeting_language", "Mötesspråk")

    said = chat.say("Möte i Kaunas 3 november, åkte buss")
    assert "På vilket språk hölls mötet?" in said
    said = chat.say("litauiska och engelska")
    assert "Stämmer det här?" in said and "Mötesspråk: litauiska och engelska" in said
    with database.session_scope() as session:
        row = session.scalars(select(Dialogue)).one()
        assert row.pending == "confirm" and row.slots["extra"] == {"meeting_language": "litauiska och engelska"}

    # A conference does not need it: the question's own condition, nothing else, decides.
    chat.say("avbryt")
    assert "På vilket språk" not in chat.say("Konferens i Kaunas 3 november, åkte tåg")

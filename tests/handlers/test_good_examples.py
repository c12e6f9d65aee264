"""Good examples in the terminal: proposing, the coordinator's decision, the list and the report.

Erik Lind logged Eurocities Culture Forum (with results) at Kultur- och fritidsförvaltningen (the seeded
year); Karin Sam is the international coordinator.
"""

from __future__ import annotations

from typing import Any

import pytest
from docx import Document
from sqlalchemy import select

from bot.actions import Action
from bot.app import App
from bot.config import Settings
from storage.db import Database
from storage.models import Delivery, GoodExample, Person
from tests.support import Conversation

COORDINATOR = "karin.sam@vaxjo.se"


@pytest.fixture
def settings(database: Database) -> Settings:
    return Settings(  # type: ignore[call-arg]
        database_url=database.url, coordinator=COORDINATOR, examples_channel="#goda-exempel", _env_file=None
    )


@pytest.fixture
def karin(app: App, database: Database, seeded: dict[str, Any]) -> Conversation:
    with database.session_scope() as session:
        session.add(Person(display_name="Karin Sam", email=COORDINATOR, console_user="Karin Sam"))
    return Conversation(app.engine, user="Karin Sam")


def value_of(chat: Conversation, label: str) -> Action:
    return next(b.value for r in chat.replies for b in r.buttons if b.label == label)


def to_coordinator(database: Database) -> Delivery:
    with database.session_scope() as session:
        row = session.scalars(select(Delivery).where(Delivery.key.like("good_example:%:proposed"))).one()
        session.expunge(row)
        return row


def test_propose_approve_post_and_list(app: App, database: Database, karin: Conversation) -> None:
    erik = Conversation(app.engine, user="Erik Lind")
    said = erik.say("dela som gott exempel: tre städer vill nu söka ett projekt med oss")
    assert "Eurocities arbetsgrupp kultur" in said  # his latest activity with results
    assert "samordnaren bestämmer" in said
    proposal = to_coordinator(database)
    assert "Erik Lind föreslår ett gott exempel" in proposal.payload["text"]
    assert [b["label"] for b in proposal.payload["buttons"]] == ["Godkänn och dela", "Avböj"]

    # Only the coordinator decides; a button is not a permission.
    approve = proposal.payload["buttons"][0]["value"]
    assert "samordnaren som godkänner" in erik.press(approve)
    said = karin.press(approve)
    assert "postas i #goda-exempel" in said
    assert "redan godkänt" in karin.press(approve)
    with database.session_scope() as session:
        posts = session.scalars(select(Delivery).where(Delivery.kind == "channel_post")).all()
        assert [p.payload["channel"] for p in posts] == ["#goda-exempel"]
        assert "tre städer vill nu söka ett projekt med oss" in posts[0].payload["text"]
        told = session.scalars(select(Delivery).where(Delivery.key.like("good_example:%:told"))).one()
        assert "delas nu som gott exempel i #goda-exempel" in told.payload["text"]

    said = erik.say("visa goda exempel")
    assert "Goda exempel (1):" in said and "tre städer" in said
    assert "Good examples (1):" in erik.say("show good examples 2026")
    assert "inga delade goda exempel" in erik.say("visa goda exempel 2024")
    assert "Good examples" not in karin.say("show good examples in Denmark")
    assert "Goda exempel (1):" in karin.say("visa goda exempel från nätverksmöten")
    assert "inga delade goda exempel" in karin.say("visa goda exempel från konferenser")

    anna = Conversation(app.engine, user="Anna Berg")  # KFF's contact person
    said = anna.say("rapport 2026")
    assert "Goda exempel:" in said and "tre städer" in said
    [docx] = [f.path for r in anna.replies for f in r.files if f.path.suffix == ".docx"]
    paragraphs = [p.text for p in Document(str(docx)).paragraphs]
    heading = paragraphs.index("Goda exempel")
    assert "tre städer vill nu söka ett projekt med oss" in paragraphs[heading + 1]
    assert "Goda exempel" not in Conversation(app.engine, user="Olle Ek").say("rapport 2026")  # another unit


def test_a_declined_example_is_never_posted(app: App, database: Database, karin: Conversation) -> None:
    erik = Conversation(app.engine, user="Erik Lind")
    erik.say("share this as a good example: the method works for small libraries too")
    decline = to_coordinator(database).payload["buttons"][1]["value"]
    assert "delas inte" in karin.press(decline)
    with database.session_scope() as session:
        assert session.scalars(select(GoodExample)).one().status == "declined"
        assert not session.scalars(select(Delivery).where(Delivery.kind == "channel_post")).all()
    assert "no shared good examples" in erik.say("show good examples")


def test_the_button_under_results_asks_why_and_proposes(app: App, database: Database, karin: Conversation) -> None:
    anna = Conversation(app.engine, user="Anna Berg")
    anna.say("enhetens aktiviteter")
    said = anna.say("resultat 1: två nya samarbetsavtal")
    assert "Dela som gott exempel" in anna.buttons
    said = anna.press(value_of(anna, "Dela som gott exempel"))
    assert "Vad gör" in said
    said = anna.say("Avtalen ger unga i Växjö utbyten varje år.")
    assert "föreslagen som gott exempel" in said
    with database.session_scope() as session:
        assert session.scalars(select(GoodExample)).one().why == "Avtalen ger unga i Växjö utbyten varje år."

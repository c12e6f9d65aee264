"""Listing, showing, changing and deleting one's own activities, and adding what came out of them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.app import App
from storage.db import Database
from storage.models import Activity, Person
from tests.support import Conversation


@pytest.fixture
def logged(chat: Conversation, database: Database) -> Conversation:
    """Anna has logged a conference in Brussels and a study visit in Ghent; Erik has one of his own."""
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg", console_user="Anna Berg")
        erik = Person(display_name="Erik Lind", console_user="Erik Lind")
        session.add_all([anna, erik])
        session.flush()
        session.add_all(
            [
                Activity(kind="conference", title="Konferens i Bryssel", start_date=date(2026, 3, 12),
                         end_date=date(2026, 3, 14), city="Bryssel", country="BE", travel_mode="flight",
                         status="finished", logged_by_id=anna.id),
                Activity(kind="study_visit", title="Studiebesök i Gent", start_date=date(2026, 11, 2),
                         city="Gent", country="BE", travel_mode="train", status="finished", logged_by_id=anna.id),
                Activity(kind="meeting", title="Eriks möte i Oslo", start_date=date(2026, 10, 1), city="Oslo",
                         country="NO", status="finished", logged_by_id=erik.id),
            ]
        )  # fmt: skip
    return chat


def activity(database: Database, title: str) -> Activity | None:
    with database.session_scope() as session:
        return session.scalars(select(Activity).where(Activity.title == title)).first()


def test_the_list_shows_only_my_own_activities_latest_first(logged: Conversation) -> None:
    said = logged.say("mina aktiviteter")
    assert said.index("1. Studiebesök i Gent") < said.index("2. Konferens i Bryssel")
    assert "12–14 mars 2026" in said
    assert "Oslo" not in said


def test_the_list_in_english(logged: Conversation) -> None:
    said = logged.say("my activities")
    assert "Your activities, latest first:" in said
    assert "12–14 March 2026" in said


def test_show_one_with_its_buttons(logged: Conversation) -> None:
    said = logged.say("visa 2")
    assert "Konferens i Bryssel" in said and "Bryssel, Belgien" in said and "Flyg" in said
    assert logged.buttons == ["Lägg till resultat", "Ändra", "Radera"]


def test_delete_asks_first_and_then_deletes(logged: Conversation, database: Database) -> None:
    said = logged.say("radera 2")
    assert "Vill du radera ”Konferens i Bryssel”" in said
    assert activity(database, "Konferens i Bryssel") is not None
    assert "Raderad" in logged.say("ja")
    assert activity(database, "Konferens i Bryssel") is None


def test_delete_can_be_regretted(logged: Conversation, database: Database) -> None:
    logged.say("radera 1")
    assert "ingenting är raderat" in logged.say("nej")
    assert activity(database, "Studiebesök i Gent") is not None


def test_edit_goes_through_the_logging_dialogue(logged: Conversation, database: Database) -> None:
    said = logged.say("ändra 2")
    assert "Du ändrar ”Konferens i Bryssel”" in said
    said = logged.say("det var i Antwerpen")
    assert "Antwerpen, Belgien" in said
    said = logged.say("spara")
    assert "Ändrat!" in said
    changed = activity(database, "Konferens i Antwerpen")  # the title the bot made follows the place
    assert changed is not None and changed.city == "Antwerpen"
    with database.session_scope() as session:
        assert session.scalar(select(Activity).where(Activity.city == "Antwerpen").with_only_columns(Activity.id))


def test_results_by_words(logged: Conversation, database: Database) -> None:
    said = logged.say("resultat för Bryssel-konferensen: tre nya kontakter för ett Horizon-projekt")
    assert "Resultatet är sparat på ”Konferens i Bryssel”" in said
    saved = activity(database, "Konferens i Bryssel")
    assert saved is not None and saved.results == "tre nya kontakter för ett Horizon-projekt"


def test_results_by_number_and_in_english(logged: Conversation, database: Database) -> None:
    said = logged.say("results 1: a joint application is planned")
    assert "results are saved" in said
    saved = activity(database, "Studiebesök i Gent")
    assert saved is not None and saved.results == "a joint application is planned"


def test_results_without_a_match_offer_a_choice_and_keep_the_text(logged: Conversation, database: Database) -> None:
    said = logged.say("resultat för Madridresan: nya idéer om cykelvägar")
    assert "hittar ingen av dina aktiviteter" in said
    said = logged.say(str(logged.buttons.index("Studiebesök i Gent") + 1))
    assert "sparat på ”Studiebesök i Gent”" in said
    saved = activity(database, "Studiebesök i Gent")
    assert saved is not None and saved.results == "nya idéer om cykelvägar"


def test_someone_elses_activity_cannot_be_reached(logged: Conversation, app: App, database: Database) -> None:
    erik = Conversation(app.engine, user="Erik Lind")
    said = erik.say("mina aktiviteter")
    assert "Eriks möte i Oslo" in said and "Bryssel" not in said
    with database.session_scope() as session:
        brussels = session.scalars(select(Activity).where(Activity.title == "Konferens i Bryssel")).one()
    said = erik.press(f"my_activities:delete_yes:{brussels.id}")
    assert "finns inte längre bland dina" in said
    assert activity(database, "Konferens i Bryssel") is not None


def test_nothing_logged_yet(chat: Conversation) -> None:
    assert "inte loggat något ännu" in chat.say("mina aktiviteter")


def test_a_number_that_is_not_in_the_list(logged: Conversation) -> None:
    assert "ingen aktivitet nummer 9" in logged.say("radera 9")


def test_the_hint_under_a_list_of_one_uses_a_number_in_the_list(chat: Conversation, database: Database) -> None:
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg", console_user="Anna Berg")
        session.add(anna)
        session.flush()
        session.add(Activity(kind="conference", title="Konferens i Bryssel", start_date=date(2026, 3, 12),
                             status="finished", logged_by_id=anna.id))  # fmt: skip
    said = chat.say("mina aktiviteter")
    assert "Skriv ”visa 1”, ”ändra 1”" in said and "2" not in said.split("Skriv")[1]


def test_the_latest_can_be_named_without_its_number(logged: Conversation, database: Database) -> None:
    said = logged.say("ta bort den senaste")
    assert "Vill du radera ”Studiebesök i Gent”" in said  # logged last, though not the latest date
    assert "Nej, behåll" in logged.buttons
    assert "Studiebesök i Gent" in logged.say("show the last one")


def test_an_empty_line_at_the_delete_question_asks_it_again(logged: Conversation, database: Database) -> None:
    logged.say("radera 2")
    said = logged.say("")
    assert "Meddelandet var tomt" in said and "Vill du radera ”Konferens i Bryssel”" in said
    logged.say("1")
    assert activity(database, "Konferens i Bryssel") is None

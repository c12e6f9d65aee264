"""Units and contact persons in chat, with the administrator's rights checked on every change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App, build_app
from bot.clock import FixedClock
from bot.config import Settings
from storage.db import Database
from storage.models import OrgUnit, Person
from tests.support import Conversation


@pytest.fixture
def register(database: Database) -> None:
    with database.session_scope() as session:
        session.add_all([
            OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", short_name="KFF", aliases=["Kultur"]),
            OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", short_name="TF", aliases=[]),
            Person(display_name="Anna Berg", console_user="Anna Berg", is_admin=True),
            Person(display_name="Erik Lind", console_user="Erik Lind", email="erik.lind@vaxjo.example"),
        ])  # fmt: skip


def unit(database: Database, name: str) -> tuple[str | None, str | None]:
    with database.session_scope() as session:
        row = session.scalars(select(OrgUnit).where(OrgUnit.name == name)).one()
        contact = row.contact_person
        return (contact.display_name if contact else None, contact.email if contact else None)


def test_anyone_can_list_units_and_contact_persons(app: App, register: None) -> None:
    erik = Conversation(app.engine, user="Erik Lind")
    said = erik.say("lista enheter")
    assert "Kultur- och fritidsförvaltningen (KFF) – ingen kontaktperson" in said


def test_an_admin_sets_a_contact_person_by_name(chat: Conversation, database: Database, register: None) -> None:
    said = chat.say("sätt Erik Lind som kontaktperson för Tekniska förvaltningen")
    assert "Erik Lind är nu kontaktperson för Tekniska förvaltningen" in said
    assert unit(database, "Tekniska förvaltningen") == ("Erik Lind", "erik.lind@vaxjo.example")
    assert "Tekniska förvaltningen (TF) – Erik Lind" in chat.say("lista enheter")


def test_an_unknown_person_is_added_by_email_and_linked_when_they_write(
    chat: Conversation, app: App, database: Database, register: None
) -> None:
    said = chat.say("set sara.nyberg@vaxjo.example as contact person for kultur")
    assert "is now the contact person for Kultur- och fritidsförvaltningen" in said
    sara = Conversation(app.engine, user="sara.nyberg@vaxjo.example")
    sara.say("hej")
    with database.session_scope() as session:
        people = list(session.scalars(select(Person).where(Person.email == "sara.nyberg@vaxjo.example")))
        assert len(people) == 1 and people[0].console_user == "sara.nyberg@vaxjo.example"


def test_an_unknown_name_asks_for_an_email(chat: Conversation, register: None) -> None:
    said = chat.say("sätt Nils Ek som kontaktperson för TF")
    assert "Jag känner inte till ”Nils Ek”" in said


def test_only_admins_change_contact_persons(app: App, database: Database, register: None) -> None:
    erik = Conversation(app.engine, user="Erik Lind")
    said = erik.say("sätt Erik Lind som kontaktperson för Tekniska förvaltningen")
    assert "bara administratörer" in said and "Anna Berg" in said
    assert unit(database, "Tekniska förvaltningen") == (None, None)
    assert "bara administratörer" in erik.say("lägg till enhet Växjö Energi AB")
    assert "bara administratörer" in erik.say("gör Erik Lind till administratör")


def test_admins_named_in_the_settings_can_set_things_up(
    settings: Settings, database: Database, clock: FixedClock, register: None
) -> None:
    settings = settings.model_copy(update={"admins": ("erik.lind@vaxjo.example",)})
    erik = Conversation(build_app(settings, clock=clock, database=database).engine, user="Erik Lind")
    assert "är tillagd (Bolag)" in erik.say("lägg till enhet Växjö Energi AB")


def test_anyone_says_which_unit_they_belong_to(app: App, database: Database, register: None) -> None:
    erik = Conversation(app.engine, user="Erik Lind")
    assert "du hör till Kultur- och fritidsförvaltningen" in erik.say("jag tillhör KFF")
    with database.session_scope() as session:
        person = session.scalars(select(Person).where(Person.display_name == "Erik Lind")).one()
        assert person.org_unit is not None and person.org_unit.short_name == "KFF"


def test_an_admin_makes_another_admin(chat: Conversation, database: Database, register: None) -> None:
    assert "Erik Lind är nu administratör" in chat.say("gör Erik Lind till administratör")
    with database.session_scope() as session:
        assert session.scalars(select(Person).where(Person.display_name == "Erik Lind")).one().is_admin


def test_a_question_about_a_contact_person_is_not_a_command(
    chat: Conversation, database: Database, register: None
) -> None:
    chat.say("Vem är kontaktperson för Tekniska förvaltningen?")
    assert unit(database, "Tekniska förvaltningen") == (None, None)


def test_a_unit_can_be_named_by_the_beginning_of_its_name(
    chat: Conversation, app: App, database: Database, register: None
) -> None:
    said = chat.say("sätt erik.lind@vaxjo.example som kontaktperson för tekniska")
    assert "kontaktperson för Tekniska förvaltningen" in said
    assert "Tekniska förvaltningen är Erik Lind" in chat.say("vem är kontaktperson för tekniska?")
    erik = Conversation(app.engine, user="Erik Lind")
    assert "du hör till Kultur- och fritidsförvaltningen" in erik.say("jag tillhör kultur och fritid")
    # A word every unit has names none of them.
    said = chat.say("sätt erik.lind@vaxjo.example som kontaktperson för förvaltningen")
    assert "Jag hittar ingen förvaltning eller något bolag som heter ”förvaltningen”" in said


def test_a_short_name_in_brackets_is_kept_when_a_unit_is_added(
    chat: Conversation, database: Database, register: None
) -> None:
    assert "Klart: Miljö- och hälsoskyddsförvaltningen (MHF) är tillagd (Förvaltning)" in chat.say(
        "lägg till enhet Miljö- och hälsoskyddsförvaltningen (MHF)"
    )
    assert "Miljö- och hälsoskyddsförvaltningen (MHF) – ingen kontaktperson" in chat.say("lista enheter")
    assert "”Tekniska förvaltningen” finns redan" in chat.say("lägg till enhet Teknik (TF)")
    assert "Vidingehem AB är tillagd (Bolag)" in chat.say("lägg till enhet Vidingehem AB (bolag)")


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("set me as contact person for TF", "Done: you are now the contact person for Tekniska förvaltningen"),
        ("I'm the contact person for TF", "Done: you are now the contact person for Tekniska förvaltningen"),
        ("sätt mig som kontaktperson för TF", "Klart: du är nu kontaktperson för Tekniska förvaltningen"),
    ],
)
def test_an_admin_names_herself_contact_person(
    chat: Conversation, database: Database, register: None, command: str, answer: str
) -> None:
    assert answer in chat.say(command)
    assert unit(database, "Tekniska förvaltningen") == ("Anna Berg", None)


def test_anyone_can_ask_which_unit_they_belong_to(app: App, register: None) -> None:
    erik = Conversation(app.engine, user="Erik Lind")
    said = erik.say("Vilken enhet tillhör jag?")
    assert "Jag vet inte vilken förvaltning eller vilket bolag du hör till än" in said
    assert "”jag tillhör Tekniska förvaltningen”" in said
    erik.say("jag tillhör Kultur- och fritidsförvaltningen")
    said = erik.say("vilken förvaltning hör jag till")
    assert "Du hör till Kultur- och fritidsförvaltningen, som inte har någon kontaktperson registrerad än" in said
    Conversation(app.engine, user="Anna Berg").say("sätt Erik Lind som kontaktperson för Kultur")
    assert "You belong to Kultur- och fritidsförvaltningen and are its contact person." in erik.say(
        "which unit am I in?"
    )

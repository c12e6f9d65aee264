"""Every administrator's and contact person's command checks the role, and a refusal says who can.

Three people: Anna is an administrator, Karin is the contact person for Kultur- och fritidsförvaltningen,
and Erik works there. Each command is tried by each of them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App, build_app
from bot.clock import FixedClock
from bot.config import Settings
from bot.roles import admin_names, is_admin
from storage.db import Database
from storage.models import Activity, AuditEntry, OrgUnit, Person
from tests.support import Conversation


@pytest.fixture
def office(database: Database) -> None:
    with database.session_scope() as session:
        kff = OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", short_name="KFF", aliases=[])
        tf = OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", short_name="TF", aliases=[])
        anna = Person(display_name="Anna Berg", console_user="Anna Berg", is_admin=True)
        karin = Person(display_name="Karin Holm", console_user="Karin Holm", email="karin.holm@vaxjo.example",
                       org_unit=kff)  # fmt: skip
        erik = Person(display_name="Erik Lind", console_user="Erik Lind", org_unit=kff)
        session.add_all([kff, tf, anna, karin, erik])
        session.flush()
        kff.contact_person_id = karin.id
        session.add(Activity(kind="conference", title="Konferens i Bryssel", logged_by=erik, org_unit=kff))


def as_(app: App, name: str) -> Conversation:
    return Conversation(app.engine, user=name)


ADMIN_COMMANDS = [
    ("sätt Erik Lind som kontaktperson för Tekniska förvaltningen", "är nu kontaktperson för Tekniska"),
    ("lägg till enhet Växjö Energi AB", "Växjö Energi AB är tillagd"),
    ("gör Erik Lind till administratör", "Erik Lind är nu administratör"),
    ("lägg till bolag Vidingehem AB", "Vidingehem AB är tillagd"),
]


@pytest.mark.parametrize(("command", "done"), ADMIN_COMMANDS)
@pytest.mark.parametrize("who", ["Karin Holm", "Erik Lind"])
def test_only_administrators_change_units_contacts_and_roles_and_others_are_told_whom_to_ask(
    app: App, database: Database, office: None, command: str, done: str, who: str
) -> None:
    said = as_(app, who).say(command)
    assert done not in said
    assert ("bara administratörer" in said or "Only administrators" in said) and "Anna Berg" in said
    with database.session_scope() as session:
        assert session.scalars(select(AuditEntry)).first() is None
        assert session.scalars(select(OrgUnit).where(OrgUnit.name == "Växjö Energi AB")).first() is None


@pytest.mark.parametrize(("command", "done"), ADMIN_COMMANDS)
def test_an_administrator_may_and_the_change_is_audited(
    app: App, database: Database, office: None, command: str, done: str
) -> None:
    assert done in as_(app, "Anna Berg").say(command)
    with database.session_scope() as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert entry.actor == "Anna Berg" and entry.actor_id is not None


@pytest.mark.parametrize("who", ["Karin Holm", "Erik Lind"])
def test_the_report_for_all_units_is_for_administrators(app: App, office: None, who: str) -> None:
    said = as_(app, who).say("rapport för alla")
    assert "kan bara en administratör ta fram – fråga Anna Berg" in said


def test_an_administrator_gets_the_report_for_all_units(app: App, office: None) -> None:
    said = as_(app, "Anna Berg").say("rapport för alla 2026")
    assert "Här är utkastet till årsrapporten för 2026" in said


def test_the_unit_report_is_for_its_contact_person(app: App, office: None) -> None:
    assert "Här är utkastet till årsrapporten" in as_(app, "Karin Holm").say("rapport 2026")
    said = as_(app, "Erik Lind").say("rapport 2026")
    assert "tas fram av kontaktpersonen, Karin Holm (karin.holm@vaxjo.example)" in said
    said = as_(app, "Karin Holm").say("rapport för Tekniska förvaltningen 2026")
    assert "Du kan ta fram rapporten för Kultur- och fritidsförvaltningen" in said
    assert "ingen rapport" in as_(app, "Anna Berg").say("rapport för Tekniska förvaltningen 2026")  # admin: empty


def test_an_administrator_from_the_settings_has_the_same_rights(
    settings: Settings, database: Database, clock: FixedClock, office: None
) -> None:
    settings = settings.model_copy(update={"admins": ("erik.lind@vaxjo.example", "U0ERIK")})
    app = build_app(settings, clock=clock, database=database)
    erik = Conversation(app.engine, user="erik.lind@vaxjo.example")
    assert "Här är utkastet till årsrapporten för 2026" in erik.say("rapport för alla 2026")
    with database.session_scope() as session:
        assert admin_names(session, settings) == ["Anna Berg", "erik.lind@vaxjo.example"]


def test_nobody_deletes_someone_elses_activity_with_a_button(app: App, database: Database, office: None) -> None:
    """Not even an administrator: changing an activity is for whoever logged it and the unit's contact person."""
    with database.session_scope() as session:
        brussels = session.scalars(select(Activity)).one().id
    anna = as_(app, "Anna Berg")
    anna.press(f"my_activities:delete:{brussels}")
    said = anna.press(f"my_activities:delete_yes:{brussels}")
    assert "Konferens i Bryssel" not in said
    with database.session_scope() as session:
        assert session.get(Activity, brussels) is not None


def test_the_units_contact_person_may_delete_a_colleagues_activity(app: App, database: Database, office: None) -> None:
    with database.session_scope() as session:
        brussels = session.scalars(select(Activity)).one().id
    karin = as_(app, "Karin Holm")
    assert "som Erik Lind loggat" in karin.press(f"my_activities:delete:{brussels}")
    assert "Raderad" in karin.press(f"my_activities:delete_yes:{brussels}")
    with database.session_scope() as session:
        assert session.get(Activity, brussels) is None


def test_an_activity_deleted_by_its_owner_is_audited(app: App, database: Database, office: None) -> None:
    erik = as_(app, "Erik Lind")
    erik.say("radera 1")
    assert "raderad" in erik.say("ja").lower()
    with database.session_scope() as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.actor, entry.details["title"]) == (
            "activity_deleted",
            "Erik Lind",
            "Konferens i Bryssel",
        )


def test_administrator_rights_are_taken_back_but_never_from_the_last_one(
    app: App, database: Database, office: None
) -> None:
    anna = as_(app, "Anna Berg")
    assert "är den enda administratören" in anna.say("ta bort Anna Berg som administratör")
    anna.say("gör Karin Holm till administratör")
    assert "Karin Holm är redan administratör" in anna.say("gör Karin Holm till administratör")
    assert "bara administratörer" in as_(app, "Erik Lind").say("ta bort Karin Holm som administratör")
    assert "Karin Holm är inte längre administratör" in anna.say("ta bort Karin Holm som administratör")
    assert "Erik Lind is not an administrator" in anna.say("remove Erik Lind as admin")  # answered in English
    with database.session_scope() as session:
        karin = session.scalars(select(Person).where(Person.display_name == "Karin Holm")).one()
        assert not karin.is_admin
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions == ["admin_granted", "admin_revoked"]


def test_an_administrator_named_in_the_settings_is_removed_there(
    settings: Settings, database: Database, clock: FixedClock, office: None
) -> None:
    settings = settings.model_copy(update={"admins": ("karin.holm@vaxjo.example",)})
    anna = Conversation(build_app(settings, clock=clock, database=database).engine, user="Anna Berg")
    assert "genom inställningen UTBLICK_ADMINS" in anna.say("ta bort Karin Holm som administratör")
    with database.session_scope() as session:
        karin = session.scalars(select(Person).where(Person.display_name == "Karin Holm")).one()
        assert is_admin(karin, settings)

"""'Mina uppgifter' hands a person everything stored about them, and nothing about anyone else;
'radera mina uppgifter' erases them after a confirmation and keeps their unit's activities anonymised."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from storage import audit, questions
from storage.db import Database
from storage.models import Activity, AskedQuestion, AuditEntry, Delivery, Dialogue, OrgUnit, Person
from tests.support import Conversation

MOMENT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def people(database: Database) -> None:
    """Anna (contact person for KFF) and Erik, each with an activity, a question and a reminder."""
    with database.session_scope() as session:
        kff = OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", short_name="KFF", aliases=[])
        anna = Person(display_name="Anna Berg", console_user="Anna Berg", email="anna.berg@vaxjo.example",
                      org_unit=kff)  # fmt: skip
        erik = Person(display_name="Erik Lind", console_user="Erik Lind", email="erik.lind@vaxjo.example",
                      org_unit=kff)  # fmt: skip
        session.add_all([kff, anna, erik])
        session.flush()
        kff.contact_person_id = anna.id
        session.add_all([
            Activity(kind="conference", title="Konferens i Bryssel", logged_by=anna, org_unit=kff,
                     original_message="Jag var på konferens i Bryssel och träffade Maria från Gent",
                     travel_mode="flight", climate_compensated="yes", results="Två nya partner"),
            Activity(kind="study_visit", title="Studiebesök i Freiburg", logged_by=erik, org_unit=kff,
                     original_message="Erik här, studiebesök i Freiburg"),
            Delivery(key="annual:KFF:2026:30", kind="annual_deadline", person_id=anna.id, org_unit_id=kff.id,
                     due_at=MOMENT, payload={"unit": "KFF"}),
            Dialogue(person_id=erik.id, channel="console", handler="log_activity", slots={"title": "Eriks utkast"}),
        ])  # fmt: skip
        for person, text in ((anna, "Måste flyget klimatkompenseras?"), (erik, "Vem följer upp strategin?")):
            questions.record(session, person=person, channel="console", question=text, language="sv",
                             answered=True, kind="strategy", score=1.0, sections=[], now=MOMENT)  # fmt: skip


def exported(chat: Conversation) -> dict[str, object]:
    files = [f for r in chat.replies for f in r.files]
    assert len(files) == 1 and files[0].mime_type == "application/json"
    path = Path(files[0].path)
    assert path.name == "utblick-mina-uppgifter-2026-11-26.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_my_data_is_a_file_with_everything_about_me_and_nothing_about_anyone_else(
    chat: Conversation, people: None
) -> None:
    said = chat.say("mina uppgifter")
    assert "Här är allt jag har sparat om dig" in said
    assert "Kontaktperson för:" in said and "Kultur- och fritidsförvaltningen" in said
    data = exported(chat)
    text = json.dumps(data, ensure_ascii=False)
    assert data["person"]["email"] == "anna.berg@vaxjo.example"  # type: ignore[index]
    assert data["person"]["contact_person_for"] == ["Kultur- och fritidsförvaltningen"]  # type: ignore[index]
    assert [a["title"] for a in data["activities"]] == ["Konferens i Bryssel"]  # type: ignore[attr-defined]
    assert "träffade Maria från Gent" in text  # her own words are part of it
    assert [q["question"] for q in data["questions"]] == ["Måste flyget klimatkompenseras?"]  # type: ignore[attr-defined]
    assert [d["key"] for d in data["deliveries"]] == ["annual:KFF:2026:30"]  # type: ignore[attr-defined]
    for erik in ("Erik", "erik.lind", "Freiburg", "Vem följer upp", "Eriks utkast"):
        assert erik not in text


def test_english_phrasing_works_too(chat: Conversation, people: None) -> None:
    assert "Here is everything I have stored about you" in chat.say("what do you know about me?")


def test_erasing_asks_first_and_keeps_the_activities_without_the_person(
    chat: Conversation, database: Database, people: None
) -> None:
    said = chat.say("radera mina uppgifter")
    assert "Vill du att jag raderar dina uppgifter?" in said
    assert "Den aktivitet du har loggat finns kvar, men utan ditt namn" in said
    assert "årsrapporten" in said
    assert "Du är kontaktperson för Kultur- och fritidsförvaltningen" in said
    assert chat.buttons == ["Ja, radera mina uppgifter", "Nej, behåll dem"]
    with database.session_scope() as session:  # nothing has happened yet
        assert session.scalars(select(Person).where(Person.display_name == "Anna Berg")).first() is not None

    said = chat.say("ja")
    assert "är raderade" in said and "finns kvar utan ditt namn" in said
    assert "Kultur- och fritidsförvaltningen har nu ingen kontaktperson" in said
    with database.session_scope() as session:
        assert session.scalars(select(Person).where(Person.email == "anna.berg@vaxjo.example")).first() is None
        brussels = session.scalars(select(Activity).where(Activity.title == "Konferens i Bryssel")).one()
        assert brussels.logged_by_id is None and brussels.original_message is None
        assert brussels.org_unit is not None and brussels.results == "Två nya partner"  # still in the report
        assert session.scalars(select(OrgUnit)).one().contact_person_id is None
        remaining = [q.question for q in session.scalars(select(AskedQuestion))]
        assert remaining == ["Vem följer upp strategin?"]
        assert [d.key for d in session.scalars(select(Delivery))] == []
        freiburg = session.scalars(select(Activity).where(Activity.title == "Studiebesök i Freiburg")).one()
        assert freiburg.logged_by is not None and freiburg.logged_by.display_name == "Erik Lind"
        erased = session.scalars(select(AuditEntry).where(AuditEntry.action == "personal_data_erased")).one()
        assert erased.actor is None and erased.details == {"activities": 1}


def test_saying_no_keeps_everything(chat: Conversation, database: Database, people: None) -> None:
    chat.say("delete my data")
    assert "I have not deleted anything" in chat.say("no")
    with database.session_scope() as session:
        assert session.scalars(select(Person).where(Person.display_name == "Anna Berg")).one().email


def test_a_yes_after_another_question_is_read_against_the_reminder_of_the_open_question(
    chat: Conversation, database: Database, people: None
) -> None:
    chat.say("radera mina uppgifter")
    said = chat.say("lista enheter")
    assert "Kultur- och fritidsförvaltningen (KFF)" in said
    assert "Frågan om att radera dina uppgifter är fortfarande öppen" in said
    assert "är raderade" in chat.say("ja")


def test_an_old_erase_button_asks_again_instead_of_erasing(
    chat: Conversation, database: Database, people: None
) -> None:
    said = chat.press("personal_data:erase_yes")
    assert "Vill du att jag raderar dina uppgifter?" in said
    with database.session_scope() as session:
        assert session.scalars(select(Person).where(Person.display_name == "Anna Berg")).first() is not None
    assert "är raderade" in chat.press("personal_data:erase_yes")


def test_after_erasure_the_person_starts_afresh(chat: Conversation, app: App, people: None) -> None:
    chat.say("radera mina uppgifter")
    chat.say("ja")
    said = chat.say("mina uppgifter")
    assert "Aktiviteter du loggat: 0" in said


def test_erasing_someone_who_logged_nothing_does_not_mention_zero_activities(app: App) -> None:
    newcomer = Conversation(app.engine, user="Nils Ny")
    newcomer.say("delete my data")
    said = newcomer.say("yes")
    assert "Done – your profile" in said and "0 activities" not in said and "activities are kept" not in said


def test_the_terminal_shows_the_file_in_english_too(app: App) -> None:
    newcomer = Conversation(app.engine, user="Nils Ny")
    said = newcomer.say("my data")
    assert "📎 utblick-my-data-2026-11-26.json" in said and "[fil]" not in said


@pytest.fixture
def history(database: Database, people: None) -> None:
    """Karin, an administrator, once made Erik and then Anna contact person; Anna's question was passed on."""
    with database.session_scope() as session:
        anna = session.scalars(select(Person).where(Person.display_name == "Anna Berg")).one()
        erik = session.scalars(select(Person).where(Person.display_name == "Erik Lind")).one()
        karin = Person(display_name="Karin Holm", email="karin.holm@vaxjo.example", is_admin=True)
        session.add(karin)
        session.flush()
        kff = session.scalars(select(OrgUnit)).one()
        for person, previous in ((anna, erik), (erik, anna), (anna, erik)):
            session.add(AuditEntry(actor_id=karin.id, actor=audit.person_label(karin), action="contact_set",
                                   subject_id=person.id, unit_id=kff.id, at=MOMENT,
                                   details={"unit": kff.name, "who": audit.person_label(person),
                                            "previous": audit.person_label(previous)}))  # fmt: skip
        question = session.scalars(select(AskedQuestion).where(AskedQuestion.person_id == anna.id)).one()
        question.forwarded_at, question.forwarded_to = MOMENT, "karin.holm@vaxjo.example"


def test_my_export_names_nobody_else_not_even_in_the_audit_log(chat: Conversation, history: None) -> None:
    chat.say("mina uppgifter")
    text = json.dumps(exported(chat), ensure_ascii=False)
    assert "contact_set" in text  # what was done about Anna is hers to see
    for someone_else in ("Erik", "erik.lind", "Karin", "karin.holm"):
        assert someone_else not in text


def test_erasure_leaves_no_name_or_email_in_the_audit_log_or_an_export_on_disk(
    chat: Conversation, database: Database, history: None
) -> None:
    chat.say("mina uppgifter")
    [export] = [f.path for r in chat.replies for f in r.files]
    assert Path(export).exists()
    chat.say("radera mina uppgifter")
    chat.say("ja")
    assert not Path(export).exists()
    with database.session_scope() as session:
        log = json.dumps([(e.actor, e.details) for e in session.scalars(select(AuditEntry))], ensure_ascii=False)
    assert "Anna" not in log and "anna.berg" not in log
    assert "Erik Lind <erik.lind@vaxjo.example>" in log  # the others' part of the record stays

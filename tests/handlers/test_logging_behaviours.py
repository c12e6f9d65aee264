"""What the logging dialogue does with what people say, as transcripts in Swedish and in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.clock import FixedClock
from bot.config import Settings
from storage.db import Database
from storage.models import Activity, Delivery, Dialogue, OrgUnit, Person
from tests.support import Conversation


def saved(database: Database) -> list[Activity]:
    with database.session_scope() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


@pytest.fixture
def two_units(database: Database) -> None:
    """Two units exist; the person talking belongs to none yet."""
    with database.session_scope() as session:
        session.add_all([
            OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", short_name="KFF"),
            OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", short_name="TF"),
        ])  # fmt: skip


@pytest.fixture
def culture(database: Database, two_units: None) -> None:
    with database.session_scope() as session:
        kultur = session.scalars(select(OrgUnit).where(OrgUnit.short_name == "KFF")).one()
        session.add(Person(display_name="Anna Berg", console_user="Anna Berg", org_unit_id=kultur.id))


# ---------------------------------------------------------------------------- numbered answers


def test_a_number_typed_after_a_restart_still_picks_that_button_sv(
    chat: Conversation, settings: Settings, database: Database, clock: FixedClock, culture: None
) -> None:
    assert "Stämmer det här?" in chat.say("Nätverksträff i Aalborg 15–16 september, åkte tåg")
    chat.restart(build_app(settings, clock=clock, database=database).engine)
    assert "Sparat!" in chat.say("1")  # 1 was "Spara" in the summary that is still waiting
    assert saved(database)[0].city == "Aalborg"


def test_a_number_typed_after_a_restart_still_picks_that_button_en(
    chat: Conversation, settings: Settings, database: Database, clock: FixedClock, culture: None
) -> None:
    assert "Was this trip compensated?" in chat.say("Conference in Riga on 3 March, I flew there")
    chat.restart(build_app(settings, clock=clock, database=database).engine)
    said = chat.say("1")  # 1 was "Yes"
    assert "Is this right?" in said and "Climate-compensated: Yes" in said
    assert "Saved!" in chat.say("1")
    assert saved(database)[0].climate_compensated == "yes"


# ---------------------------------------------------------------------------- the title


def test_a_title_is_given_with_its_label_at_any_question_sv(
    chat: Conversation, database: Database, culture: None
) -> None:
    chat.say("Studiebesök i Gent 12 november, åkte tåg")
    said = chat.say("rubrik: Cirkulär ekonomi i Gent")
    assert "Stämmer det här?" in said and "Rubrik: Cirkulär ekonomi i Gent" in said
    chat.say("spara")
    assert saved(database)[0].title == "Cirkulär ekonomi i Gent"


def test_a_title_is_given_with_its_label_at_any_question_en(
    chat: Conversation, database: Database, culture: None
) -> None:
    assert "Where did it take place?" in chat.say("Study visit last week")
    said = chat.say("title: Circular economy in Ghent")
    assert "Where did it take place?" in said  # the title is taken; the place is still asked
    chat.say("Ghent, by train")
    said = chat.say("save")
    assert "Saved!" in said and "Circular economy in Ghent" in said


# ---------------------------------------------------------------------------- the unit


def test_a_whole_sentence_at_the_unit_question_names_the_unit_sv(
    chat: Conversation, database: Database, two_units: None
) -> None:
    assert "Vilken förvaltning" in chat.say("Konferens i Oslo 3 november, åkte tåg")
    said = chat.say("jag jobbar på kultur och fritid")
    assert "du hör till Kultur- och fritidsförvaltningen" in said and "Stämmer det här?" in said


def test_a_whole_sentence_at_the_unit_question_names_the_unit_en(
    chat: Conversation, database: Database, two_units: None
) -> None:
    assert "Which department" in chat.say("Conference in Oslo on 3 November, went by train")
    said = chat.say("I work at TF")
    assert "you belong to Tekniska förvaltningen" in said and "Is this right?" in said


# ---------------------------------------------------------------------------- the place


def test_a_city_typed_in_lower_case_at_the_place_question_is_taken_sv(
    chat: Conversation, database: Database, culture: None
) -> None:
    assert "Var ägde det rum?" in chat.say("Jag var på ett studiebesök förra veckan, åkte buss")
    said = chat.say("riga")
    assert "Stämmer det här?" in said and "Riga, Lettland" in said


def test_a_city_typed_in_lower_case_at_the_place_question_is_taken_en(
    chat: Conversation, database: Database, culture: None
) -> None:
    assert "Where did it take place?" in chat.say("I was on a study visit last week, went by bus")
    said = chat.say("vilnius")
    assert "Is this right?" in said and "Vilnius, Lithuania" in said


# ---------------------------------------------------------------------------- travel


def test_a_trip_abroad_that_says_no_travel_is_asked_how_sv(
    chat: Conversation, database: Database, culture: None
) -> None:
    said = chat.say("Konferens i Riga 3 mars")
    assert "Hur reste du?" in said and "1) Flyg" in said
    said = chat.say("1")
    assert "klimatkompenserad?" in said  # every flight gets the strategy's climate question
    chat.say("ja")
    chat.say("spara")
    assert (saved(database)[0].travel_mode, saved(database)[0].climate_compensated) == ("flight", "yes")


def test_a_trip_abroad_that_says_no_travel_is_asked_how_en(
    chat: Conversation, database: Database, culture: None
) -> None:
    assert "How did you travel?" in chat.say("Study visit to Tallinn on 3 March")
    said = chat.say("by boat")
    assert "Is this right?" in said and "Boat" in said


def test_a_visit_at_home_or_a_digital_meeting_is_not_asked_how_they_travelled(
    chat: Conversation, database: Database, culture: None
) -> None:
    assert "Hur reste du?" not in chat.say("Besök från Kaunas 3 mars")
    chat.say("avbryt")
    assert "How did you travel?" not in chat.say("Online network meeting with Eurocities on 3 March")


def test_compensated_said_up_front_answers_the_climate_question_sv(
    chat: Conversation, database: Database, culture: None
) -> None:
    chat.say("Konferens i Riga 3 mars, resan är klimatkompenserad")
    said = chat.say("flyg")
    assert "Stämmer det här?" in said and "Klimatkompenserad: Ja" in said and "Är resan" not in said


def test_compensated_said_up_front_answers_the_climate_question_en(
    chat: Conversation, database: Database, culture: None
) -> None:
    chat.say("Conference in Riga on 3 March, the trip was climate-compensated")
    said = chat.say("flight")
    assert "Is this right?" in said and "Climate-compensated: Yes" in said and "Was this trip" not in said


# ---------------------------------------------------------------------------- a unit that is not listed


@pytest.fixture
def admin(database: Database, two_units: None) -> None:
    with database.session_scope() as session:
        session.add(Person(display_name="Karin Holm", email="karin@vaxjo.example", is_admin=True, language="sv"))


def _admin_messages(database: Database) -> list[str]:
    with database.session_scope() as session:
        return [d.payload["text"] for d in session.scalars(select(Delivery).order_by(Delivery.id))]


@pytest.mark.parametrize(
    ("message", "unit", "saved_words", "told"),
    [
        ("Konferens i Oslo 3 november, åkte tåg", "Vattenförvaltningen", "Sparat!", "administratör lägga till"),
        ("Conference in Oslo on 3 November, went by train", "Water Board", "Saved!", "asked an administrator"),
    ],
)
def test_a_unit_that_is_not_listed_is_no_dead_end_and_an_administrator_is_told(
    chat: Conversation, database: Database, admin: None, message: str, unit: str, saved_words: str, told: str
) -> None:
    chat.say(message)
    said = chat.say(unit)
    assert unit in said
    assert chat.buttons[-1] in (
        f"”{unit}” finns inte – spara utan enhet",
        f"“{unit}” isn't listed – save without a unit",
    )
    said = chat.say(str(len(chat.buttons)))  # "… is not listed – save without a unit"
    assert told in said
    assert saved_words in chat.say("1")
    [activity] = saved(database)
    assert activity.org_unit_id is None
    assert _admin_messages(database) == [f"Ny enhet efterfrågad: ”{unit}”. Anna Berg hittade den inte bland "
                                         "förvaltningarna och bolagen när hen loggade en aktivitet; lägg till den "
                                         "om den saknas."]  # fmt: skip


def test_asking_for_a_new_unit_twice_tells_the_administrator_once(
    chat: Conversation, database: Database, admin: None
) -> None:
    chat.say("Konferens i Oslo 3 november, åkte tåg")
    chat.say("Vattenförvaltningen")
    chat.say(str(len(chat.buttons)))
    chat.press("log_activity:unit_missing")  # pressed again, say on a card still on screen
    assert len(_admin_messages(database)) == 1


# ---------------------------------------------------------------------------- outcomes of applications


def test_an_outcome_updates_the_application_already_logged_sv(
    chat: Conversation, database: Database, culture: None
) -> None:
    chat.say("Vi skickade in en ansökan till Kreativa Europa i oktober")
    assert "Sparat!" in chat.say("spara")
    said = chat.say("Vi fick avslag på ansökan till Kreativa Europa")
    assert "som redan finns" in said and "Avslagen" in said
    assert "Ändrat!" in chat.say("spara")
    [application] = saved(database)
    assert (application.kind, application.status) == ("application", "rejected")


def test_an_outcome_with_several_applications_waiting_asks_which_en(
    chat: Conversation, database: Database, culture: None
) -> None:
    chat.say("We submitted an application to Erasmus+ in October")
    chat.say("save")
    chat.say("We submitted an application to Interreg Baltic Sea Region in September")
    chat.say("save")
    said = chat.say("Our application was approved")
    assert "Which application was granted?" in said and chat.buttons[-1] == "No, a new application"
    said = chat.say("2")
    assert "you already logged" in said and "Granted" in said
    chat.say("save")
    assert [(a.programme, a.status) for a in saved(database)] == [
        ("Erasmus+", "applied"),
        ("Interreg Baltic Sea Region", "granted"),
    ]


def test_an_outcome_can_still_be_a_new_application(chat: Conversation, database: Database, culture: None) -> None:
    chat.say("We submitted an application to Erasmus+ in October")
    chat.say("save")
    chat.say("We submitted an application to Interreg Baltic Sea Region in September")
    chat.say("save")
    assert "Which application was rejected?" in chat.say("Our application was turned down")
    said = chat.say(str(len(chat.buttons)))  # "No, a new application"
    assert "When was the application submitted" in said
    chat.say("in August")
    chat.say("save")
    assert [a.status for a in saved(database)] == ["applied", "applied", "rejected"]


# ---------------------------------------------------------------------------- what is shown, and old drafts


def test_the_card_shows_participants_project_co_funding_and_a_month_as_said(
    chat: Conversation, database: Database, culture: None
) -> None:
    with database.session_scope() as session:
        anna = session.scalars(select(Person).where(Person.console_user == "Anna Berg")).one()
        session.add(Activity(
            kind="international_project", title="Vänortssamarbete", logged_by_id=anna.id, org_unit_id=anna.org_unit_id,
            start_date=date(2026, 11, 1), end_date=date(2026, 11, 30), date_precision="month", participants=6,
            project_name="Youth Bridge", cofunding_considered="yes", status="ongoing", climate_compensated="unknown",
        ))  # fmt: skip
    chat.say("mina aktiviteter")
    said = chat.say("visa 1")
    for shown in ("november 2026", "Youth Bridge", "Deltagare", "6", "Extern finansiering undersökt"):
        assert shown in said
    assert "1–30 november" not in said


def test_a_draft_saved_before_the_deploy_goes_on(chat: Conversation, database: Database, culture: None) -> None:
    """A dialogue row as the version before ActivityFacts wrote it: dates as strings, codes as strings, keys
    that no longer exist."""
    with database.session_scope() as session:
        anna = session.scalars(select(Person).where(Person.console_user == "Anna Berg")).one()
        old = {"kind": "conference", "title": "Konferens i Bryssel", "start_date": "2027-03-12", "end_date": "2027-03-14",
               "city": "Bryssel", "country": "BE", "travel_mode": "flight", "climate_compensated": None,
               "status": "planned", "messages": ["Konferens i Bryssel 12-14 mars, flyg"], "retired_key": 1,
               "draft_key": "abc"}  # fmt: skip
        now = datetime(2026, 12, 1, 9, tzinfo=UTC)
        session.add(Dialogue(person_id=anna.id, channel="console", handler="log_activity", pending="climate",
                             slots=old, created_at=now, updated_at=now))  # fmt: skip
    said = chat.say("ja")
    assert "Stämmer det här?" in said and "12–14 mars 2027" in said
    chat.say("spara")
    assert (saved(database)[0].start_date, saved(database)[0].climate_compensated) == (date(2027, 3, 12), "yes")

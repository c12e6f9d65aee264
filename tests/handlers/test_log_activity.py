"""Logging an activity, read as the conversation a member of staff has in the terminal chat."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.clock import FixedClock
from bot.config import Settings
from storage.db import Database
from storage.models import Activity, OrgUnit, Person
from tests.support import Conversation


def saved(database: Database) -> list[Activity]:
    with database.session_scope() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


@pytest.fixture
def culture(database: Database) -> int:
    """Two units exist; Anna belongs to Kultur- och fritidsförvaltningen."""
    with database.session_scope() as session:
        kultur = OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", short_name="KFF")
        session.add_all([kultur, OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", short_name="TF")])
        session.flush()
        session.add(Person(display_name="Anna Berg", console_user="Anna Berg", org_unit_id=kultur.id))
        return kultur.id


def test_one_complete_message_needs_only_a_confirmation(chat: Conversation, database: Database, culture: int) -> None:
    said = chat.say("Study visit to Freiburg week 38 by train")
    assert "Is this right?" in said
    assert "Study visit in Freiburg" in said
    assert "14–20 September 2026" in said
    assert "Freiburg, Germany" in said
    assert "Train" in said
    assert chat.buttons == ["Save", "Change", "Cancel"]

    assert "Saved!" in chat.say("1")
    [activity] = saved(database)
    assert (activity.kind, activity.city, activity.country, activity.travel_mode) == (
        "study_visit",
        "Freiburg",
        "DE",
        "train",
    )
    assert (activity.start_date, activity.end_date) == (date(2026, 9, 14), date(2026, 9, 20))
    assert activity.org_unit_id == culture
    assert activity.original_message == "Study visit to Freiburg week 38 by train"


def test_two_missing_fields_are_asked_one_at_a_time(chat: Conversation, database: Database, culture: int) -> None:
    said = chat.say("Jag var på ett studiebesök förra veckan, åkte tåg")
    assert "Jag har noterat:" in said and "Studiebesök" in said
    assert "Var ägde det rum?" in said
    said = chat.say("Tammerfors")
    assert "Stämmer det här?" in said
    assert "Tammerfors, Finland" in said
    assert "16–22 november 2026" in said
    chat.say("spara")
    [activity] = saved(database)
    assert (activity.city, activity.country) == ("Tammerfors", "FI")


def test_kind_and_date_are_asked_when_missing(chat: Conversation, database: Database, culture: int) -> None:
    said = chat.say("Var i Köpenhamn, tog tåget")
    assert "Vad för slags aktivitet var det?" in said
    assert "Nätverksmöte" in chat.buttons
    said = chat.say(str(chat.buttons.index("Nätverksmöte") + 1))
    assert "När var det?" in said
    said = chat.say("i tisdags")
    assert "24 november 2026" in said and "Köpenhamn, Danmark" in said
    chat.say("ja")
    assert saved(database)[0].kind == "network_meeting"


def test_a_flight_is_always_asked_about_climate_compensation(
    chat: Conversation, database: Database, culture: int
) -> None:
    said = chat.say("Jag var på konferens i Bryssel 12–14 mars, flög dit")
    assert "klimatkompenseras" in said
    assert chat.buttons == ["Ja", "Nej", "Vet inte"]
    said = chat.say("nej")
    assert "Klimatkompenserad: Nej" in said
    said = chat.say("spara")
    assert "Sparat!" in said
    [activity] = saved(database)
    assert (activity.travel_mode, activity.climate_compensated) == ("flight", "no")


def test_a_flight_with_compensation_already_said_is_not_asked_again(
    chat: Conversation, database: Database, culture: int
) -> None:
    said = chat.say("Flög till Wien 3 juni för nätverksmöte, resan är klimatkompenserad")
    assert "klimatkompenseras enligt" not in said
    assert "Stämmer det här?" in said
    chat.say("spara")
    assert saved(database)[0].climate_compensated == "yes"


def test_corrections_in_free_text_change_the_right_field(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Konferens i Bryssel 12–14 mars, tåg")
    said = chat.say("nej, det var i Berlin")
    assert "Berlin, Tyskland" in said
    assert "Bryssel" not in said
    said = chat.say("actually it ended on the 15th")
    assert "12–15 March 2027" in said  # no tense in the first message: the nearest 12 March
    said = chat.say("vi flög")
    assert "klimatkompenseras" in said
    chat.say("vet inte")
    chat.say("spara")
    [activity] = saved(database)
    assert (activity.city, activity.country, activity.end_date) == ("Berlin", "DE", date(2027, 3, 15))
    assert (activity.travel_mode, activity.climate_compensated) == ("flight", "unknown")


def test_cancel_ends_the_dialogue_and_stores_nothing(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Studiebesök i Gent vecka 45")
    assert "inget är sparat" in chat.say("avbryt")
    assert saved(database) == []
    assert "ingen fråga som väntar på svar" in chat.say("spara")


def test_a_restart_in_the_middle_continues_the_conversation(
    chat: Conversation, settings: Settings, database: Database, clock: FixedClock, culture: int
) -> None:
    chat.say("Nätverksträff i Aalborg 15–16 september, åkte tåg")
    chat.restart(build_app(settings, clock=clock, database=database).engine)
    # The terminal's numbers are gone, but the dialogue knows what it asked: 1 is still "Spara".
    said = chat.say("1")
    assert "Sparat!" in said
    assert saved(database)[0].city == "Aalborg"


def test_a_project_without_programme_is_asked_about_external_funding(
    chat: Conversation, database: Database, culture: int
) -> None:
    said = chat.say("Vi har ett pågående samarbetsprojekt med Kaunas om ungdomsutbyte")
    assert "extern finansiering" in said
    chat.say("ja")
    said = chat.say("spara")
    [activity] = saved(database)
    assert (activity.kind, activity.status, activity.cofunding_considered) == (
        "international_project",
        "ongoing",
        "yes",
    )


def test_an_eu_project_with_programme_needs_no_funding_question(
    chat: Conversation, database: Database, culture: int
) -> None:
    said = chat.say("Har pågående Interreg Östersjöregionen-projekt om cirkulära byggmaterial")
    assert "extern finansiering" not in said
    assert "Interreg Baltic Sea Region" in said
    chat.say("spara")
    [activity] = saved(database)
    assert (activity.kind, activity.programme, activity.status) == (
        "eu_project",
        "Interreg Baltic Sea Region",
        "ongoing",
    )


def test_an_application_is_logged_with_its_programme(chat: Conversation, database: Database, culture: int) -> None:
    said = chat.say("Vi har skickat in en ansökan till Interreg Södra Östersjön")
    assert "När skickades ansökan in" in said
    said = chat.say("i måndags")
    assert "Ansökan till Interreg South Baltic" in said
    chat.say("spara")
    [activity] = saved(database)
    assert (activity.kind, activity.status, activity.start_date) == ("application", "applied", date(2026, 11, 23))


def test_the_unit_is_asked_once_and_remembered(chat: Conversation, database: Database) -> None:
    with database.session_scope() as session:
        session.add_all([OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", short_name="KFF"),
                         OrgUnit(name="Växjö Energi AB", kind="bolag", short_name="VEAB")])  # fmt: skip
    said = chat.say("Studiebesök i Gent vecka 45, tåg")
    assert "Vilken förvaltning eller vilket bolag" in said
    said = chat.say("veab")
    assert "du hör till Växjö Energi AB" in said
    chat.say("spara")
    said = chat.say("Konferens i Lyon 3 mars, tåg")
    assert "Vilken förvaltning" not in said
    chat.say("spara")
    assert [a.org_unit.name for a in _with_units(database)] == ["Växjö Energi AB", "Växjö Energi AB"]


def _with_units(database: Database) -> list[Activity]:
    with database.session_scope() as session:
        rows = list(session.scalars(select(Activity).order_by(Activity.id)))
        for row in rows:
            _ = row.org_unit
        return rows


def test_impossible_dates_are_explained_and_the_rest_is_kept(
    chat: Conversation, database: Database, culture: int
) -> None:
    said = chat.say("Konferens i Wien 31 februari, tåg")
    assert "”31 februari” finns inte i kalendern" in said
    said = chat.say("28 februari")
    assert "Wien, Österrike" in said and "Konferens" in said and "Tåg" in said


def test_end_before_start_is_explained(chat: Conversation, culture: int) -> None:
    said = chat.say("Studiebesök i Riga 14–12 mars")
    assert "slutar det innan det börjar" in said


def test_an_unknown_place_can_be_kept_as_written(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Studiebesök 3 maj, bil")
    said = chat.say("Xyzbyholm")
    assert "känner inte igen ”Xyzbyholm”" in said
    said = chat.say(str(chat.buttons.index("Använd ”Xyzbyholm” ändå") + 1))
    assert "Stämmer det här?" in said
    chat.say("spara")
    assert saved(database)[0].city == "Xyzbyholm"


def test_a_digital_meeting_needs_no_place(chat: Conversation, database: Database, culture: int) -> None:
    said = chat.say("Teamsmöte med partnerna i vårt Interreg-projekt imorgon")
    assert "Stämmer det här?" in said
    assert "Digitalt" in said
    chat.say("spara")
    activity = saved(database)[0]
    assert (activity.kind, activity.travel_mode, activity.city, activity.status) == (
        "meeting",
        "digital",
        None,
        "planned",
    )


def test_two_activities_in_one_message_are_taken_one_at_a_time(
    chat: Conversation, database: Database, culture: int
) -> None:
    said = chat.say("Jag var på konferens i Bryssel 12 mars och på studiebesök i Gent 20 april")
    assert "två aktiviteter" in said
    chat.say("tåg")
    said = chat.say("spara")
    assert "Vill du logga nästa aktivitet också" in said
    said = chat.say("ja")
    assert "Gent, Belgien" in said and "20 april 2026" in said
    chat.say("tåg")
    chat.say("spara")
    assert [(a.kind, a.city) for a in saved(database)] == [("conference", "Bryssel"), ("study_visit", "Gent")]


def test_a_question_in_the_middle_is_not_taken_as_an_answer(chat: Conversation, culture: int) -> None:
    chat.say("Konferens i Bryssel 12–14 mars, flög dit")
    said = chat.say("hjälp")
    assert "Så här kan jag hjälpa dig" in said
    assert "Vi håller på att logga ”Konferens i Bryssel”" in said
    assert "klimatkompenseras" in said


def test_a_swedish_city_is_fine_to_log_and_said_to_be_domestic(
    chat: Conversation, database: Database, culture: int
) -> None:
    said = chat.say("Utbildning om EU-medel i Stockholm 4 februari, tåg")
    assert "ser ut att vara i Sverige" in said
    chat.say("spara")
    assert saved(database)[0].country == "SE"


def test_slack_markup_and_long_text_are_kept_in_the_original_message(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Konferens i Lyon 3 mars <!channel> <@U123>, tåg")
    chat.say("spara")
    assert "<!channel> <@U123>" in (saved(database)[0].original_message or "")


def test_an_unfinished_dialogue_from_yesterday_is_dropped_with_a_note(
    chat: Conversation, clock: FixedClock, culture: int
) -> None:
    chat.say("Studiebesök i Gent vecka 45")
    clock.set(clock.now().replace(day=28))
    said = chat.say("spara")
    assert "så länge sedan" in said


def test_a_strategy_question_in_the_middle_is_answered_and_logging_goes_on(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Konferens i Bryssel 12–14 mars, flög dit")
    said = chat.say("Måste flygresor klimatkompenseras?")
    assert "Hållbart synsätt" in said  # the cited section of the strategy
    assert "Vi håller på att logga ”Konferens i Bryssel”" in said
    assert chat.buttons[-3:] == ["Ja", "Nej", "Vet inte"]
    chat.say("ja")
    chat.say("spara")
    assert saved(database)[0].climate_compensated == "yes"


def test_a_question_about_flights_asked_by_the_way_is_not_taken_as_the_answer(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Jag var på konferens i Bryssel 12-14 mars, flög dit")
    said = chat.say("förresten, måste flyget klimatkompenseras?")
    assert "Hållbart synsätt" in said  # answered from the strategy …
    assert "Klimatkompenserad" not in said  # … and not recorded as "yes"
    assert chat.buttons[-3:] == ["Ja", "Nej", "Vet inte"]
    said = chat.say("btw, do we have to offset flights?")
    assert "climate-compensated" in said and "Climate-compensated" not in said
    chat.say("nej")
    chat.say("spara")
    assert saved(database)[0].climate_compensated == "no"


def test_an_unsure_date_with_a_question_mark_is_still_an_answer(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Studiebesök i Tammerfors med tåg")
    said = chat.say("3 mars?")
    assert "Stämmer det här?" in said and "3 mars 2027" in said


@pytest.mark.parametrize(
    ("message", "first", "second"),
    [
        ("Studiebesök i Freiburg vecka 38 med tåg och nätverksmöte i Kaunas 3 februari", "Freiburg", "Kaunas"),
        (
            "Study visit to Freiburg week 38 by train and a network meeting in Kaunas on 3 February",
            "Freiburg",
            "Kaunas",
        ),
    ],
)
def test_two_activities_are_kept_apart_when_the_second_has_the_more_exact_date(
    chat: Conversation, database: Database, culture: int, message: str, first: str, second: str
) -> None:
    said = chat.say(message)
    assert "two activities" in said or "två aktiviteter" in said
    assert first in said and second not in said
    chat.say("1")  # save
    chat.say("1")  # log the next one
    chat.say("1")  # save
    [visit, meeting] = saved(database)
    assert (visit.city, visit.kind, visit.start_date, visit.travel_mode) == (
        first,
        "study_visit",
        date(2026, 9, 14),
        "train",
    )
    # The travel mode was said once for both.
    assert (meeting.city, meeting.kind, meeting.start_date, meeting.travel_mode) == (
        second,
        "network_meeting",
        date(2027, 2, 3),
        "train",
    )


def test_a_new_activity_written_before_saving_the_first_does_not_overwrite_it(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Studiebesök i Riga 2 dec med båt")
    said = chat.say("Jag var på en konferens i Bryssel 12-14 mars. Det var givande.")
    assert "ny aktivitet" in said and "”Studiebesök i Riga”" in said
    assert "Stämmer det här?" in said and "Riga, Lettland" in said and "Bryssel" not in said.split("Stämmer")[1]
    said = chat.say("spara")
    assert "Sparat! ”Studiebesök i Riga”" in said
    assert "konferens i Bryssel 12-14 mars" in said  # offered next, as typed
    assert "Hur reste du?" in chat.say("ja")  # a trip abroad says how it was made
    chat.say("tåg")
    chat.say("spara")
    riga, brussels = saved(database)
    assert (riga.kind, riga.city, riga.travel_mode) == ("study_visit", "Riga", "boat")
    assert (brussels.kind, brussels.city, brussels.travel_mode) == ("conference", "Bryssel", "train")


def test_an_application_is_not_turned_into_the_meeting_written_while_its_date_was_asked(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("We submitted an application to Interreg South Baltic")
    said = chat.say("network meeting in Kaunas next week")
    assert "new activity" in said and "When was the application submitted" in said
    chat.say("in October")
    said = chat.say("cancel")
    assert "nothing has been saved" in said and "log “network meeting in Kaunas next week” instead?" in said
    chat.say("yes")
    chat.say("by bus")
    chat.say("save")
    [meeting] = saved(database)
    assert (meeting.kind, meeting.city, meeting.programme) == ("network_meeting", "Kaunas", None)


def test_a_correction_that_names_a_new_kind_and_place_still_corrects(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("konferens i oslo 3 nov, tåg")
    said = chat.say("nej, det var studiebesök i Bergen 5 nov")
    assert "ny aktivitet" not in said and "Bergen, Norge" in said
    chat.say("spara")
    [visit] = saved(database)
    assert (visit.kind, visit.city, visit.start_date) == ("study_visit", "Bergen", date(2026, 11, 5))


def test_naming_what_to_change_gets_the_question_for_it(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Jag var på konferens i Bryssel 12-14 mars, flög dit")
    chat.say("nej")  # not compensated
    chat.say("ändra")
    said = chat.say("datum")
    assert "När var det?" in said and "Välj ett av alternativen" not in said
    said = chat.say("15-17 mars")
    assert "15–17 mars 2026" in said and "Avslutad" in said  # the year of the date it corrects
    said = chat.say("ändra resan")
    assert "Hur reste du?" in said and "Tåg" in chat.buttons
    chat.say("tåg")
    chat.say("ändra")
    assert "heta" in chat.say("rubrik")
    said = chat.say("Eurocities årsmöte")
    assert "Eurocities årsmöte" in said and "Stämmer det här?" in said
    chat.say("ändra")
    said = chat.say("hmm vet inte")
    assert "vad som ska ändras i ”hmm vet inte”" in said and "Välj ett av alternativen" not in said
    chat.say("ändra")
    assert "Sparat!" in chat.say("spara")
    [activity] = saved(database)
    assert (activity.title, activity.start_date, activity.end_date) == (
        "Eurocities årsmöte",
        date(2026, 3, 15),
        date(2026, 3, 17),
    )
    assert (activity.travel_mode, activity.status) == ("train", "finished")


def test_in_english_the_place_can_be_asked_for_by_name(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Study visit to Freiburg week 38 by train")
    chat.say("change")
    assert "Where did it take place?" in chat.say("the place")
    chat.say("Ghent")
    chat.say("save")
    assert saved(database)[0].city == "Ghent"


def test_a_relative_date_in_a_correction_still_counts_from_today(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Jag var på konferens i Bryssel 12-14 mars, tog tåget")
    said = chat.say("nej, nästa vecka")
    assert "30 november–6 december 2026" in said


@pytest.mark.parametrize("answer", ["ok", "okej", "jaa", "yes please", "japp"])
def test_the_summary_can_be_confirmed_the_way_people_say_yes(
    chat: Conversation, database: Database, culture: int, answer: str
) -> None:
    chat.say("Studiebesök i Riga 2 dec med båt")
    said = chat.say(answer)
    assert "Sparat!" in said or "Saved!" in said
    assert len(saved(database)) == 1


def test_thanks_in_the_middle_of_logging_keeps_the_question(chat: Conversation, culture: int) -> None:
    chat.say("var i oslo 3-4 nov")
    said = chat.say("tack!")
    assert "Varsågod!" in said and "Vad för slags aktivitet var det?" in said
    # The kind is not known yet, so there is no title to name it by: it is named by what is known.
    assert "Vi håller på att logga aktiviteten i Oslo den 3–4 november 2026." in said and "Övrigt i" not in said
    said = chat.say("japp")
    assert "Välj ett av alternativen, eller skriv ”avbryt”" in said


def test_the_answer_to_did_anything_come_of_it_is_saved_as_the_results(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Jag var på konferens i Bryssel 12-14 mars, tog tåget")
    assert "Gav den något? Skriv det här" in chat.say("spara")
    said = chat.say("Det gav två nya samarbeten")
    assert "Resultatet är sparat på ”Konferens i Bryssel”" in said
    assert saved(database)[0].results == "Det gav två nya samarbeten"
    assert "ingen fråga som väntar" in chat.say("ja")  # the question was answered once


def test_something_else_after_did_anything_come_of_it_is_not_taken_as_results(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Konferens i Gent 2 nov, tåg")
    chat.say("spara")
    said = chat.say("Nätverksmöte i Oslo 3 nov, tåg")  # the next activity, not a result
    assert "Nätverksmöte i Oslo" in said and "Stämmer det här?" in said
    chat.say("spara")
    said = chat.say("vem följer upp strategin?")
    assert "kommunstyrelsen" in said and "Resultatet är sparat" not in said
    assert "inte säker på vad du menar" in chat.say("hmm")  # the question has ended
    assert [a.results for a in saved(database)] == [None, None]


def test_no_to_did_anything_come_of_it_says_where_to_add_results_later(chat: Conversation, culture: int) -> None:
    chat.say("I went to a conference in Ghent on 2 November by train")
    chat.say("save")
    assert "You can add results later under “my activities”" in chat.say("no")


@pytest.mark.parametrize("answer", ["nothing really", "inget särskilt", "not yet", "inte direkt"])
def test_nothing_came_of_it_is_not_stored_as_a_result(
    chat: Conversation, database: Database, culture: int, answer: str
) -> None:
    chat.say("Konferens i Gent 2 nov, tåg")
    chat.say("spara")
    said = chat.say(answer)
    assert "senare" in said or "later" in said
    assert saved(database)[0].results is None


def test_yes_to_did_anything_come_of_it_asks_what(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Konferens i Gent 2 nov, tåg")
    chat.say("spara")
    assert "Vad gav den?" in chat.say("ja")
    assert "Varsågod" not in chat.say("👍") and saved(database)[0].results is None
    chat.say("resultat: en ny partner i Gent")
    assert saved(database)[0].results == "en ny partner i Gent"


def test_delete_it_right_after_saving_is_a_command_not_the_results(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Konferens i Gent 2 nov, tåg")
    chat.say("spara")
    said = chat.say("radera den")
    assert "Vill du radera ”Konferens i Gent”" in said and "Resultatet är sparat" not in said
    chat.say("ja")
    assert saved(database) == []


def test_a_title_the_bot_made_follows_a_changed_place_but_one_the_person_wrote_stays(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Studiebesök i Riga 3 nov, båt")
    chat.say("spara")
    chat.say("ändra den")
    assert "Studiebesök i Tallinn" in chat.say("det var i Tallinn")
    chat.say("spara")
    chat.say("ändra 1")
    chat.say("rubrik")
    chat.say("Skolbesök hos Tallinna Kool")
    chat.say("spara")
    chat.say("ändra 1")
    chat.say("det var i Tartu")
    chat.say("spara")
    [visit] = saved(database)
    assert (visit.title, visit.city) == ("Skolbesök hos Tallinna Kool", "Tartu")


@pytest.mark.parametrize(
    ("answer", "stored"),
    [
        ("ja, via resebyrån", "yes"),
        ("nej det glömde jag", "no"),
        ("inte vad jag vet", "unknown"),
        ("no, we forgot", "no"),
    ],
)
def test_a_yes_or_no_with_a_comment_answers_the_climate_question(
    chat: Conversation, database: Database, culture: int, answer: str, stored: str
) -> None:
    chat.say("Konferens i Bryssel 12-14 mars, flög")
    said = chat.say(answer)
    assert "Stämmer det här?" in said or "Is this right?" in said
    chat.say("spara")
    assert saved(database)[0].climate_compensated == stored


def test_yes_with_a_comment_saves_but_yes_with_a_but_does_not(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Konferens i Gent 2 nov, tåg")
    assert "Välj ett av alternativen" in chat.say("ja, men datumet är fel")
    assert "Sparat!" in chat.say("ja, det ser bra ut")
    assert len(saved(database)) == 1


def test_no_followed_by_a_correction_at_the_climate_question_corrects(chat: Conversation, culture: int) -> None:
    chat.say("Konferens i Bryssel 12-14 mars, flög")
    said = chat.say("nej, det var 13-15 mars")
    assert "13–15 mars 2026" in said and "Är resan klimatkompenserad?" in said


def test_a_conference_in_chat_shorthand_is_logged_without_questions(
    chat: Conversation, database: Database, culture: int
) -> None:
    said = chat.say("konf bryssel 3 mars, tåg")
    assert "Stämmer det här?" in said and "Konferens i Bryssel" in said and "Bryssel, Belgien" in said
    said = chat.say("ändra")
    said = chat.say("konferns gent 3 mars")  # a typo in the kind, and still no "i"
    assert "Gent, Belgien" in said
    chat.say("spara")
    [conference] = saved(database)
    assert (conference.kind, conference.city, conference.country) == ("conference", "Gent", "BE")


def test_an_activity_of_unknown_kind_is_named_by_its_place_and_date_not_a_made_up_title(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("was in brussels last tuesday, by train")
    said = chat.say("help")
    assert "We're logging the activity in Brussels on 17 November 2026." in said
    said = chat.say("Network meeting in Kaunas 3 February")
    assert "once we're done with the activity in Brussels on 17 November 2026" in said
    assert "Other in" not in said
    said = chat.say("conference")
    assert "Conference in Brussels" in said


def test_an_empty_line_repeats_the_open_question_and_loses_nothing(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Jag var på studiebesök förra veckan med tåg")
    said = chat.say("")
    assert "Meddelandet var tomt – inget är borttappat." in said
    assert "Var ägde det rum?" in said and chat.buttons == ["Digitalt"]
    said = chat.say("Tammerfors")
    assert "Stämmer det här?" in said
    said = chat.say("   ")
    assert "Stämmer det här?" in said and "Tammerfors, Finland" in said
    assert chat.buttons == ["Spara", "Ändra", "Avbryt"]  # so that "1" still means Spara
    assert "Sparat!" in chat.say("1")
    said = chat.say("")
    assert "Gav ”Studiebesök i Tammerfors” något?" in said
    assert "Resultatet är sparat" in chat.say("Två nya samarbeten")
    [visit] = saved(database)
    assert (visit.city, visit.results) == ("Tammerfors", "Två nya samarbeten")


def test_an_empty_line_after_what_to_change_asks_that_again(chat: Conversation, culture: int) -> None:
    chat.say("Study visit to Riga 2 December by boat")
    chat.say("change")
    said = chat.say("")
    assert "That message was empty – nothing is lost." in said
    assert "We're logging “Study visit in Riga”." in said and "What would you like to change?" in said


@pytest.mark.parametrize("answer", ["Två nya samarbeten", "new partnerships"])
def test_results_that_name_a_strategy_term_are_still_the_answer(
    chat: Conversation, database: Database, culture: int, answer: str
) -> None:
    chat.say("Konferens i Gent 2 nov, tåg")
    chat.say("spara")
    said = chat.say(answer)
    assert "Resultatet är sparat" in said or "saved" in said
    assert saved(database)[0].results == answer


def test_help_while_the_next_activity_is_offered_offers_it_again(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Studiebesök i Riga 2 dec med båt")
    chat.say("Jag var på en konferens i Bryssel 12-14 mars.")
    chat.say("spara")
    said = chat.say("hjälp")
    assert "Vill du logga nästa aktivitet också" in said
    assert "Vad för slags aktivitet" not in said and "Övrigt”" not in said
    chat.say("1")
    chat.say("tåg")
    chat.say("spara")
    assert [a.city for a in saved(database)] == ["Riga", "Bryssel"]


def test_a_no_that_calls_itself_another_activity_is_taken_next_not_merged(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Konferens i Bryssel 12-14 mars, tåg")
    said = chat.say("nej, det var ett annat möte i Kaunas 3 februari")
    assert "ny aktivitet" in said and "”Konferens i Bryssel”" in said
    assert "Bryssel, Belgien" in said.split("Stämmer det här?")[1] and "Kaunas" not in said.split("Stämmer")[1]
    said = chat.say("spara")
    assert "Sparat! ”Konferens i Bryssel”" in said and "”det var ett annat möte i Kaunas 3 februari”" in said
    chat.say("ja")
    chat.say("buss")
    chat.say("spara")
    brussels, kaunas = saved(database)
    assert (brussels.kind, brussels.city, brussels.travel_mode) == ("conference", "Bryssel", "train")
    assert (kaunas.kind, kaunas.city, kaunas.start_date) == ("meeting", "Kaunas", date(2026, 2, 3))


def test_no_it_was_a_new_meeting_in_english_is_taken_next(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Study visit to Riga 2 December by boat")
    said = chat.say("no, it was Kaunas, a new meeting")
    assert "new activity" in said and "Riga, Latvia" in said
    said = chat.say("save")
    assert "“it was Kaunas, a new meeting”" in said
    [riga] = saved(database)
    assert (riga.kind, riga.city) == ("study_visit", "Riga")


def test_a_new_date_is_still_a_correction(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Konferens i Bryssel 12-14 mars, tåg")
    said = chat.say("nej, ett nytt datum: 13-15 mars")
    assert "ny aktivitet" not in said and "13–15 mars 2027" in said


def test_with_the_next_activity_waiting_did_anything_come_of_it_is_left_for_later(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Konferens i Gent 2 nov, tåg")
    chat.say("Jag var på ett nätverksmöte i Oslo 3 mars")
    said = chat.say("spara")
    assert "Gav den något?" not in said and "Vad den gav frågar jag om om 3 dagar" in said
    assert "Vill du logga nästa aktivitet också" in said
    chat.say("ja")
    chat.say("tåg")
    chat.say("spara")
    assert [a.city for a in saved(database)] == ["Gent", "Oslo"]


def test_results_that_mention_an_application_are_the_results_not_a_new_activity(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("I attended the Eurocities conference in Braga 4-6 November by train")
    chat.say("save")
    said = chat.say("Three new partner cities for an URBACT application")
    assert "saved on “Conference with Eurocities in Braga”" in said and "When was the application" not in said
    [braga] = saved(database)
    assert braga.results == "Three new partner cities for an URBACT application"


def test_save_or_a_command_while_the_date_is_asked(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Network meeting with UBC in Gdansk by ferry")
    said = chat.say("save")
    assert "I need to know one more thing before I can save it." in said and "date in “save”" not in said
    said = chat.say("my activities")
    assert "You haven't logged anything yet" in said and "date in" not in said
    assert "When was it?" in said
    chat.say("last week")
    chat.say("save")
    assert saved(database)[0].city == "Gdansk"


def test_what_a_visit_was_about_is_kept_in_its_title_wherever_it_is_said(chat: Conversation, culture: int) -> None:
    said = chat.say("Study visit to Aarhus on 3-4 December by train, about circular procurement")
    assert "Study visit on circular procurement in Aarhus" in said
    chat.say("cancel")
    said = chat.say("Study visit to Aarhus about circular procurement on 3-4 December by train")
    assert "Study visit on circular procurement in Aarhus" in said and "procurement on" not in said


def test_climate_names_the_climate_answer_to_change(chat: Conversation, database: Database, culture: int) -> None:
    chat.say("Conference in Lyon 12-13 October, flew")
    chat.say("don't know")
    chat.say("change")
    said = chat.say("climate")
    assert "Was this trip compensated?" in said and "The strategy says" not in said
    chat.say("yes")
    chat.say("save")
    assert saved(database)[0].climate_compensated == "yes"


def test_a_decision_said_without_naming_the_application_changes_its_status(
    chat: Conversation, database: Database, culture: int
) -> None:
    chat.say("Vi har skickat in en ansökan till Interreg Södra Östersjön i måndags")
    said = chat.say("den blev beviljad")
    assert "Status: Beviljad" in " ".join(said.split())
    chat.say("spara")
    chat.say("ändra den senaste")
    said = chat.say("it was rejected")
    assert "Status: Rejected" in " ".join(said.split())
    chat.say("save")
    assert saved(database)[0].status == "rejected"


def test_a_status_that_does_not_fit_the_kind_changes_nothing(chat: Conversation, culture: int) -> None:
    chat.say("Konferens i Gent 2 nov, tåg")
    said = chat.say("it was granted")
    assert "Granted" not in said and "Beviljad" not in said

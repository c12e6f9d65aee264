"""Asking about the strategy in the chat, read as the transcript a member of staff sees."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.clock import FixedClock
from bot.config import Settings
from bot.messages import Message, Sender
from handlers.answer_question import score_text
from storage.db import Database
from storage.models import Activity, AskedQuestion, OrgUnit, Person
from tests.support import Conversation


def asked(database: Database) -> list[AskedQuestion]:
    with database.session_scope() as session:
        return list(session.scalars(select(AskedQuestion).order_by(AskedQuestion.id)))


def test_a_question_in_swedish_is_answered_with_the_sentence_and_its_source(chat: Conversation) -> None:
    said = chat.say("Måste flyget klimatkompenseras?")
    assert "Strategin säger: ”De fysiska resorna skall minimeras enligt kommunens resepolicy och flygresor" in said
    assert "Källa: Internationell strategi för Växjö kommun › Strategier för internationellt arbete › Hållbart" in said
    assert "Hjälpte svaret?" in said
    assert chat.buttons == ["👍 Ja", "👎 Nej"]


def test_a_question_in_english_is_answered_in_english_with_the_swedish_quote(chat: Conversation) -> None:
    said = chat.say("Who follows up the strategy, and how often?")
    assert "The strategy says (in translation from Swedish)" in said
    assert "municipal executive board" in said
    assert "In the strategy (Swedish): ”Uppföljning av strategin skall göras av kommunstyrelsen" in said
    assert "Source: Internationell strategi för Växjö kommun › Uppföljning av strategin" in said
    assert chat.buttons == ["👍 Yes", "👎 No"]


def test_two_questions_in_one_message_get_both_passages_each_quoted_once(chat: Conversation) -> None:
    said = chat.say("Vad ska vi ha med i årsrapporten? Och vem ansvarar för att den blir skriven?")
    assert said.count("Rapporteringen ska innehålla") == 1
    assert said.count("Varje förvaltning och bolag ansvarar") == 1
    assert said.count("Källa: Internationell strategi för Växjö kommun › Ansvarsfördelning") == 1
    assert "Se även" not in said


def test_what_another_body_does_with_our_projects_is_for_that_body_not_the_register(chat: Conversation) -> None:
    said = chat.say("Does Region Skåne pay for part of our EU projects?")
    assert "Please ask Region Skåne directly" in said
    assert "figures" not in said


def test_a_question_about_the_document_itself(chat: Conversation) -> None:
    said = chat.say("Vilket diarienummer har strategin?")
    assert "Strategin har diarienummer KS/2012:935." in said
    assert "Ur dokumentuppgifterna: registration_number: KS/2012:935" in said


def test_thumbs_up_and_down_are_kept_with_the_question(chat: Conversation, database: Database) -> None:
    chat.say("Vem ska utse en kontaktperson?")
    assert "Tack! Skönt att svaret hjälpte." in chat.say("1")
    chat.say("Ska vi överväga extern finansiering?")
    said = chat.say("2")
    assert "Tack för att du säger till" in said
    assert chat.buttons == ["Skicka frågan vidare"]
    rows = asked(database)
    assert [(r.question, r.feedback, r.answered) for r in rows] == [
        ("Vem ska utse en kontaktperson?", "up", True),
        ("Ska vi överväga extern finansiering?", "down", True),
    ]
    assert rows[0].sections == [
        "Internationell strategi för Växjö kommun › Ansvarsfördelning › Förvaltningar/kommunala bolag"
    ]


def test_a_question_the_strategy_does_not_answer_is_refused_and_can_be_passed_on(
    chat: Conversation, database: Database
) -> None:
    said = chat.say("Hur får jag parkeringstillstånd?")
    assert "Strategin säger inget om parkeringstillstånd, så det vill jag inte gissa om." in said
    assert "Jag kan svara på vad strategin säger" in said
    assert "Källa" not in said
    assert "Vill du att jag skickar frågan vidare till kommunens internationella samordnare?" in said
    assert chat.buttons == ["Skicka frågan vidare"]

    said = chat.say("1")
    assert "Jag har sparat din fråga åt kommunens internationella samordnare, med ditt namn (Anna Berg)" in said
    row = asked(database)[0]
    assert not row.answered
    assert row.forwarded_at is not None

    again = chat.press(f"answer_question:forward:{row.id}")
    assert "redan skickat vidare" in again


def test_the_coordinator_is_named_when_configured(database: Database, clock: FixedClock) -> None:
    settings = Settings(database_url=database.url, coordinator="eva.ek@vaxjo.se", _env_file=None)  # type: ignore[call-arg]
    with database.session_scope() as session:
        session.add(Person(display_name="Eva Ek", email="eva.ek@vaxjo.se"))
    chat = Conversation(build_app(settings, clock=clock, database=database).engine, user="Anna Berg")
    assert "internationella samordnare, Eva Ek?" in chat.say("Vad kostar en tågbiljett till Bryssel?")
    chat.say("1")
    assert asked(database)[0].forwarded_to == "eva.ek@vaxjo.se"


def test_someone_else_cannot_press_your_buttons(app, database: Database) -> None:  # type: ignore[no-untyped-def]
    anna = Conversation(app.engine, user="Anna Berg")
    anna.say("Vem följer upp strategin?")
    row = asked(database)[0]
    erik = Conversation(app.engine, user="Erik Lind")
    assert "någon annans fråga" in erik.press(f"answer_question:feedback:down:{row.id}")
    assert "någon annans fråga" in erik.press(f"answer_question:forward:{row.id}")
    assert asked(database)[0].feedback is None
    assert "inte den frågan" in erik.press("answer_question:feedback:up:99999")
    assert "inte den frågan" in erik.press("answer_question:feedback:sideways")


def test_live_facts_come_from_the_register(chat: Conversation, database: Database) -> None:
    with database.session_scope() as session:
        per = Person(display_name="Per Persson", email="per.persson@vaxjo.se")
        tekniska = OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", short_name="TF", contact_person=per)
        session.add_all([per, tekniska, OrgUnit(name="Växjö Energi AB", kind="bolag", aliases=["VEAB"])])
        session.flush()
        for kind, start in [
            ("conference", date(2026, 3, 12)),
            ("conference", date(2026, 5, 2)),
            ("eu_project", date(2026, 1, 1)),
            ("study_visit", date(2025, 9, 1)),
        ]:
            session.add(Activity(kind=kind, title=kind, start_date=start, org_unit_id=tekniska.id))

    said = chat.say("Vem är kontaktperson för Tekniska förvaltningen?")
    assert "Kontaktperson för Tekniska förvaltningen är Per Persson (per.persson@vaxjo.se)." in said
    assert "Källa: Utblick › Enheter och kontaktpersoner" in said

    said = chat.say("Vem är kontaktperson på VEAB?")
    assert "Växjö Energi AB har ingen kontaktperson registrerad i Utblick än." in said

    said = chat.say("Vem är kontaktperson för Kulturförvaltningen?")
    assert "Jag hittar ingen förvaltning eller bolag som heter ”Kulturförvaltningen”" in said
    assert "Tekniska förvaltningen, Växjö Energi AB" in said

    # A unit's figures are its contact person's (and the coordinator's): the register answers, by role.
    said = chat.say("Hur många aktiviteter har Tekniska förvaltningen loggat i år?")
    assert "kontaktpersonen för Tekniska förvaltningen, Per Persson" in said and ": 3." not in said

    said = chat.say("Vem ska utse en kontaktperson?")  # about the strategy, not the register
    assert "En kontaktperson som kan representera förvaltningen/bolaget" in said


def test_the_next_deadline(chat: Conversation) -> None:
    said = chat.say("När är deadline?")
    assert "Nästa deadline är söndag 31 januari 2027 (om 66 dagar)" in said
    assert "internationella arbetet 2026" in said
    said = chat.say("When is the annual report due?")
    assert "The next deadline is Sunday 31 January 2027 (in 66 days)" in said


def test_a_question_in_the_middle_of_another_dialogue_does_not_end_it(app, database: Database) -> None:  # type: ignore[no-untyped-def]
    from storage import dialogues, people
    from storage.dialogues import DialogueState

    sender = Sender(platform="console", user_id="Anna Berg", display_name="Anna Berg")
    with database.session_scope() as session:
        person = people.find_or_create(session, sender.identity)
        dialogues.save(session, person.id, "console", DialogueState(handler="help", pending="x"), app.clock.now())
    replies = app.engine.handle(
        Message(sender=sender, channel="console", text="Måste flyget klimatkompenseras?")
    ).replies
    assert "Strategin säger" in replies[0].text
    with database.session_scope() as session:
        person = people.find_or_create(session, sender.identity)
        assert dialogues.load(session, person.id, "console") is not None


@pytest.mark.parametrize(
    ("text", "high"),
    [
        ("Måste flyget klimatkompenseras?", True),
        ("Who follows up the strategy?", True),
        ("vad säger strategin om resor", True),
        ("Vem är kontaktperson för Tekniska förvaltningen", True),
        ("flyg?", True),
        ("klimatkompensation", True),
        ("Jag var på konferens i Bryssel 12 mars", False),
        ("Vi deltog i ett nätverksmöte i Kaunas förra veckan", False),
        ("Kan du ordna blommor till fikat?", False),
        ("hej", False),
        ("", False),
    ],
)
def test_questions_score_high_and_statements_low(text: str, high: bool) -> None:
    assert (score_text(text) >= 0.5) is high, score_text(text)


def test_a_near_miss_says_what_the_strategy_does_say_and_can_be_passed_on(chat: Conversation) -> None:
    said = chat.say("Vilka internationella nätverk är kommunen medlem i?")
    assert "Strategin säger bara: ”Kommunen är med i flera internationella nätverk" in said
    assert "Vilka det är står inte där" in said
    assert "Jag kan svara på vad strategin säger" not in said  # no list of examples after a near miss
    assert "Vill du att jag skickar frågan vidare till kommunens internationella samordnare?" in said
    assert chat.buttons == ["Skicka frågan vidare"]


def test_a_chatty_question_about_a_trip_is_a_question_not_an_activity(chat: Conversation) -> None:
    said = chat.say(
        "Jag ska åka till Bryssel på ett projektmöte nästa månad, finns det något i strategin jag bör tänka på?"
    )
    assert "Strategin säger: ”De fysiska resorna skall minimeras enligt kommunens resepolicy" in said
    assert chat.buttons == ["👍 Ja", "👎 Nej"]


def test_the_coordinator_is_not_offered_to_pass_a_question_on_to_herself(database: Database, clock: FixedClock) -> None:
    settings = Settings(database_url=database.url, coordinator="sara.lund@vaxjo.se", _env_file=None)  # type: ignore[call-arg]
    sara = Conversation(build_app(settings, clock=clock, database=database).engine, user="sara.lund@vaxjo.se")
    said = sara.say("How do I get a parking permit?")
    assert "The strategy says nothing about parking" in said
    assert "pass the question on" not in said and sara.buttons == []
    said = sara.say("Do flights have to be climate-compensated?")
    said = sara.press(sara.replies[0].buttons[1].value)  # 👎
    assert "Thanks for telling me" in said and "pass the question on" not in said and sara.buttons == []


def test_a_question_about_the_register_is_not_refused_as_a_strategy_question(chat: Conversation) -> None:
    # The register answers it, by the asker's role (tests/handlers/test_register_questions.py).
    said = chat.say("Vilka förvaltningar har inte loggat något i år?")
    assert "internationella samordnaren" in said
    assert "Det hittar jag inget om" not in said and "Strategin säger inget" not in said
    assert chat.buttons == []
    said = chat.say("Which activities are missing results?")
    assert "Activities without results 2026, you: none." in said


def test_a_refusal_says_why(chat: Conversation) -> None:
    assert "Strategin säger inget om visum" in chat.say("Behöver jag visum för att åka till Kina på studieresa?")
    said = chat.say("Vad säger Malmö stads strategi om tjänsteresor?")
    assert "inte på vad Malmö stad har för regler eller strategi" in said

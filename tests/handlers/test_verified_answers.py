"""The coordinator's verified answers in the terminal, read as the transcripts Anna, Sara (the
international coordinator) and Erik see: a question passed on reaches Sara with the passage closest to
it, her answer reaches Anna, and a later question about the same thing, in English, after a restart,
gets it marked as hers with its date. Messages to another person go through the outbox and the
reminder worker, as in production; here its channel is a terminal inbox."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.clock import FixedClock
from bot.config import DEFAULT_STRATEGY_FILE, Settings
from bot.messages import Reply
from reminders.delivery import run_due
from storage.db import Database
from storage.models import Person
from tests.support import Conversation

SARA = "sara.lund@vaxjo.se"


@dataclass
class Inbox:
    """What each person is sent by the worker, as their terminal would show it."""

    name: str = "terminal"
    received: dict[str, list[Reply]] = field(default_factory=dict)

    def reaches(self, person: Person) -> bool:
        return True

    def confirms(self, person: Person) -> bool:
        return True

    def app_link(self) -> str | None:
        return None

    def send(self, person: Person, replies: list[Reply], about: object = None) -> None:
        who = person.display_name or person.console_user or person.email or "?"
        self.received.setdefault(who, []).extend(replies)

    def read(self, who: str) -> str:
        return "\n".join(reply.text for reply in self.received.pop(who, []))


@pytest.fixture
def coordinated(database: Database, clock: FixedClock) -> Settings:
    with database.session_scope() as session:
        session.add(Person(display_name="Sara Lund", email=SARA, console_user=SARA))
    return Settings(database_url=database.url, coordinator=SARA, _env_file=None)  # type: ignore[call-arg]


def deliver(app: App, inbox: Inbox) -> None:
    run_due(app.database, [inbox], app.settings, app.clock.now() + timedelta(minutes=1))


def test_a_question_passed_on_is_answered_by_the_coordinator_and_kept_for_the_next_asker(
    coordinated: Settings, database: Database, clock: FixedClock
) -> None:
    app = build_app(coordinated, clock=clock, database=database)
    inbox = Inbox()
    anna = Conversation(app.engine, user="Anna Berg")
    sara = Conversation(app.engine, user=SARA)

    said = anna.say("Får min sambo följa med på konferensresan om jag betalar själv?")
    assert "Strategin säger inget om sambo" in said
    assert "Vill du att jag skickar frågan vidare till kommunens internationella samordnare, Sara Lund?" in said
    anna.say("1")

    deliver(app, inbox)
    told = inbox.read("Sara Lund")
    assert "Fråga 1 från Anna Berg, som strategin inte svarade på: ”Får min sambo följa med på konferensresan" in told
    assert (
        "Närmast i strategin (Internationell strategi för Växjö kommun › Strategier för internationellt arbete" in told
    )
    assert "De fysiska resorna skall minimeras" in told
    assert "Svara med ”svara 1: ditt svar”" in told

    said = sara.say("svara 1: Ja, om du själv betalar hennes resa och boende.")
    assert "Svaret är sparat som verifierat svar 1 och skickas till Anna Berg." in said

    deliver(app, inbox)
    told = inbox.read("Anna Berg")
    assert "Du har fått svar på din fråga ”Får min sambo följa med på konferensresan om jag betalar själv?”" in told
    assert "Samordnarens svar (Sara Lund, 26 november 2026): Ja, om du själv betalar hennes resa och boende." in told

    # A new process on the same database: the answer is still there, and found from English.
    restarted = build_app(coordinated, clock=clock, database=database)
    erik = Conversation(restarted.engine, user="Erik Lind")
    said = erik.say("Can my partner come along on a conference trip if I pay for her?")
    assert (
        "The coordinator's answer (Sara Lund, 26 November 2026): Ja, om du själv betalar hennes resa och boende."
        in said
    )
    assert "The answer rests on the strategy: ”" in said
    assert erik.buttons == ["👍 Yes", "👎 No"]


def test_the_coordinator_answers_with_the_button_and_its_form(
    coordinated: Settings, database: Database, clock: FixedClock
) -> None:
    app = build_app(coordinated, clock=clock, database=database)
    inbox = Inbox()
    anna = Conversation(app.engine, user="Anna Berg")
    anna.say("Vilka nätverk är Växjö med i?")
    anna.say("1")
    deliver(app, inbox)
    [message] = inbox.received.pop("Sara Lund")
    assert [b.label for b in message.buttons] == ["Svara"]

    sara = Conversation(app.engine, user=SARA)
    sara.press(message.buttons[0].value, "Svara")
    [form_reply] = sara.replies
    assert form_reply.form is not None and form_reply.form.title == "Svar på fråga 1"
    from bot.messages import Message

    submitted = Message(
        sender=sara.adapter.sender,
        channel="console",
        action=form_reply.form.action,
        data={"answer": "Eurocities, Energy Cities och Covenant of Mayors."},
    )
    [saved] = app.engine.handle(submitted).replies
    assert "verifierat svar 1" in saved.text
    assert "Eurocities" in Conversation(app.engine, user="Erik Lind").say("Which networks is Växjö a member of?")


def test_someone_else_cannot_answer_a_question_passed_on(coordinated: Settings, app: App) -> None:
    anna = Conversation(app.engine, user="Anna Berg")
    anna.say("Vilka nätverk är Växjö med i?")
    anna.say("1")
    erik = Conversation(app.engine, user="Erik Lind")
    assert "bara kommunens internationella samordnare" in erik.say("svara 1: Inga alls.")
    assert "Strategin säger bara" in Conversation(app.engine, user="Karin").say("Vilka nätverk är Växjö med i?")


def test_the_coordinator_lists_edits_and_retires_verified_answers_in_chat(
    coordinated: Settings, database: Database, clock: FixedClock
) -> None:
    app = build_app(coordinated, clock=clock, database=database)
    anna = Conversation(app.engine, user="Anna Berg")
    sara = Conversation(app.engine, user=SARA)
    anna.say("Behöver jag visum för att åka till Kina på studieresa?")
    anna.say("1")
    sara.say("svara 1: Kolla med Migrationsverket i god tid.")

    said = sara.say("verifierade svar")
    assert "1 verifierade svar:" in said
    assert "1. ”Behöver jag visum för att åka till Kina på studieresa?” → Kolla med Migrationsverket i god tid." in said
    assert "(Sara Lund, 26 november 2026; gäller)" in said

    assert "Verifierat svar 1 är ändrat." in sara.say("ändra svar 1: Kolla med UD:s reseinformation i god tid.")
    erik = Conversation(app.engine, user="Erik Lind")
    assert "Kolla med UD:s reseinformation i god tid." in erik.say("Do I need a visa for a study trip to China?")

    assert "Verifierat svar 1 är borttaget" in sara.say("ta bort svar 1")
    said = erik.say("Do I need a visa for a study trip to China?")
    assert "The strategy says nothing about visa" in said
    assert "The coordinator's answer" not in said


def test_a_new_strategy_text_sends_verified_answers_to_review(
    coordinated: Settings, database: Database, clock: FixedClock, tmp_path: Path
) -> None:
    app = build_app(coordinated, clock=clock, database=database)
    anna = Conversation(app.engine, user="Anna Berg")
    anna.say("Behöver jag visum för att åka till Kina på studieresa?")
    anna.say("1")
    Conversation(app.engine, user=SARA).say("svara 1: Kolla med Migrationsverket i god tid.")

    revised = tmp_path / "strategi.md"
    shutil.copy(DEFAULT_STRATEGY_FILE, revised)
    revised.write_text(revised.read_text("utf-8") + "\nEn mening till.\n", "utf-8")
    settings = coordinated.model_copy(update={"strategy_file": revised})
    later = build_app(settings, clock=clock, database=database)
    erik = Conversation(later.engine, user="Erik Lind")
    assert "Migrationsverket" not in erik.say("Behöver jag visum till Kina?")

    sara = Conversation(later.engine, user=SARA)
    assert "väntar på granskning: strategin har ändrats" in sara.say("verifierade svar")
    assert "Verifierat svar 1 är bekräftat" in sara.say("bekräfta svar 1")
    assert "Migrationsverket" in erik.say("Behöver jag visum till Kina?")


def test_erasing_the_asker_or_the_coordinator_keeps_the_answer_without_them(
    coordinated: Settings, database: Database, clock: FixedClock
) -> None:
    from sqlalchemy import select

    from storage import personal_data
    from storage.models import Delivery, VerifiedAnswer

    app = build_app(coordinated, clock=clock, database=database)
    anna = Conversation(app.engine, user="Anna Berg")
    anna.say("Behöver jag visum för att åka till Kina på studieresa?")
    anna.say("1")
    Conversation(app.engine, user=SARA).say("svara 1: Kolla UD:s reseinformation i god tid.")
    with database.session_scope() as session:
        for name in ("Anna Berg", SARA):
            person = session.scalars(select(Person).where(Person.console_user == name)).one()
            personal_data.erase(session, person)
    with database.session_scope() as session:
        [kept] = session.scalars(select(VerifiedAnswer)).all()
        assert (kept.question, kept.answered_by_name, kept.answer) == ("", "", "Kolla UD:s reseinformation i god tid.")
        assert not session.scalars(select(Delivery).where(Delivery.key == "forwarded:1")).all()
    said = Conversation(app.engine, user="Erik Lind").say("Do I need a visa for a study trip to China?")
    assert "The coordinator's answer (the coordinator, 26 November 2026): Kolla UD:s reseinformation" in said

"""The foundation's conversations, read as transcripts of the terminal chat."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.app import build_app
from bot.config import Settings
from bot.messages import Message, Sender
from storage.db import Database
from storage.models import Person
from tests.support import Conversation


def test_greeting_in_swedish_uses_the_first_name(chat: Conversation) -> None:
    said = chat.say("hej")
    assert said.startswith("Utblick: Hej Anna!")
    assert "hjälp" in said


def test_greeting_in_english(chat: Conversation) -> None:
    said = chat.say("Hello!")
    assert said.startswith("Utblick: Hi Anna!")
    assert "help" in said


def test_help_follows_the_language_of_each_message(chat: Conversation) -> None:
    swedish = chat.say("hjälp")
    assert "Så här kan jag hjälpa dig" in swedish
    assert "t.ex." in swedish

    english = chat.say("help")
    assert "How I can help" in english
    assert "e.g." in english

    again = chat.say("Vad kan du göra?")
    assert "Så här kan jag hjälpa dig" in again


def test_a_message_in_no_clear_language_keeps_the_last_one(chat: Conversation) -> None:
    chat.say("help")
    assert "I'm not sure what you mean" in chat.say("xq zzv")


def test_unknown_text_gets_a_suggestion_not_an_error(chat: Conversation) -> None:
    said = chat.say("Kan du ordna blommor till fikat?")
    assert "Jag är inte säker på vad du menar" in said
    assert "hjälp" in said


def test_empty_message_is_answered_politely(chat: Conversation) -> None:
    assert "tomt meddelande" in chat.say("   ")


def test_very_long_message_is_refused_kindly_and_says_nothing_was_saved(chat: Conversation) -> None:
    said = chat.say("Jag var på konferens i Bryssel. " * 1600)
    assert "väldigt långt" in said
    assert "(51\u00a0199 tecken)" in said
    assert "Inget är sparat" in said


def test_control_characters_emoji_and_mixed_scripts_are_harmless(chat: Conversation) -> None:
    assert "Hej Anna!" in chat.say("\x00he\x07j\u200b")
    assert "Utblick:" in chat.say("🌍✈️ Привет 你好 مرحبا")
    assert "Utblick:" in chat.say("\x1b[31mhelp\x1b[0m")


def test_the_person_is_remembered_with_their_language(chat: Conversation, database: Database) -> None:
    chat.say("help")
    with database.session_scope() as session:
        person = session.query(Person).filter_by(console_user="Anna Berg").one()
        assert person.display_name == "Anna Berg"
        assert person.language == "en"


def test_platform_locale_decides_when_the_text_does_not(app) -> None:  # type: ignore[no-untyped-def]
    sender = Sender(platform="slack", user_id="U123", display_name="Erik Lind", locale="en-GB")
    replies = app.engine.handle(Message(sender=sender, channel="D1", text="12/3")).replies
    assert "I'm not sure what you mean" in replies[0].text


def test_a_delivery_is_answered_once_and_a_failed_turn_keeps_no_record_of_it(
    app,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A platform that redelivers an event (Slack, when its acknowledgement came late) gets no second
    answer; but the record is part of the turn, so a turn that failed does not swallow the redelivery."""
    import storage.people

    sender = Sender(platform="slack", user_id="U123", display_name="Erik Lind")
    first = app.engine.handle(Message(sender=sender, channel="D1", text="hej", delivery_id="Ev1"))
    assert "Hej Erik!" in first.replies[0].text and not first.repeat
    again = app.engine.handle(Message(sender=sender, channel="D1", text="hej", delivery_id="Ev1"))
    assert again.replies == [] and again.repeat and not again.failed

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    with monkeypatch.context() as patched:
        patched.setattr(storage.people, "find_or_create", broken)
        failed = app.engine.handle(Message(sender=sender, channel="D1", text="hej", delivery_id="Ev2"))
    assert failed.failed and "Något gick fel" in failed.replies[0].text
    retried = app.engine.handle(Message(sender=sender, channel="D1", text="hej", delivery_id="Ev2"))
    assert "Hej Erik!" in retried.replies[0].text


def test_a_database_that_is_down_gets_a_friendly_answer(settings: Settings) -> None:
    down = Database("postgresql://nobody@127.0.0.1:9/none", connect_args={"connect_timeout": 1})
    app = build_app(settings, database=down)
    chat = Conversation(app.engine)
    said = chat.say("hej")
    assert "kommer inte åt min databas" in said
    assert "Försök igen" in said
    assert "Traceback" not in said


def test_commands_with_a_typo_or_a_slack_mention_still_work(chat: Conversation) -> None:
    assert "Så här kan jag hjälpa dig" in chat.say("hjälpp")
    assert "Så här kan jag hjälpa dig" in chat.say("hjalp")
    assert "Du har inte loggat något ännu" in chat.say("mina aktivteter")
    assert "Du har inte loggat något ännu" in chat.say("<!channel> mina aktivitetr")
    assert "You haven't logged anything yet" in chat.say("my activites")


def test_thanks_gets_a_welcome_and_a_lone_yes_says_nothing_is_waiting(chat: Conversation) -> None:
    assert "Varsågod!" in chat.say("tack!")
    assert "You're welcome!" in chat.say("thanks a lot")
    said = chat.say("ja")
    assert "ingen fråga som väntar på svar" in said and "t.ex." not in said
    assert "no question waiting" in chat.say("yes please")


def test_each_message_is_understood_once_per_turn(chat: Conversation, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine reads a message once (intent, dates, places, kind) and every capability uses that
    reading: no recogniser or handler parses the same text again."""
    import bot.conversation
    import bot.nlu.activity
    import bot.nlu.understanding
    import handlers.answer_reading

    calls: Counter[str] = Counter()

    def counting(module: object, name: str) -> None:
        original = getattr(module, name)

        def counted(*args: object, **kwargs: object) -> object:
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    counting(bot.conversation, "understand")
    counting(bot.nlu.understanding, "parse_activity")
    counting(handlers.answer_reading, "parse_activity")
    counting(bot.nlu.activity, "find_dates")
    counting(bot.nlu.activity, "find_places")
    for said in ("Jag var på konferens i Bryssel 12–14 mars och flög dit", "nej, det var i Berlin", "hjälp"):
        calls.clear()
        chat.say(said)
        assert calls["understand"] == 1, said
        assert calls["parse_activity"] <= 1 and calls["find_dates"] <= 1 and calls["find_places"] <= 1, (said, calls)
    assert calls["parse_activity"] == 0  # "hjälp" is a command: nothing to parse

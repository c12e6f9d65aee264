"""Dialogue state lives in the database: a restart, or a second instance, continues the conversation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import FixedClock
from bot.config import Settings
from bot.context import Context, Turn
from bot.conversation import Engine
from bot.messages import Message
from bot.registry import Capability, Registry
from handlers import CAPABILITIES
from storage import dialogues
from storage.db import Database
from storage.dialogues import DialogueState
from storage.models import Person
from tests.support import Conversation


def _counted(n: int) -> Turn:
    return Turn(Turn.say(f"räknar {n}").replies, DialogueState("count", "next", {"n": n}))


def _start(message: Message, ctx: Context) -> Turn:
    return _counted(1)


def _resume(message: Message, ctx: Context) -> Turn:
    if message.text == "stopp":
        return Turn(Turn.say("slut").replies, None)
    assert ctx.dialogue is not None
    return _counted(int(ctx.dialogue.slots["n"]) + 1)


def counting_engine(settings: Settings, database: Database, clock: FixedClock) -> Engine:
    """The real engine with one extra multi-turn capability that counts messages until 'stopp'."""
    counting = Capability(name="count", handle=_start, resume=_resume)
    return Engine(settings, database, Registry([*CAPABILITIES, counting]), clock)


def test_a_restart_in_the_middle_continues_the_same_dialogue(
    settings: Settings, database: Database, clock: FixedClock
) -> None:
    chat = Conversation(counting_engine(settings, database, clock))
    assert "räknar 1" in chat.press("count:start")
    assert "räknar 2" in chat.say("vidare")

    chat.restart(counting_engine(settings, database, clock))
    assert "räknar 3" in chat.say("vidare")
    assert "Hej" in chat.say("hej")  # a greeting is answered without ending the dialogue
    assert "räknar 4" in chat.say("vidare")
    assert "slut" in chat.say("stopp")
    assert "inte säker" in chat.say("vidare")


def test_an_unfinished_dialogue_older_than_a_day_is_dropped_with_a_note(
    settings: Settings, database: Database, clock: FixedClock
) -> None:
    chat = Conversation(counting_engine(settings, database, clock))
    chat.press("count:start")
    clock.set(clock.now() + timedelta(hours=25))
    said = chat.say("vidare")
    assert "oavslutad konversation" in said
    assert "räknar" not in said


def test_a_dialogue_keeps_its_start_until_another_capability_takes_it_over(database: Database) -> None:
    start = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    with database.session_scope() as session:
        anna = Person(console_user="anna")
        session.add(anna)
        session.flush()
        dialogues.save(session, anna.id, "console", DialogueState("count", "next", {"n": 1}), start)
        dialogues.save(session, anna.id, "console", DialogueState("count", "next", {"n": 2}), start + timedelta(1))
        kept = dialogues.load(session, anna.id, "console", lock=True)
        assert kept is not None and (kept.slots, kept.started_at) == ({"n": 2}, start)
        dialogues.save(session, anna.id, "console", DialogueState("log_activity", None, {}), start + timedelta(2))
        taken = dialogues.load(session, anna.id, "console")
        assert taken is not None and (taken.handler, taken.started_at) == ("log_activity", start + timedelta(2))
        dialogues.clear(session, anna.id, "console")
        assert dialogues.load(session, anna.id, "console") is None

"""The conversation engine: the only door into the bot.

`Engine.handle(Message) -> list[Reply]` opens one database session for the turn, finds the person,
decides the language, loads their unfinished dialogue, routes to a capability and saves what the
capability returns — all in one transaction, so a turn either happens completely or not at all.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from dataclasses import dataclass, replace
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from bot.actions import ActionCodec
from bot.clock import Clock
from bot.config import Settings
from bot.context import Context, Keep, Turn
from bot.i18n import Translator, normalise_language
from bot.language import detect_language
from bot.messages import Message, Reply
from bot.nlu.understanding import Understanding, understand
from bot.registry import Capability, Registry
from storage import dialogues, events, keys, people
from storage.db import Database, DatabaseUnavailable
from storage.dialogues import DialogueState
from storage.models import Person

log = logging.getLogger(__name__)

FALLBACK = "fallback"

# Control characters other than newline and tab come from copy-paste accidents and terminals;
# they are removed before anything else sees the text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_text(text: str) -> str:
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class TurnResult:
    """What the engine answers: the replies, and whether the turn failed (the database was down, a bug),
    in which case nothing was stored and the replies are its apology. A platform keeps a pressed button's
    card as it was after a failed turn, so the person can press again."""

    replies: list[Reply]
    failed: bool = False
    # The pressed button's value was not one this bot issued: nothing was done.
    refused: bool = False
    # The message's delivery was recorded before: this is the platform delivering it again, left unanswered.
    repeat: bool = False


def action_codec(database: Database) -> ActionCodec:
    """The codec for button values, with the key this database keeps (made on first use): every instance
    and every process on one database signs and checks alike."""

    def key() -> bytes:
        with database.session_scope() as session:
            return keys.key(session, "actions")

    return ActionCodec(key)


class Engine:
    def __init__(self, settings: Settings, database: Database, registry: Registry, clock: Clock) -> None:
        if registry.get(FALLBACK) is None:
            raise ValueError("the registry needs a 'fallback' capability")
        self.settings = settings
        self.database = database
        self.registry = registry
        self.clock = clock
        # Button values are signed with a key the database keeps for every instance; read on first use.
        self.actions = action_codec(database)

    def handle(self, message: Message) -> TurnResult:
        """Answer one message. Never raises: a failure becomes a friendly reply, `failed`, and a log line."""
        started = time.perf_counter()
        text = clean_text(message.text)
        # A submitted form's values are typed by a person too: the same cleaning, on every platform.
        data = {str(k): clean_text(str(v or "")) for k, v in message.data.items()} if message.data else message.data
        message = replace(message, text=text, data=data)
        guess = detect_language(text[: self.settings.max_message_chars])
        fallback_language = guess or normalise_language(message.locale or message.sender.locale, self.settings.language)
        handler_name = intent = "-"
        failed = repeat = False
        replies: list[Reply]
        try:
            if message.pressed is not None:  # a button's value as the platform brought it back
                action = self.actions.decode(message.pressed)
                message = replace(message, action=action, refused_action=action is None, pressed=None)
            with self.database.session_scope() as session:
                arrival = events.Arrival(True)
                if message.delivery_id:  # the delivery recorded, its writer and dialogue found, in one round trip
                    # A private conversation's dialogue is the one the turn continues; in a channel, the
                    # capability may move the answer to the person's own conversation, so it is read later.
                    channel = message.channel if message.private else None
                    arrival = events.first_time_finding(session, message.platform, message.delivery_id,
                                                        self.clock.now(), message.sender.identity, channel)  # fmt: skip
                if not arrival.first:
                    replies, handler_name, repeat = [], "repeat", True
                else:
                    replies, handler_name, intent = self._turn(session, message, guess, arrival)
        except (OperationalError, DBAPIError, DatabaseUnavailable) as exc:
            failed = True
            log.error("database unavailable while handling a %s message: %s", message.platform, type(exc).__name__)
            replies = [Reply(Translator(fallback_language)("errors.database"))]
        except Exception:
            failed = True
            log.exception("handler %s failed", handler_name)
            replies = [Reply(Translator(fallback_language)("errors.internal"))]
        # One line per message, with what it was taken for and by whom; never its text (it is personal).
        ms = round((time.perf_counter() - started) * 1000, 1)
        fields = {"platform": message.platform, "intent": intent, "handler": handler_name, "ms": ms}
        log.info("handled platform=%s intent=%s handler=%s ms=%.1f", *fields.values(), extra=fields)
        return TurnResult(replies, failed, refused=message.refused_action, repeat=repeat)

    def _turn(
        self, session: Session, message: Message, guess: str | None, arrival: events.Arrival
    ) -> tuple[list[Reply], str, str]:
        person = people.find_or_create(session, message.sender.identity, found=arrival.writer)
        language = self._language(person, message, guess)
        t = Translator(language)
        now = self.clock.now().astimezone(self._zone(person))
        understanding = None
        if not message.action and message.text and len(message.text) <= self.settings.max_message_chars:
            understanding = understand(message.text, now.date(), self.registry.intents, self.registry.recognisers)
        moved = False
        capability = self._addressed(message, understanding)
        if capability is not None and capability.personal and not message.private:
            if message.private_channel is None:
                return [Reply(t("privacy.personal_needs_private"))], capability.name, "-"
            # Asked in a channel: answered, and continued, in the person's own conversation with the bot.
            message, moved = replace(message, channel=message.private_channel, private=True), True
        if arrival.channel == message.channel and arrival.writer is person:
            dialogue = arrival.dialogue  # read, and locked, with the delivery's record
        else:
            dialogue = dialogues.load(session, person.id, message.channel, lock=True)
        notes: list[Reply] = []
        if dialogue and dialogue.updated_at:
            age = self.clock.now() - dialogue.updated_at
            if age > timedelta(hours=self.settings.dialogue_timeout_hours):
                dialogues.clear(session, person.id, message.channel)
                notes.append(
                    Reply(
                        t(f"dialogue.expired.{dialogue.handler}")
                        if t.has(f"dialogue.expired.{dialogue.handler}")
                        else t("dialogue.expired.default")
                    )
                )
                dialogue = None

        ctx = Context(
            session=session,
            person=person,
            language=language,
            t=t,
            settings=self.settings,
            registry=self.registry,
            now=now,
            dialogue=dialogue,
            understanding=understanding,
        )
        if message.refused_action:
            return notes + [Reply(t("errors.refused_button"))], "refused_button", "-"
        if not message.text and not message.action:
            return notes + self._empty(message, ctx), "empty", "-"
        if len(message.text) > self.settings.max_message_chars:
            return (
                notes
                + [
                    Reply(
                        t(
                            "errors.too_long",
                            length=t.number(len(message.text)),
                            limit=t.number(self.settings.max_message_chars),
                        )
                    )
                ],
                "too_long",
                "-",
            )

        turn, handler, intent = self._dispatch(message, ctx, dialogue, understanding)
        turn = self._take_over(turn, message, ctx)
        self._apply(session, person, message.channel, turn, had_dialogue=dialogue is not None)
        if moved:
            for reply in turn.replies:
                reply.personal = True
            turn.replies.append(Reply(t("privacy.answered_in_private")))
        return notes + turn.replies, handler, intent

    def _addressed(self, message: Message, understanding: Understanding | None) -> Capability | None:
        """The capability a button names, or the one the message's intent belongs to, if any."""
        if message.action:
            return self.registry.get(message.action.capability)
        return self.registry.for_intent(understanding.intent) if understanding else None

    def _dispatch(
        self, message: Message, ctx: Context, dialogue: DialogueState | None, understanding: Understanding | None
    ) -> tuple[Turn, str, str]:
        """Route the message; inside a dialogue, its owner answers unless another capability should.

        Returns the turn, the capability that answered and the intent the message was taken for.
        """
        if message.action:
            by_action = self.registry.get(message.action.capability)
            if by_action is not None:
                intent = f"button:{by_action.name}"
                if dialogue is not None and by_action.name == dialogue.handler and by_action.resume:
                    return by_action.resume(message, ctx), by_action.name, intent
                return by_action.handle(message, ctx), by_action.name, intent
        if understanding is None:
            understanding = understand(message.text, ctx.today, self.registry.intents, self.registry.recognisers)
            ctx.understanding = understanding
        intent = understanding.intent
        chosen = self.registry.for_intent(understanding.intent)
        owner = self.registry.get(dialogue.handler) if dialogue is not None else None
        if owner is None or owner.resume is None:
            capability = chosen or self._fallback
            return capability.handle(message, ctx), capability.name, intent
        if chosen is not None and chosen is not owner and chosen.interrupts:
            return self._aside(chosen, owner, message, ctx), chosen.name, intent
        turn = owner.resume(message, ctx)
        if not turn.understood and chosen is not None and chosen is not owner:
            aside = self._aside(chosen, owner, message, ctx, owner_ended=turn.dialogue is None)
            return aside, chosen.name, intent
        if not turn.understood and not turn.replies:  # passed on, and nobody else takes it
            turn.replies = self._fallback.handle(message, ctx).replies
            return turn, FALLBACK, intent
        return turn, owner.name, intent

    def _take_over(self, turn: Turn, message: Message, ctx: Context) -> Turn:
        """A turn that hands the conversation to another capability: that capability starts its own
        dialogue from the handover, after the replies already given."""
        if turn.handover is None:
            return turn
        target = self.registry.get(turn.handover.capability)
        if target is None or target.take_over is None:
            raise ValueError(f"no capability takes over {turn.handover.capability!r}")
        taken = target.take_over(turn.handover, message, ctx)
        return Turn(turn.replies + taken.replies, taken.dialogue, taken.understood)

    def _aside(
        self, chosen: Capability, owner: Capability, message: Message, ctx: Context, *, owner_ended: bool = False
    ) -> Turn:
        """Answer something else in the middle of a dialogue, then say where the dialogue was.

        An owner that ended its dialogue while handing the message on (a question that waited for one
        answer only) is not brought back: the dialogue ends, unless the other capability starts one.
        """
        turn = chosen.handle(message, ctx)
        if isinstance(turn.dialogue, Keep) and owner_ended:
            turn.dialogue = None
        elif isinstance(turn.dialogue, Keep) and owner.reprompt is not None:
            turn.replies.extend(owner.reprompt(message, ctx))
        return turn

    def _empty(self, message: Message, ctx: Context) -> list[Reply]:
        """An empty message (a stray Enter) changes nothing; in a dialogue, its question is asked again."""
        owner = self.registry.get(ctx.dialogue.handler) if ctx.dialogue is not None else None
        again = owner.reprompt(message, ctx) if owner is not None and owner.reprompt is not None else []
        if again:
            return [Reply(ctx.t("errors.empty_in_dialogue")), *again]
        return [Reply(ctx.t("errors.empty"))]

    @property
    def _fallback(self) -> Capability:
        capability = self.registry.get(FALLBACK)
        assert capability is not None
        return capability

    def _apply(self, session: Session, person: Person, channel: str, turn: Turn, *, had_dialogue: bool) -> None:
        """Store where the dialogue stands after the turn. Most turns are in no dialogue and end none:
        they write nothing (a DELETE of no row is still a statement, and a round trip, every turn)."""
        if isinstance(turn.dialogue, Keep):
            return
        if turn.dialogue is None:
            if had_dialogue:
                dialogues.clear(session, person.id, channel)
        else:
            dialogues.save(session, person.id, channel, turn.dialogue, self.clock.now())

    def _language(self, person: Person, message: Message, guess: str | None) -> str:
        """What the person wrote in; else what they used last; else their platform's; else the default."""
        if guess:
            if person.language != guess:  # unchanged, the row stays clean and needs no flush
                person.language = guess
            return guess
        if person.language:
            return person.language
        return normalise_language(message.locale or message.sender.locale, self.settings.language)

    def _zone(self, person: Person) -> ZoneInfo:
        if person.timezone:
            try:
                return ZoneInfo(person.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                pass
        return self.settings.tz

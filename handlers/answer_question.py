"""Answer questions about the international strategy, grounded in its text and citing it.

Every question is kept (`storage/questions.py`) so the 👍/👎 under an answer and "pass it on" refer to
it, and the operator can see which questions fail (`utblick feedback`). When the strategy does not
answer, the bot says so, says what it can help with, and offers to pass the question to the
international coordinator with the asker named, so no question ends in a dead end.
"""

from __future__ import annotations

import logging
import re

from bot.actions import Action
from bot.context import KEEP, Context, Turn
from bot.knowledge.analysis import fold, words
from bot.knowledge.answers import Answer, answerer_for
from bot.knowledge.generative import rephrase
from bot.knowledge.glossary import load_glossary, same_word
from bot.knowledge.live_facts import LiveAnswerer
from bot.messages import Button, Message, Reply
from bot.nlu import lexicon
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from bot.roles import is_coordinator
from handlers.fallback import suggestions
from storage import people, questions
from storage.models import AskedQuestion

log = logging.getLogger(__name__)

NAME = "answer_question"

_INTERROGATIVES = lexicon.INTERROGATIVES
# Words that open a yes/no question: "Måste flyget klimatkompenseras", "Should we offset flights".
_QUESTION_OPENERS = lexicon.QUESTION_OPENERS
# "Kan du ordna blommor?" asks for a service, not about the strategy.
_REQUEST = lexicon.REQUEST
_STRATEGY = re.compile(r"\b(strategi\w*|strategy|strategies)\b")
_STRATEGY_ASKED = re.compile(r"\b(vad säger|vad står|what does|what do)\b.*\b(strategi\w*|strategy)\b")
_STATEMENT = lexicon.STATEMENT_OPENING


def score_text(text: str) -> float:
    """How much a message looks like a question for this capability (0 … 1).

    High for questions (a question mark, an interrogative or a yes/no opener) and for a word or two that
    names a term of the strategy ("flyg?", "klimatkompensation"); low for requests ("kan du ordna …")
    and for statements of what someone did ("Jag var på konferens i Bryssel"), which are for logging.
    """
    said = fold(text).strip()
    tokens = words(said)
    if not tokens:
        return 0.0
    if _STRATEGY_ASKED.search(said):
        return 0.95
    score = 0.0
    if said.endswith("?"):
        score = 0.8
    if tokens[0] in _INTERROGATIVES:
        score = max(score, 0.75)
    elif tokens[0] in _QUESTION_OPENERS and len(tokens) >= 2:
        score = max(score, 0.6)
    if _STRATEGY.search(said):
        score = max(score, 0.7)
    if len(tokens) <= 3 and _names_a_term(tokens):
        score = max(score, 0.6)
    if _REQUEST.search(said) and not _STRATEGY.search(said):
        score = min(score, 0.35)
    if _STATEMENT.search(said) and not said.endswith("?"):
        score = min(score, 0.2)
    return score


def recognise(understanding: Understanding) -> float:
    return score_text(understanding.text)


def _names_a_term(tokens: list[str]) -> bool:
    glossary = load_glossary()
    return any(
        len(phrase) == 1 and same_word(token, phrase[0])
        for token in tokens
        for entry in glossary.entries
        if not entry.soft
        for phrase in entry.triggers
    )


def answer_question(message: Message, ctx: Context) -> Turn:
    if message.action:
        return _pressed(message, ctx)
    question = message.text
    answer = LiveAnswerer(ctx.settings, ctx.session, ctx.person).answer(question, ctx.language, ctx.today)
    if answer is None:
        answer = answerer_for(ctx.settings.strategy_file).answer(question, ctx.language)
        answer = rephrase(answer, ctx.settings)
    row = questions.record(
        ctx.session,
        person=ctx.person,
        channel=message.channel,
        question=question,
        language=ctx.language,
        answered=answer.answered,
        kind=answer.kind,
        score=answer.score,
        sections=answer.sections,
        now=ctx.now,
    )
    log.info("question %s answered=%s kind=%s score=%.2f", row.id, answer.answered, answer.kind, answer.score)
    if answer.answered:
        return Turn([_answered(answer, row, ctx)], dialogue=KEEP)
    return Turn([_refused(answer, row, ctx)], dialogue=KEEP)


def _answered(answer: Answer, row: AskedQuestion, ctx: Context) -> Reply:
    t = ctx.t
    lines = [answer.text]
    for number, source in enumerate(answer.sources):
        shown = source.excerpt or source.quote
        if number == 0 and _said_in_full(shown, answer.text):
            lines.append(t("answer_question.chat.source", section=source.section))
        elif number == 0:
            label = {"document": "from_document", "live": "from_register"}.get(answer.kind, "in_swedish")
            lines.extend(["", t(f"answer_question.chat.{label}", quote=shown)])
            lines.append(t("answer_question.chat.source", section=source.section))
        else:
            lines.extend(["", t("answer_question.chat.see_also", section=source.section, quote=shown)])
    lines.extend(["", t("answer_question.chat.helpful")])
    buttons = [
        Button(t("answer_question.chat.yes"), Action(NAME, "feedback", ("up", str(row.id)))),
        Button(t("answer_question.chat.no"), Action(NAME, "feedback", ("down", str(row.id)))),
    ]
    return Reply("\n".join(lines), buttons=buttons)


def _said_in_full(quote: str, text: str) -> bool:
    """Whether the answer already contains the whole passage word for word (so it needn't be quoted twice)."""
    pieces = [" ".join(piece.split()) for piece in quote.split("…")]
    said = " ".join(text.split())
    return all(piece in said for piece in pieces if piece)


def _refused(answer: Answer, row: AskedQuestion, ctx: Context) -> Reply:
    t = ctx.t
    lines = [answer.text]
    if answer.kind in {"refused", "language"}:
        lines.append(t("answer_question.chat.can_help"))
        examples = [*t.list("answer_question.chat.examples")[:2], *suggestions(ctx, limit=4)]
        seen: list[str] = []
        for example in examples:
            if example not in seen and example != t("help.capabilities.help.examples"):
                seen.append(example)
        lines.extend(f"• {t('help.example', example=example)}" for example in seen[:4])
    buttons: list[Button] = []
    own_inbox = is_coordinator(ctx.person, ctx.settings)
    if answer.kind in {"refused", "partial", "language", "live"} and answer.question and not own_inbox:
        lines.append(t("answer_question.chat.offer_forward", coordinator=_coordinator(ctx)))
        buttons.append(
            Button(t("answer_question.chat.forward"), Action(NAME, "forward", (str(row.id),)), style="primary")
        )
    return Reply("\n".join(lines), buttons=buttons)


def _coordinator(ctx: Context) -> str:
    """How the coordinator is named to the asker: their name when the register knows the e-mail."""
    configured = ctx.settings.coordinator
    if configured and "@" in configured:
        person = people.find_by_email(ctx.session, configured)
        if person is not None and person.display_name:
            return ctx.t("answer_question.chat.coordinator_named", name=person.display_name)
    if configured and configured.startswith("#"):
        return ctx.t("answer_question.chat.coordinator_channel", channel=configured)
    return ctx.t("answer_question.chat.coordinator")


def _pressed(message: Message, ctx: Context) -> Turn:
    """👍/👎 under an answer, or "pass it on" under a refusal: `answer_question:<verb>:…:<id>`."""
    assert message.action is not None
    parts = [message.action.capability, message.action.verb, *message.action.args]
    verb = message.action.verb
    try:
        row = questions.get(ctx.session, int(parts[-1]))
    except ValueError:
        row = None
    if row is None or verb not in {"feedback", "forward"}:
        return Turn.say(ctx.t("answer_question.chat.gone"))
    if row.person_id != ctx.person.id:
        return Turn.say(ctx.t("answer_question.chat.not_yours"))
    if verb == "feedback" and len(parts) == 4 and parts[2] in questions.FEEDBACK_VALUES:
        questions.set_feedback(row, parts[2], ctx.now)
        if parts[2] == "up":
            return Turn.say(ctx.t("answer_question.chat.thanks_up"))
        if is_coordinator(ctx.person, ctx.settings):
            return Turn.say(ctx.t("answer_question.chat.thanks_down_coordinator"))
        reply = Reply(
            ctx.t("answer_question.chat.thanks_down", coordinator=_coordinator(ctx)),
            buttons=[]
            if row.forwarded_at
            else [Button(ctx.t("answer_question.chat.forward"), Action(NAME, "forward", (str(row.id),)))],
        )
        return Turn([reply])
    if verb == "forward":
        if row.forwarded_at is not None:
            return Turn.say(ctx.t("answer_question.chat.already_forwarded", coordinator=_coordinator(ctx)))
        questions.mark_forwarded(row, ctx.settings.coordinator, ctx.now)
        asker = ctx.person.display_name or ctx.person.email or ctx.t("answer_question.chat.you")
        log.info("question %s passed on to the coordinator", row.id)
        return Turn.say(ctx.t("answer_question.chat.forwarded", coordinator=_coordinator(ctx), name=asker))
    return Turn.say(ctx.t("answer_question.chat.gone"))


capability = Capability(
    name=NAME,
    handle=answer_question,
    intents=("question",),
    help_key="help.capabilities.answer_question",
    help_order=30,
    interrupts=False,  # inside a dialogue the owner answers first; a question it cannot take comes here
    recognise=recognise,
    priority=60,
)

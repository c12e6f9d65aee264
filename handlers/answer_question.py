"""Answer questions about the international strategy, grounded in its text and citing it.

Every question is kept (`storage/questions.py`) so the 👍/👎 under an answer and "pass it on" refer to
it, and the operator can see which questions fail (`utblick feedback`). When the strategy does not
answer, the bot says so, says what it can help with, and offers to pass the question to the
international coordinator with the asker named, so no question ends in a dead end.

A question passed on reaches the coordinator in chat with the strategy passage closest to it and a way
to answer ("svara 3: …", or the "Svara" button and its form). The answer goes back to the asker and is
kept as a verified answer (`storage/verified_answers.py`), which later questions about the same
concepts get, in either language, marked as the coordinator's with its date. Administrators and the
coordinator list, edit, retire and confirm verified answers in chat ("verifierade svar", "ändra svar 2:
…", "ta bort svar 2", "bekräfta svar 2") or with `utblick answers`.
"""

from __future__ import annotations

import logging
import re

from bot.actions import Action
from bot.config import Settings
from bot.context import KEEP, Context, Turn
from bot.i18n import Translator
from bot.knowledge.analysis import fold, words
from bot.knowledge.answers import Answer, Answerer, Source, answerer_for, format_date
from bot.knowledge.concepts import load_lexicon
from bot.knowledge.generative import rephrase
from bot.knowledge.live_facts import LiveAnswerer
from bot.messages import Button, Form, FormInput, Message, Reply
from bot.nlu import lexicon
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from bot.roles import is_admin, is_coordinator
from handlers.fallback import suggestions
from storage import outbox_messages, people, questions, verified_answers
from storage.models import AskedQuestion, Person, VerifiedAnswer

log = logging.getLogger(__name__)

NAME = "answer_question"

_INTERROGATIVES = lexicon.INTERROGATIVES
# Words that open a yes/no question: "Måste flyget klimatkompenseras", "Should we offset flights".
_QUESTION_OPENERS = lexicon.QUESTION_OPENERS
# "Kan du ordna blommor?" asks for a service, not about the strategy.
_REQUEST = lexicon.REQUEST
_STRATEGY = re.compile(r"\b(strategi\w*|strategy|strategies)\b")
_STRATEGY_ASKED = re.compile(r"\b(vad säger|vad står|what does|what do)\b.*\b(strategi\w*|strategy)\b")
# The coordinator answering a question passed on: "svara 3: …", "svar på fråga 3: …", "answer 3: …".
_REPLY = re.compile(
    r"^\s*(?:svara|svar|besvara|answer|reply)\s+(?:på\s+|to\s+)?(?:fråga\s+|frågan\s+|question\s+)?#?(\d+)\s*[:.,–-]\s*(.+)$",
    re.IGNORECASE | re.DOTALL,
)
# Looking after verified answers in chat.
_LIST_VERIFIED = re.compile(
    r"^\s*(?:visa\s+|lista\s+|show\s+|list\s+)?(?:verifierade\s+svar|verified\s+answers)\s*[?.!]*\s*$", re.I
)
_EDIT_VERIFIED = re.compile(
    r"^\s*(?:ändra|redigera|edit|change)\s+(?:verifierat\s+|verified\s+)?(?:svar|answer)\s+#?(\d+)\s*[:.,–-]\s*(.+)$",
    re.IGNORECASE | re.DOTALL,
)
_RETIRE_VERIFIED = re.compile(
    r"^\s*(?:ta\s+bort|pensionera|avveckla|retire|remove|delete)\s+(?:verifierat\s+|verified\s+)?(?:svar|answer)\s+#?(\d+)\s*[.!]*\s*$",
    re.IGNORECASE,
)
_CONFIRM_VERIFIED = re.compile(
    r"^\s*(?:bekräfta|godkänn|confirm)\s+(?:verifierat\s+|verified\s+)?(?:svar|answer)\s+#?(\d+)\s*[.!]*\s*$",
    re.IGNORECASE,
)
_COORDINATOR_COMMANDS = (_REPLY, _LIST_VERIFIED, _EDIT_VERIFIED, _RETIRE_VERIFIED, _CONFIRM_VERIFIED)
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
    if any(pattern.match(text) for pattern in _COORDINATOR_COMMANDS):
        return 0.95
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
    """Whether the words name one of the strategy's concepts ("flyg?", "klimatkompensation")."""
    lexicon = load_lexicon()
    return any(not lexicon.concepts[found.concept].soft for found in lexicon.find(tokens))


def answer_question(message: Message, ctx: Context) -> Turn:
    if message.action:
        return _pressed(message, ctx)
    command = _coordinator_command(message.text, ctx)
    if command is not None:
        return command
    question = message.text
    answer = LiveAnswerer(ctx.settings, ctx.session, ctx.person).answer(question, ctx.language, ctx.today)
    if answer is None:
        answerer = answerer_for(ctx.settings.strategy_file)
        answer = answerer.answer(question, ctx.language)
        if not answer.answered and answer.kind in {"refused", "partial"}:
            answer = _verified(answerer, answer, ctx) or answer
        answer = rephrase(answer, ctx.settings)
    asked = questions.record(
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
    log.debug("question %s answered=%s kind=%s score=%.2f", asked, answer.answered, answer.kind, answer.score)
    if answer.answered:
        return Turn([_answered(answer, asked, ctx)], dialogue=KEEP)
    return Turn([_refused(answer, asked, ctx)], dialogue=KEEP)


def _answered(answer: Answer, asked: int, ctx: Context) -> Reply:
    t = ctx.t
    lines = [answer.text]
    for number, source in enumerate(answer.sources):
        shown = source.excerpt or source.quote
        if _said_in_full(shown, answer.text):
            # Quoted in the answer already (each of two questions' passages is): only where it stands,
            # once for passages of one section.
            line = t("answer_question.chat.source", section=source.section)
            if line not in lines:
                lines.append(line)
        elif number == 0:
            label = {"document": "from_document", "live": "from_register", "verified": "rests_on"}.get(
                answer.kind, "in_swedish"
            )
            lines.extend(["", t(f"answer_question.chat.{label}", quote=shown)])
            lines.append(t("answer_question.chat.source", section=source.section))
        else:
            lines.extend(["", t("answer_question.chat.see_also", section=source.section, quote=shown)])
    lines.extend(["", t("answer_question.chat.helpful")])
    buttons = [
        Button(t("answer_question.chat.yes"), Action(NAME, "feedback", ("up", str(asked)))),
        Button(t("answer_question.chat.no"), Action(NAME, "feedback", ("down", str(asked)))),
    ]
    return Reply("\n".join(lines), buttons=buttons)


def _said_in_full(quote: str, text: str) -> bool:
    """Whether the answer already contains the whole passage word for word (so it needn't be quoted twice)."""
    pieces = [" ".join(piece.split()) for piece in quote.split("…")]
    said = " ".join(text.split())
    return all(piece in said for piece in pieces if piece)


def _refused(answer: Answer, asked: int, ctx: Context) -> Reply:
    t = ctx.t
    lines = [answer.text]
    if answer.kind == "register":
        return Reply("\n".join(lines))
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
            Button(t("answer_question.chat.forward"), Action(NAME, "forward", (str(asked),)), style="primary")
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
    if verb in {"reply", "reply_form"}:
        return _reply_pressed(verb, row, message, ctx)
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
        _tell_coordinator(row, ctx)
        asker = ctx.person.display_name or ctx.person.email or ctx.t("answer_question.chat.you")
        log.info("question %s passed on to the coordinator", row.id)
        return Turn.say(ctx.t("answer_question.chat.forwarded", coordinator=_coordinator(ctx), name=asker))
    return Turn.say(ctx.t("answer_question.chat.gone"))


# -- verified answers ----------------------------------------------------------------------------------


def _verified(answerer: Answerer, refused: Answer, ctx: Context) -> Answer | None:
    """The coordinator's answer to an earlier question about the same concepts, when there is one."""
    concepts = answerer.concept_key(refused.question)
    strategy = verified_answers.fingerprint(ctx.settings.strategy_file)
    row = verified_answers.find(ctx.session, concepts, strategy)
    if row is None:
        return None
    return verified_answer(row, refused.question, ctx.t, ctx.settings)


def verified_answer(row: VerifiedAnswer, question: str, t: Translator, settings: Settings) -> Answer:
    when = format_date(row.answered_at.astimezone(settings.tz).date().isoformat(), t.language)
    text = t("answer_question.verified", name=row.answered_by_name or t("answer_question.chat.the_coordinator"),
             date=when, text=row.answer)  # fmt: skip
    sources = [Source(row.section, row.quote, row.quote)] if row.section and row.quote else []
    return Answer(question, True, text, sources, 1.0, "verified", t.language)


def _tell_coordinator(row: AskedQuestion, ctx: Context) -> None:
    """Queue the passed-on question for the coordinator, with the passage closest to it and how to answer."""
    coordinator = verified_answers.coordinator(ctx.session, ctx.settings.coordinator)
    if coordinator is None:
        return
    t = Translator(coordinator.language or ctx.settings.language)
    nearest = answerer_for(ctx.settings.strategy_file).nearest(row.question)
    asker = ctx.person.display_name or ctx.person.email or "?"
    lines = [t("answer_question.inbox.forwarded", id=row.id, name=asker, question=row.question)]
    if nearest is not None:
        lines.append(
            t("answer_question.inbox.nearest", section=nearest.section, quote=nearest.excerpt or nearest.quote)
        )
    else:
        lines.append(t("answer_question.inbox.no_passage"))
    lines.append(t("answer_question.inbox.how", id=row.id))
    button = {"label": t("answer_question.inbox.reply"), "value": str(Action(NAME, "reply", (str(row.id),)))}
    outbox_messages.send(ctx.session, coordinator, f"forwarded:{row.id}", "\n".join(lines), [button], ctx.now)


def _may_answer(ctx: Context) -> bool:
    return is_coordinator(ctx.person, ctx.settings) or is_admin(ctx.person, ctx.settings)


def _reply_pressed(verb: str, row: AskedQuestion | None, message: Message, ctx: Context) -> Turn:
    """The coordinator's "Svara" button (a form to write the answer in), and the form sent back."""
    t = ctx.t
    if not _may_answer(ctx):
        return Turn.say(t("answer_question.inbox.only_coordinator"))
    if row is None:
        return Turn.say(t("answer_question.chat.gone"))
    if verb == "reply":
        form = Form(
            title=t("answer_question.inbox.form_title", id=row.id),
            submit_label=t("answer_question.inbox.form_submit"),
            action=Action(NAME, "reply_form", (str(row.id),)),
            inputs=(FormInput("answer", t("answer_question.inbox.form_label"), kind="multiline", required=True),),
        )
        return Turn([Reply(t("answer_question.inbox.form_intro", question=row.question), form=form)])
    text = ((message.data or {}).get("answer") or "").strip()
    if not text:
        return Turn.say(t("answer_question.inbox.empty", id=row.id))
    return _answer_forwarded(row, text, ctx)


def _answer_forwarded(row: AskedQuestion, text: str, ctx: Context) -> Turn:
    """Keep the coordinator's answer as a verified answer and send it to the asker."""
    t = ctx.t
    answerer = answerer_for(ctx.settings.strategy_file)
    nearest = answerer.nearest(row.question)
    verified = verified_answers.create(
        ctx.session,
        question=row,
        text=row.question,
        language=row.language,
        concepts=answerer.concept_key(row.question),
        answer=text,
        section=nearest.section if nearest else None,
        quote=(nearest.excerpt or nearest.quote) if nearest else None,
        by=ctx.person,
        now=ctx.now,
        strategy=verified_answers.fingerprint(ctx.settings.strategy_file),
    )
    asker = ctx.session.get(Person, row.person_id) if row.person_id else None
    if asker is not None and asker.id != ctx.person.id:
        theirs = Translator(row.language or asker.language or ctx.settings.language)
        said = verified_answer(verified, row.question, theirs, ctx.settings)
        body = theirs("answer_question.inbox.answered_you", question=row.question, text=said.text)
        outbox_messages.send(ctx.session, asker, f"verified:{verified.id}:asker", body, [], ctx.now)
    name = (asker.display_name or asker.email) if asker else None
    key = "answer_question.inbox.saved" if name else "answer_question.inbox.saved_nobody"
    return Turn.say(t(key, id=verified.id, name=name or ""))


def _coordinator_command(text: str, ctx: Context) -> Turn | None:
    """ "svara 3: …", "verifierade svar", "ändra svar 2: …", "ta bort svar 2", "bekräfta svar 2"."""
    matches = [(pattern, pattern.match(text)) for pattern in _COORDINATOR_COMMANDS]
    found = next(((pattern, match) for pattern, match in matches if match), None)
    if found is None:
        return None
    pattern, match = found
    t = ctx.t
    if not _may_answer(ctx):
        return Turn.say(t("answer_question.inbox.only_coordinator"))
    by = ctx.person.display_name or ctx.person.email or "?"
    if pattern is _REPLY:
        row = questions.get(ctx.session, int(match[1]))
        if row is None:
            return Turn.say(t("answer_question.chat.gone"))
        return _answer_forwarded(row, match[2], ctx)
    if pattern is _LIST_VERIFIED:
        verified_answers.review(ctx.session, verified_answers.fingerprint(ctx.settings.strategy_file))
        rows = verified_answers.listing(ctx.session)
        if not rows:
            return Turn.say(t("answer_question.verified_list.none"))
        lines = [t("answer_question.verified_list.heading", count=len(rows))]
        for verified in rows:
            when = format_date(verified.answered_at.astimezone(ctx.settings.tz).date().isoformat(), t.language)
            status = t(f"answer_question.verified_list.status_{verified.status}")
            lines.append(t("answer_question.verified_list.line", id=verified.id, question=verified.question,
                           answer=verified.answer, name=verified.answered_by_name, date=when, status=status))  # fmt: skip
        lines.append(t("answer_question.verified_list.how"))
        return Turn.say("\n".join(lines))
    one = verified_answers.get(ctx.session, int(match[1]))
    if one is None or one.status == "retired" and pattern is not _RETIRE_VERIFIED:
        return Turn.say(t("answer_question.verified_list.gone", id=match[1]))
    verified = one
    if pattern is _EDIT_VERIFIED:
        verified_answers.edit(verified, match[2], by, ctx.now)
        return Turn.say(t("answer_question.verified_list.edited", id=verified.id))
    if pattern is _RETIRE_VERIFIED:
        verified_answers.retire(verified, by, ctx.now)
        return Turn.say(t("answer_question.verified_list.retired", id=verified.id))
    verified_answers.confirm(verified, verified_answers.fingerprint(ctx.settings.strategy_file), by, ctx.now)
    return Turn.say(t("answer_question.verified_list.confirmed", id=verified.id))


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

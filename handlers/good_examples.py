"""Good examples: proposing an activity for spreading, the coordinator's decision, and the list.

The strategy says "vi sprider våra goda exempel". Anyone can propose an activity they logged (or, as a
contact person, one of their unit's) with a sentence on why: "dela som gott exempel: …", "share this as
a good example", or the button under results just given. The international coordinator gets the proposal
in chat with buttons to approve or decline; nothing is shared before that. An approved example is posted
to `UTBLICK_EXAMPLES_CHANNEL` (Slack or Teams) through the outbox, so exactly once; the person who
logged it is told; and it is listed by "visa goda exempel" / "show good examples" (by kind, country,
year) and in the unit's and the municipality's report under its own heading.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from bot.actions import Action
from bot.context import KEEP, Context, Turn
from bot.formatting import country_name, format_period
from bot.i18n import Translator, all_languages
from bot.messages import Button, Message, Reply
from bot.nlu import register_question
from bot.nlu.intents import normalise
from bot.nlu.kinds import guess_kind
from bot.nlu.text import fold
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from bot.roles import is_admin, is_coordinator
from storage import activities
from storage import good_examples as store
from storage.dialogues import DialogueState
from storage.models import Activity, GoodExample, Person
from storage.outbox_messages import send
from storage.verified_answers import coordinator

log = logging.getLogger(__name__)

NAME = "good_examples"
LISTED = 10


@cache
def _patterns(key: str) -> tuple[re.Pattern[str], ...]:
    """The phrases of `good_examples.words.<key>` in both languages as whole-word patterns, longest first;
    built once, as every message that is no command is tried against them."""
    phrases = {normalise(p) for p in all_languages(f"good_examples.words.{key}") if p.strip()}
    return tuple(re.compile(rf"(?<!\w){re.escape(p)}(?!\w)") for p in sorted(phrases, key=len, reverse=True))


def _said(text: str, key: str) -> re.Match[str] | None:
    said = normalise(text)
    for pattern in _patterns(key):
        match = pattern.search(said)
        if match:
            return match
    return None


def recognise(understanding: Understanding) -> float:
    """ "dela som gott exempel: …", "share this as a good example", "visa goda exempel 2026"."""
    return 0.95 if _said(understanding.text, "propose") or _said(understanding.text, "show") else 0.0


def may_decide(person: Person, ctx: Context) -> bool:
    return is_coordinator(person, ctx.settings) or is_admin(person, ctx.settings)


def describe(example: GoodExample, t: Translator, language: str) -> str:
    """ "Eurocities Culture Forum, Bryssel (12–14 mars 2026, Kultur- och fritidsförvaltningen): why"."""
    activity = example.activity
    place = activity.city or (country_name(activity.country, language) if activity.country else "")
    when = format_period(activity.start_date, activity.end_date, language, activity.date_precision)
    about = ", ".join(part for part in (when, activity.org_unit.name if activity.org_unit else "") if part)
    title = activity.title + (f", {place}" if place and place not in activity.title else "")
    return t("good_examples.line", title=title, about=about, why=example.why)


def _latest(ctx: Context) -> Activity | None:
    """The activity "this" means: the person's latest with results, else their latest."""
    mine = activities.of_person(ctx.session, ctx.person, limit=50)
    with_results = [a for a in mine if a.results]
    chosen = with_results or mine
    return max(chosen, key=lambda a: a.id) if chosen else None


def _propose(ctx: Context, activity: Activity, why: str) -> Turn:
    t = ctx.t
    example = store.propose(ctx.session, activity, ctx.person, why, ctx.now)
    if example is None:
        return Turn.say(t("good_examples.already", title=activity.title)).ended()
    to = coordinator(ctx.session, ctx.settings.coordinator)
    if to is not None:
        theirs = Translator(to.language or ctx.settings.language)
        text = theirs(
            "good_examples.to_coordinator",
            name=ctx.person.display_name or ctx.person.email or "?",
            example=describe(example, theirs, to.language or ctx.settings.language),
            results=activity.results or theirs("good_examples.no_results"),
        )
        buttons = [
            {"label": theirs("good_examples.approve"), "value": f"{NAME}:approve:{example.id}"},
            {"label": theirs("good_examples.decline"), "value": f"{NAME}:decline:{example.id}"},
        ]
        send(ctx.session, to, f"good_example:{example.id}:proposed", text, buttons, ctx.now)
    log.info("good example %s proposed", example.id)
    return Turn.say(t("good_examples.proposed", title=activity.title)).ended()


def _ask_why(ctx: Context, activity: Activity) -> Turn:
    state = DialogueState(handler=NAME, pending="why", slots={"activity": activity.id})
    return Turn([Reply(ctx.t("good_examples.ask_why", title=activity.title))], state)


def _decide(ctx: Context, example_id: int, approved: bool) -> Turn:
    t = ctx.t
    if not may_decide(ctx.person, ctx):
        return Turn.say(t("good_examples.coordinator_only"))
    example = ctx.session.get(GoodExample, example_id)
    if example is None:
        return Turn.say(t("good_examples.gone"))
    if not store.decide(example, approved, ctx.person, ctx.now):
        return Turn.say(t(f"good_examples.decided_already.{example.status}"))
    if not approved:
        log.info("good example %s declined", example.id)
        return Turn.say(t("good_examples.declined", title=example.activity.title))
    channel = ctx.settings.examples_channel
    if channel:
        language = ctx.settings.language
        post = Translator(language)("good_examples.post", example=describe(example, Translator(language), language))
        store.queue_post(ctx.session, example, channel, post, ctx.now)
    logger = example.activity.logged_by
    if logger is not None:
        theirs = Translator(logger.language or ctx.settings.language)
        key = "good_examples.told_channel" if channel else "good_examples.told_listed"
        text = theirs(key, title=example.activity.title, channel=channel or "")
        send(ctx.session, logger, f"good_example:{example.id}:told", text, [], ctx.now)
    log.info("good example %s approved", example.id)
    key = "good_examples.approved_channel" if channel else "good_examples.approved_listed"
    return Turn.say(t(key, title=example.activity.title, channel=channel or ""))


def filter_of(text: str, ctx: Context) -> store.Filter:
    """What a request for the list narrows it to: a kind, a country, a year."""
    guess = guess_kind(fold(text), None)
    country, _ = register_question.place(text)
    return store.Filter(
        kind=guess.kind if guess else None, country=country, year=register_question.year(text, ctx.today)
    )


def show(ctx: Context, text: str) -> Turn:
    t = ctx.t
    found = store.approved(ctx.session, filter_of(text, ctx))
    if not found:
        return Turn.say(t("good_examples.none"))
    lines = [t("good_examples.heading", count=t.number(len(found)))]
    lines += [f"• {describe(example, t, ctx.language)}" for example in found[:LISTED]]
    if len(found) > LISTED:
        lines.append(t("good_examples.more", shown=LISTED, count=t.number(len(found))))
    return Turn([Reply("\n".join(lines))], KEEP)


def handle(message: Message, ctx: Context) -> Turn:
    if message.action is not None:
        action = message.action
        if action.verb in ("approve", "decline") and action.arg(0).isdigit():
            return _decide(ctx, int(action.arg(0)), action.verb == "approve")
        if action.verb == "propose" and action.arg(0).isdigit():
            activity = activities.changeable(ctx.session, ctx.person, int(action.arg(0)))
            return _ask_why(ctx, activity) if activity is not None else Turn.say(ctx.t("good_examples.gone"))
        return Turn.say(ctx.t("good_examples.gone"))
    proposing = _said(message.text, "propose")
    if proposing is None:
        return show(ctx, message.text)
    activity = _latest(ctx)
    if activity is None:
        return Turn.say(ctx.t("good_examples.nothing_logged"))
    why = message.text.split(":", 1)[1].strip() if ":" in message.text else ""
    return _propose(ctx, activity, why) if why else _ask_why(ctx, activity)


def resume(message: Message, ctx: Context) -> Turn:
    """The sentence on why, after the question; a button or a command goes to the rest of the bot."""
    assert ctx.dialogue is not None
    if message.action is not None:
        return handle(message, ctx)
    activity_id = ctx.dialogue.slots.get("activity")
    activity = activities.changeable(ctx.session, ctx.person, int(activity_id)) if activity_id else None
    why = message.text.strip()
    if activity is None or not why:
        return Turn.pass_on(None)
    return _propose(ctx, activity, why)


def proposal_button(ctx: Context, activity: Activity) -> Button:
    """The button under results just given: propose this activity as a good example."""
    return Button(ctx.t("good_examples.propose_button"), Action(NAME, "propose", (str(activity.id),)))


capability = Capability(
    name=NAME,
    handle=handle,
    resume=resume,
    intents=("good_examples",),
    help_key="help.capabilities.good_examples",
    help_order=47,
    recognise=recognise,
    # "Jag vill dela ett gott exempel: vi …" reads like a report of work done; the request to share wins.
    priority=85,
)

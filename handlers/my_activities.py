"""A person's own activities: list, show, change, delete, and add what came out of them.

Everything goes through `storage.activities` functions that take the person, so nobody can reach
someone else's activity by guessing a number. Positions ("radera 2") refer to the list as "mina
aktiviteter" shows it; anything destructive is confirmed with the activity's title first.
"""

from __future__ import annotations

import re

from bot.actions import Action
from bot.context import KEEP, Context, Turn
from bot.formatting import format_period
from bot.messages import Button, Message, Reply
from bot.nlu.intents import match_command
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from handlers import activity_actions as actions
from storage import activities
from storage.dialogues import DialogueState
from storage.models import Activity

NAME = "my_activities"
LIST_LENGTH = 15

_COMMAND = re.compile(
    r"^\s*(?P<verb>visa|show|ändra|edit|change|radera|ta bort|delete|remove|resultat|results?|outcome)"
    r"(?:\s+(?:för|for|på|on|of|till|to))?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_VERBS = {
    "visa": "show", "show": "show", "ändra": "edit", "edit": "edit", "change": "edit", "radera": "delete",
    "ta bort": "delete", "delete": "delete", "remove": "delete", "resultat": "results", "result": "results",
    "results": "results", "outcome": "results",
}  # fmt: skip
_TARGET = re.compile(r"^(?:nr\.?\s*|nummer\s*|number\s*|#)?(?P<number>\d{1,3})\b[\s:.,-]*(?P<text>.*)$", re.DOTALL)
# "radera den", "ändra den senaste", "delete it": the activity logged last, usually the one just saved.
_LATEST = re.compile(
    r"^(?:den|det|denna|detta|den här|det här|den senaste|det senaste|senaste|den sista|sista|it|that|this|"
    r"this one|that one|the last one|the latest|the latest one|last one|latest)[\s.!]*$",
    re.IGNORECASE,
)
# Small words and Swedish definite endings that do not help find "Bryssel-konferensen".
_FILLER = frozenset(
    "för for på on of the den det en ett a an i in till to från from om about min mitt my our vår".split()
)


def score_text(text: str) -> float:
    """Commands on one's own activities: "radera 2", "resultat för Bryssel-konferensen: …"."""
    match = _COMMAND.match(text)
    if not match:
        return 0.0
    verb = _VERBS[match["verb"].lower()]
    rest = match["rest"].strip()
    if verb == "results" and rest:
        return 0.95
    if _TARGET.match(rest) or (verb != "results" and _LATEST.match(rest)):
        return 0.95
    return 0.0


def recognise(understanding: Understanding) -> float:
    return score_text(understanding.text)


def list_command(text: str) -> tuple[str, int | None, str] | None:
    """ "ändra 3" → ("edit", 3, ""), "resultat 2: tre partner" → ("results", 2, "tre partner"); None if no command.

    The number is None when the command names no position ("resultat för Bryssel-konferensen: …").
    """
    match = _COMMAND.match(text)
    if not match:
        return None
    verb, rest = _VERBS[match["verb"].lower()], match["rest"].strip()
    target = _TARGET.match(rest)
    if not target:
        return verb, None, rest
    return verb, int(target["number"]), target["text"].strip()


def _number_lines(items: list[Activity], ctx: Context) -> list[str]:
    lines = []
    for i, activity in enumerate(items, 1):
        when = format_period(activity.start_date, activity.end_date, ctx.language, activity.date_precision)
        lines.append(f"{i}. {activity.title}" + (f" – {when}" if when else ""))
    return lines


def list_activities(message: Message, ctx: Context) -> Turn:
    items = activities.of_person(ctx.session, ctx.person, LIST_LENGTH)
    if not items:
        return Turn.say(ctx.t("my_activities.none"))
    text = "\n".join(
        [ctx.t("my_activities.heading"), *_number_lines(items, ctx), ctx.t("my_activities.hint", n=min(2, len(items)))]
    )
    # After this list, "ändra 2" means this list's second, not the unit list's shown before it.
    after_unit_list = ctx.dialogue is not None and ctx.dialogue.handler == actions.UNIT_LIST
    return Turn([Reply(text)], None if after_unit_list else KEEP)


def _find(ctx: Context, number: int) -> Activity | None:
    items = activities.of_person(ctx.session, ctx.person, max(LIST_LENGTH, number))
    return items[number - 1] if 1 <= number <= len(items) else None


def _latest(ctx: Context) -> Activity | None:
    """The activity the person logged last (not the one with the latest date)."""
    items = activities.of_person(ctx.session, ctx.person, LIST_LENGTH)
    return max(items, key=lambda a: a.id) if items else None


def _words(text: str) -> list[str]:
    words = []
    for word in re.split(r"[\s\-–:,.]+", text.lower()):
        if len(word) < 3 or word in _FILLER:
            continue
        for ending in ("erna", "arna", "orna", "en", "et", "n"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
        words.append(word)
    return words


def _match_by_words(ctx: Context, target: str) -> list[Activity]:
    """The person's activities that best match the words ("Bryssel-konferensen"), best first."""
    words = _words(target)
    candidates = activities.search_own(ctx.session, ctx.person, words, limit=20)

    def hits(activity: Activity) -> int:
        haystack = " ".join(filter(None, [activity.title, activity.city, activity.programme, activity.network])).lower()
        return sum(word in haystack for word in words)

    if not candidates:
        return []
    best = max(hits(a) for a in candidates)
    return [a for a in candidates if hits(a) == best]


def _ask_delete(activity: Activity, ctx: Context) -> Turn:
    return Turn(
        [actions.delete_question(activity, ctx)], DialogueState(NAME, pending="delete", slots={"id": activity.id})
    )


def _delete(activity: Activity, ctx: Context) -> Turn:
    return Turn([actions.delete(activity, ctx)], None)


def _add_results(activity: Activity, results: str, ctx: Context) -> Turn:
    return Turn([actions.add_results(activity, results, ctx)], None)


def _ask_results(activity: Activity, ctx: Context) -> Turn:
    return Turn(
        [actions.results_question(activity, ctx)], DialogueState(NAME, pending="results", slots={"id": activity.id})
    )


def _results_command(rest: str, ctx: Context) -> Turn:
    """ "resultat 2: …", "resultat för Bryssel-konferensen: …", or "resultat: …" for the latest."""
    target_match = _TARGET.match(rest)
    if target_match:
        activity = _find(ctx, int(target_match["number"]))
        text = target_match["text"].strip()
        if activity is None:
            return Turn.say(ctx.t("my_activities.no_such", number=target_match["number"]))
        return _add_results(activity, text, ctx) if text else _ask_results(activity, ctx)
    target, colon, text = rest.partition(":")
    if not colon:
        target, text = "", rest
    target, text = target.strip(), text.strip()
    if not target:
        latest = activities.of_person(ctx.session, ctx.person, 1)
        if not latest:
            return Turn.say(ctx.t("my_activities.none"))
        newest = _latest(ctx)
        assert newest is not None
        return _add_results(newest, text, ctx) if text else _ask_results(newest, ctx)
    found = _match_by_words(ctx, target)
    if len(found) == 1:
        return _add_results(found[0], text, ctx) if text else _ask_results(found[0], ctx)
    choices = found or activities.of_person(ctx.session, ctx.person, 6)
    if not choices:
        return Turn.say(ctx.t("my_activities.none"))
    key = "my_activities.which_results" if found else "my_activities.no_match"
    reply = Reply(
        ctx.t(key, target=target),
        buttons=[Button(a.title[:70], Action(NAME, "results_for", (str(a.id),))) for a in choices[:6]],
    )
    return Turn([reply], DialogueState(NAME, pending="results_pick", slots={"results": text}))


def handle(message: Message, ctx: Context) -> Turn:
    if message.action:
        return _button(message, ctx)
    match = _COMMAND.match(message.text)
    if not match or match_command(message.text, ("my_activities",)):
        return list_activities(message, ctx)
    verb, rest = _VERBS[match["verb"].lower()], match["rest"].strip()
    if verb == "results":
        return _results_command(rest, ctx)
    target = _TARGET.match(rest)
    if not target and _LATEST.match(rest):
        activity = _latest(ctx)
        if activity is None:
            return Turn.say(ctx.t("my_activities.none"))
    elif not target:
        return list_activities(message, ctx)
    else:
        activity = _find(ctx, int(target["number"]))
    if activity is None:
        return Turn.say(ctx.t("my_activities.no_such", number=target["number"] if target else "–"))
    if verb == "show":
        return Turn([actions.card(activity, ctx)])
    if verb == "edit":
        return actions.start_edit(activity)
    return _ask_delete(activity, ctx)


def _button(message: Message, ctx: Context) -> Turn:
    assert message.action is not None
    verb, value = message.action.verb, message.action.arg(0)
    if verb == "keep":
        return Turn(Turn.say(ctx.t("my_activities.kept")).replies, None)
    activity = activities.changeable(ctx.session, ctx.person, int(value)) if value.isdigit() else None
    if activity is None:
        return Turn(Turn.say(ctx.t("my_activities.gone")).replies, None)
    if verb == "edit":
        return actions.start_edit(activity)
    if verb == "delete":
        return _ask_delete(activity, ctx)
    if verb == "delete_yes":
        return _delete(activity, ctx)
    if verb == "results":
        return _ask_results(activity, ctx)
    if verb == "results_for":
        pending = ctx.dialogue.slots.get("results", "") if ctx.dialogue else ""
        return _add_results(activity, pending, ctx) if pending else _ask_results(activity, ctx)
    return Turn([actions.card(activity, ctx)])


def resume(message: Message, ctx: Context) -> Turn:
    assert ctx.dialogue is not None
    if message.action:
        return _button(message, ctx)
    pending, slots = ctx.dialogue.pending, ctx.dialogue.slots
    said = match_command(message.text, ("yes", "no", "cancel"))
    if said == "cancel" or (pending == "delete" and said == "no"):
        return Turn(Turn.say(ctx.t("my_activities.kept")).replies, None)
    activity = activities.changeable(ctx.session, ctx.person, int(slots.get("id", 0))) if slots.get("id") else None
    if pending == "delete" and said == "yes" and activity:
        return _delete(activity, ctx)
    if pending == "results" and activity and message.text.strip():
        return _add_results(activity, message.text, ctx)
    turn = handle(message, ctx) if score_text(message.text) or match_command(message.text, ("my_activities",)) else None
    if turn is not None:
        return turn
    return Turn(Turn.say(ctx.t("log_activity.say.answer_unclear")).replies, understood=False)


def reprompt(message: Message, ctx: Context) -> list[Reply]:
    """The question about one activity (delete it? what came of it?) asked again, after something else."""
    assert ctx.dialogue is not None
    activity_id = ctx.dialogue.slots.get("id")
    activity = activities.changeable(ctx.session, ctx.person, int(activity_id)) if activity_id else None
    if activity is None:
        return []
    if ctx.dialogue.pending == "delete":
        return [actions.delete_question(activity, ctx)]
    return [actions.results_question(activity, ctx)] if ctx.dialogue.pending == "results" else []


capability = Capability(
    name=NAME,
    handle=handle,
    resume=resume,
    reprompt=reprompt,
    intents=("my_activities",),
    help_key="help.capabilities.my_activities",
    help_order=20,
    recognise=recognise,
    personal=True,
    priority=70,
)

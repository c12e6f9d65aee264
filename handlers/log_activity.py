"""Log international work from one natural sentence, asking only for what is missing.

"Jag var på konferens i Bryssel 12–14 mars, flög dit" is a complete activity but for one thing the
strategy requires: whether the flight was climate-compensated. The dialogue asks for what the report
needs and the message did not say, one question at a time; any message can correct what was understood
("nej, det var i Berlin"); nothing is stored until the person confirms.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import func, select

from bot.actions import Action
from bot.context import KEEP, Context, Handover, Turn
from bot.formatting import format_period
from bot.i18n import LANGUAGES, Translator
from bot.messages import Button, Form, FormInput, Message, Option, Reply
from bot.nlu import lexicon
from bot.nlu.activity import ActivityDraft, parse_activity, said_status, split_activities
from bot.nlu.dates import day_correction, detect_tense, find_dates
from bot.nlu.intents import UNKNOWN, match_command
from bot.nlu.places import find_places, main_place
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from bot.roles import administrators
from handlers import activity_questions as questions
from handlers import answer_reading as reading
from handlers.activity_actions import add_results
from handlers.activity_card import describe, make_title, summary_fields
from handlers.activity_draft import Slots
from storage import activities, audit
from storage.dialogues import DialogueState
from storage.models import Activity, OrgUnit
from storage.outbox_messages import send as outbox_message
from storage.vocab import KINDS, STATUSES, TRAVEL_MODES, Kind, Status, TravelMode, in_date_window

NAME = "log_activity"
# How long "Gav den något?" waits for its answer, and the label people may put before it anyway.
_RESULTS_WAIT = timedelta(hours=1)
_RESULTS_LABEL = re.compile(r"^\s*(?:resultat(?:et)?|results?|outcome)\s*:\s*", re.IGNORECASE)
_EVENT_KINDS = ("conference", "study_visit", "network_meeting", "meeting", "training", "incoming_visit")


def _action(verb: str, value: str = "") -> Action:
    return Action(NAME, verb, (value,) if value else ())


def recognise(understanding: Understanding) -> float:
    """How much a message reads like a report of international work rather than a question or chat."""
    text, draft = understanding.text, understanding.activity
    facts = draft.understood
    if facts == 0:
        return 0.0
    score = {1: 0.45, 2: 0.75}.get(facts, 0.9)
    if draft.kind_said:
        score += 0.1
    if lexicon.STATEMENT.search(text):
        score += 0.15
    if "?" in text or reading.QUESTION_WORDS.match(text):
        score -= 0.45
    # Below 0.95, so a command that happens to name a place ("resultat för Bryssel-konferensen: …") wins.
    return max(0.0, min(score, 0.9))


# ---------------------------------------------------------------------------- entry points


def start(message: Message, ctx: Context) -> Turn:
    """A new activity: from free text, the log command, a form, or a message shortcut."""
    return _start(message, ctx)


def _start(message: Message, ctx: Context, travel: TravelMode | None = None) -> Turn:
    """`travel`: how the person travelled, said once in a message that held this activity and another."""
    verb = _verb(message)
    if verb == "form":
        return _form_turn(Slots(), message.text, ctx)
    if verb == "submit":
        return _from_form(Slots(), message, ctx)
    if verb and verb != "start":
        # A button from a conversation that has already ended (pressed twice, or after it was saved).
        return Turn.say(ctx.t("log_activity.say.stale_button"))
    text = message.text
    if match_command(text, ("log_form",)):
        return _form_turn(Slots(), "", ctx)
    if match_command(text, ("log_activity",)):
        text = ""
    slots = Slots(unit_id=ctx.person.org_unit_id)
    replies: list[Reply] = []
    if text:
        split = split_activities(text, ctx.today, reading.parsed(text, ctx))
        if split:
            text, slots.queued = split
            replies.append(Reply(ctx.t("log_activity.say.two_activities")))
            slots.queued_travel = _shared_travel(text, slots.queued, ctx)
        slots.messages.append(message.text)
        problem = _take(slots, text, ctx, correction=False)
        if travel and slots.travel_mode is None:
            slots.travel_mode = travel
        if not problem and _is_outcome(slots):
            outcome = _outcome_of_logged(slots, ctx)
            if outcome is not None:
                return outcome
        if problem:
            return _proceed(slots, ctx, replies + [Reply(problem)], after_problem=True)
    return _proceed(slots, ctx, replies, show_facts=True)


_OUTCOMES = (Status.GRANTED, Status.REJECTED)


def _is_outcome(slots: Slots) -> bool:
    return slots.kind == Kind.APPLICATION and slots.status in _OUTCOMES and slots.status_said


def _outcome_of_logged(slots: Slots, ctx: Context) -> Turn | None:
    """ "Interreg-ansökan beviljades": the outcome of an application already logged updates that one, so
    the report does not list a duplicate as still awaiting its answer. With several that may be meant, the
    person chooses; with none, it is a new application, as said."""
    waiting = activities.awaiting_outcome(ctx.session, ctx.person)
    fitting = [a for a in waiting if _may_be(a, slots)]
    if not fitting:
        return None
    if len(fitting) == 1:
        return _outcome_for(fitting[0], slots, ctx)
    slots.outcome_for = [a.id for a in fitting]
    return Turn([_ask_which_application(slots, ctx)], _state(slots, "outcome"))


def _may_be(application: Activity, slots: Slots) -> bool:
    """Whether a logged application may be the one the outcome is for: nothing said contradicts it."""

    def same(said: str | None, logged: str | None) -> bool:
        if not said or not logged:
            return True
        said, logged = said.casefold(), logged.casefold()
        return said in logged or logged in said

    return same(slots.programme, application.programme) and same(slots.project_name, application.project_name)


def _ask_which_application(slots: Slots, ctx: Context) -> Reply:
    t = ctx.t
    chosen = [ctx.session.get(Activity, i) for i in slots.outcome_for or []]
    buttons = [Button(a.title, _action("outcome_for", str(a.id))) for a in chosen if a is not None]
    buttons.append(Button(t("log_activity.button.outcome_new"), _action("outcome_new")))
    status = t(f"vocab.status.{slots.status}").lower()
    return Reply(t("log_activity.ask.which_application", status=status), buttons=buttons)


def _outcome_for(application: Activity, said: Slots, ctx: Context) -> Turn:
    """The outcome put on the logged application, to confirm like any change."""
    slots = Slots.for_activity(application)
    slots.status, slots.status_said = said.status, True
    slots.messages = said.messages
    note = Reply(ctx.t("log_activity.say.outcome_for", title=application.title))
    return _proceed(slots, ctx, [note])


def _outcome_answer(verb: str, slots: Slots, ctx: Context) -> Turn:
    """The answer to "which application?": one of those listed, or a new one after all."""
    name, _, value = verb.partition(":")
    if name == "outcome_for" and value.isdigit() and int(value) in (slots.outcome_for or []):
        application = activities.changeable(ctx.session, ctx.person, int(value))
        if application is not None:
            return _outcome_for(application, slots, ctx)
    if name == "outcome_new":
        slots.outcome_for = None
        return _proceed(slots, ctx, [], show_facts=True)
    return Turn([_ask_which_application(slots, ctx)], _state(slots, "outcome"), understood=bool(verb))


def _shared_travel(first: str, second: str, ctx: Context) -> TravelMode | None:
    """ "Studiebesök i Freiburg med tåg och nätverksmöte i Kaunas": a travel mode said once, in a message
    with two activities, is how the person travelled to both."""
    said, other = reading.parsed(first, ctx).travel_mode, reading.parsed(second, ctx).travel_mode
    return TravelMode(said) if said in TRAVEL_MODES and other is None else None


def resume(message: Message, ctx: Context) -> Turn:
    """The next message in a logging dialogue: an answer, a correction, a button, or something else."""
    assert ctx.dialogue is not None
    pending = ctx.dialogue.pending or "confirm"
    if pending == "results":
        return _results_answer(message, ctx)
    slots = Slots.from_dict(ctx.dialogue.slots)
    verb = _verb(message) or _numbered(message.text, slots, pending, ctx)
    text = message.text

    if verb == "cancel" or (not verb and match_command(text, ("cancel",))):
        if slots.queued:
            cancelled = [Reply(ctx.t("log_activity.say.cancelled"))]
            return _offer_queued(slots.queued, ctx, cancelled, instead=True, travel=slots.queued_travel)
        return _ending([Reply(ctx.t("log_activity.say.cancelled"))], slots)
    if verb == "form":
        return _form_turn(slots, "", ctx)
    if verb == "submit":
        return _from_form(slots, message, ctx)
    if pending == "queued":
        return _queued_answer(verb, message, slots, ctx)
    if pending == "outcome":
        return _outcome_answer(verb, slots, ctx)
    if verb:
        return _button(verb, message, slots, pending, ctx)

    if questions.named(pending) and pending != "title" and match_command(text, ("save",)):
        # "spara" while a question is open: say why it cannot be saved yet, instead of "no date in 'spara'".
        return _proceed(slots, ctx, [Reply(ctx.t("log_activity.say.save_needs"))])
    labelled = _labelled(text, slots, ctx)
    if labelled is not None:
        return labelled
    answer = _answer(text, slots, pending, ctx)
    if answer is not None:
        return answer
    if reading.is_question(text):
        # "Måste flyget klimatkompenseras?" is a question, not a correction; the engine passes it on.
        return _not_understood(text, slots, pending, ctx)
    if pending != "change" and not slots.edit_id and not slots.queued and reading.another_activity(text, slots, ctx):
        # Merging it would silently turn the activity being logged into this one; take it next instead.
        slots.queued = reading.without_no(text)
        return _proceed(slots, ctx, [Reply(ctx.t("log_activity.say.new_activity_queued", what=describe(slots, ctx.t)))])
    slots.messages.append(text)
    before = slots.to_dict()
    problem = _take(slots, text, ctx, correction=True)
    if problem:
        return _proceed(slots, ctx, [Reply(problem)], after_problem=True)
    changed = [name for name, value in slots.to_dict().items() if before.get(name) != value and name != "messages"]
    if not changed:
        slots.messages.pop()
        return _not_understood(text, slots, pending, ctx)
    return _proceed(slots, ctx, [], show_facts=True)


def reprompt(message: Message, ctx: Context) -> list[Reply]:
    """After answering something else mid-dialogue (or an empty message), say where we were and ask again
    exactly what was asked, so that the next answer is read against the question the person sees."""
    if ctx.dialogue is None:
        return []
    pending = ctx.dialogue.pending or "confirm"
    if pending == "results":
        activity_id = ctx.dialogue.slots.get("results_for")
        activity = activities.own(ctx.session, ctx.person, int(activity_id)) if activity_id else None
        return [Reply(ctx.t("log_activity.say.results_again", title=activity.title))] if activity else []
    slots = Slots.from_dict(ctx.dialogue.slots)
    if pending == "queued":
        return _offer_queued(slots.queued or "", ctx, [], travel=slots.queued_travel).replies
    if pending == "outcome":
        return [_ask_which_application(slots, ctx)]
    if not slots.title_from_person:
        slots.title = make_title(slots, ctx.t) if slots.kind else None
    where = Reply(ctx.t("log_activity.say.continue_with", what=describe(slots, ctx.t)))
    if pending == "change":
        return [where, Reply(ctx.t("log_activity.ask.change"))]
    if pending == "confirm":
        return [where, _confirm(slots, ctx)]
    if questions.named(pending):
        return [where, _ask(pending, slots, ctx)]
    return _proceed(slots, ctx, [where]).replies


# ---------------------------------------------------------------------------- understanding answers


def _verb(message: Message) -> str:
    """The verb of a button of this dialogue ("save", "kind:conference" with its value), or ""."""
    action = message.action
    if action is None or action.capability != NAME:
        return ""
    return ":".join([action.verb, *action.args])


def _take(slots: Slots, text: str, ctx: Context, *, correction: bool) -> str | None:
    """Merge what a message says into the slots; return an explanation if it held an impossible date."""
    draft = reading.parsed(text, ctx)
    if correction and slots.start:
        _keep_year_near(draft, text, slots.start)
    if correction and not draft.kind_said and slots.kind:
        # "it was granted" names no kind: its status is read as one for the activity being changed.
        status = said_status(text, slots.kind)
        if status:
            draft.status, draft.status_said = status, True
    moved = day_correction(text, slots.start, slots.end) if slots.start else None
    if moved:
        # "it ended on the 15th" moves one end of the known period; it is not a new date or status.
        draft.start_date = draft.end_date = None
        draft.status, draft.status_said = None, False
    slots.merge(draft, correction=correction)
    if moved:
        which, day = moved
        if which == "end":
            slots.end_date = day if day != slots.start else None
        else:
            slots.start_date = day
        if slots.end and slots.start and slots.end < slots.start:
            slots.end_date = None
    if draft.date_problems:
        problem = draft.date_problems[0]
        return ctx.t(f"log_activity.say.{problem.code}", text=problem.text)
    return None


def _keep_year_near(draft: ActivityDraft, text: str, known: date) -> None:
    """A corrected day and month without a year ("15–17 mars") belongs to the year of the date it corrects.

    Read alone, a date without a year or tense is the nearest one from today, so moving last March's
    conference by two days would put it next March. Relative dates ("i tisdags") still count from today:
    only a date that reads the same from both days but for the year is moved.
    """
    if draft.start_date is None or detect_tense(text) is not None:
        return
    near = find_dates(text, known, None)
    if near.start is None or near.start == draft.start_date:
        return
    if (near.start.month, near.start.day) == (draft.start_date.month, draft.start_date.day):
        draft.start_date, draft.end_date = near.start, near.end


def _numbered(text: str, slots: Slots, pending: str, ctx: Context) -> str:
    """A number typed for one of the buttons of what was asked ("1" for the first), as the terminal chat
    numbers them: read from the dialogue's own state, so it holds after a restart or on another instance."""
    said = text.strip()
    if not said.isdigit() or len(said) > 2:
        return ""
    question = questions.named(pending)
    if question is not None:
        buttons = question.ask(slots, ctx).buttons
    elif pending == "confirm":
        buttons = _confirm(slots, ctx).buttons
    elif pending == "queued":
        buttons = _offer_queued(slots.queued or "", ctx, []).replies[-1].buttons
    elif pending == "outcome":
        buttons = _ask_which_application(slots, ctx).buttons
    else:
        buttons = []
    number = int(said)
    if not 1 <= number <= len(buttons) or buttons[number - 1].value.capability != NAME:
        return ""
    value = buttons[number - 1].value
    return ":".join([value.verb, *value.args])


_LABELLED = re.compile(r"^\s*([^:]{2,40}?)\s*:\s*(\S.*)$", re.DOTALL)


def _labelled(text: str, slots: Slots, ctx: Context) -> Turn | None:
    """ "rubrik: Baltic Green Towns", "title: …": a fact named with its label answers that fact's question,
    whatever was asked (a label is what the person uses to say which fact they mean)."""
    match = _LABELLED.match(text)
    if not match:
        return None
    said = match_command(match.group(1), tuple(_FIELDS))
    question = questions.named(_FIELDS[said]) if said else None
    if question is None:
        return None
    taken = question.read(match.group(2), slots, ctx)
    return _proceed(slots, ctx, taken) if taken is not None else None


def _answer(text: str, slots: Slots, pending: str, ctx: Context) -> Turn | None:
    """A reply that answers the pending question directly ("ja", "Kultur- och fritid", "spara")."""
    question = questions.named(pending)
    if question is not None:
        said = question.read(text, slots, ctx)
        if said is not None:
            return _proceed(slots, ctx, said)
    if pending in ("confirm", "change"):
        field = _field_named(text, slots, ctx)
        if field:
            return Turn([_ask(field, slots, ctx)], _state(slots, field))
    if pending == "change" and match_command(text, ("save",)):
        return _save(slots, ctx)
    if pending == "confirm":
        if match_command(text, ("save",)) or (reading.yes_no(text) or reading.leading_yes_no(text, ctx)) == "yes":
            return _save(slots, ctx)
        if match_command(text, ("change",)) or reading.yes_no(text) == "no":
            return Turn([Reply(ctx.t("log_activity.ask.change"))], _state(slots, "change"))
    return None


_CHANGE_VERB = re.compile(r"^\s*(?:ändra|rätta|byt|change|edit|correct|fix)\s+(?:på\s+)?", re.IGNORECASE)
# The word for a field ("datum", "platsen", "the title"), and the question that asks for it anew.
_FIELDS = {"field_date": "date", "field_place": "place", "field_kind": "kind", "field_travel": "travel",
           "field_title": "title", "field_unit": "unit", "field_climate": "climate"}  # fmt: skip


def _field_named(text: str, slots: Slots, ctx: Context) -> str | None:
    """The question to ask when the person names what to change ("datum", "ändra platsen") but not how."""
    rest = _CHANGE_VERB.sub("", text, count=1)
    said = match_command(rest, tuple(_FIELDS))
    if said is None or parse_activity(rest, ctx.today).understood:
        return None  # "datum 13 mars" says the new value too: that is a correction
    field = _FIELDS[said]
    if field == "unit" and not _units_exist(ctx):
        return None
    if field == "climate" and slots.travel_mode != "flight":
        return "travel"
    return field


def _not_understood(text: str, slots: Slots, pending: str, ctx: Context) -> Turn:
    """Nothing in the message moved the dialogue on: explain what was expected, keep everything."""
    t = ctx.t
    if pending == "date":
        turn = _proceed(slots, ctx, [Reply(t("log_activity.say.date_unknown", text=_short(text)))], after_problem=True)
        turn.understood = False  # "mina aktiviteter" is no date but a command, which the engine passes on
        return turn
    if pending == "place":
        slots.typed_place = _short(text, 60)
        reply = Reply(
            t("log_activity.say.place_unknown", text=_short(text)),
            buttons=[
                Button(t("log_activity.button.keep_place", place=_short(text, 40)), _action("keep_place")),
                Button(t("log_activity.button.digital"), _action("digital")),
                Button(t("log_activity.button.cancel"), _action("cancel")),
            ],
        )
        return Turn([reply], _state(slots, "place"), understood=False)
    question = questions.named(pending)
    if question is not None and question.unclear_key:
        question.on_unclear(text, slots, ctx)
        reply = question.ask(slots, ctx)
        reply.text = t(question.unclear_key, text=_short(text)) + "\n" + reply.text
        meant = question.takes_names and questions.reads_as_a_name(text)
        return Turn([reply], _state(slots, pending), understood=meant)
    key = "log_activity.say.change_unclear" if pending == "change" else "log_activity.say.answer_unclear"
    turn = _proceed(slots, ctx, [Reply(t(key, text=_short(text)))])
    turn.understood = False
    return turn


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------- buttons


def _button(verb: str, message: Message, slots: Slots, pending: str, ctx: Context) -> Turn:
    name, _, value = verb.partition(":")
    if name == "save":
        return _save(slots, ctx)
    if name == "change":
        return Turn([Reply(ctx.t("log_activity.ask.change"))], _state(slots, "change"))
    question = questions.named(name)
    if question is not None:
        said = question.press(value, slots, ctx)
        if said is not None:
            return _proceed(slots, ctx, said)
    elif name == "digital":
        slots.travel_mode = TravelMode.DIGITAL
    elif name == "keep_place" and slots.typed_place:
        slots.city, slots.country = slots.typed_place, None
    elif name == "unit_missing" and slots.typed_unit:
        return _proceed(slots, ctx, [_request_unit(slots.typed_unit, slots, ctx)])
    return _proceed(slots, ctx, [])


def _request_unit(name: str, slots: Slots, ctx: Context) -> Reply:
    """The person's unit is not in the register: every administrator is told once (through the outbox,
    under a key per person and name, so a second press or another instance adds nothing), and the activity
    is saved without a unit meanwhile."""
    slots.unit_requested = True
    who = ctx.person.display_name or ctx.person.email or "?"
    for admin in administrators(ctx.session, ctx.settings):
        t = Translator(admin.language if admin.language in LANGUAGES else "sv")
        key = f"unit_request:{ctx.person.id}:{admin.id}:{hashlib.sha256(name.casefold().encode()).hexdigest()[:16]}"
        text = t("log_activity.say.unit_request_to_admin", unit=name, person=who)
        outbox_message(ctx.session, admin, key, text, [], ctx.now)
    return Reply(ctx.t("log_activity.say.unit_requested", unit=name))


# ---------------------------------------------------------------------------- moving on


def _state(slots: Slots, pending: str) -> DialogueState:
    return DialogueState(NAME, pending=pending, slots=slots.to_dict())


def _units_exist(ctx: Context) -> bool:
    return bool(ctx.session.scalar(select(func.count()).select_from(OrgUnit)))


def _situation(ctx: Context) -> questions.Situation:
    return questions.Situation(units_exist=_units_exist(ctx), person_has_unit=ctx.person.org_unit_id is not None)


def _proceed(
    slots: Slots, ctx: Context, replies: list[Reply], *, after_problem: bool = False, show_facts: bool = False
) -> Turn:
    """Ask the next missing thing, or show the summary to confirm.

    After an impossible date the date is asked first, whatever else is missing: that is what the person
    is thinking about. With `show_facts`, a question comes with what has been understood so far, so
    the person sees that nothing they said was lost.
    """
    slots.refresh_status(ctx.today)
    if not slots.title_from_person:
        slots.title = make_title(slots, ctx.t) if slots.kind else None
    question = questions.first_missing(slots, _situation(ctx))
    if after_problem and not slots.start_date and not slots.is_project:
        question = questions.named("date")
    if question is None:
        return Turn([*replies, _confirm(slots, ctx)], _state(slots, "confirm"))
    ask = question.ask(slots, ctx)
    if show_facts and _facts_so_far(slots):
        replies = [*replies, Reply(ctx.t("log_activity.say.understood"), fields=summary_fields(slots, ctx.t))]
    return Turn([*replies, ask], _state(slots, question.name))


def _facts_so_far(slots: Slots) -> bool:
    return any((slots.start_date, slots.city, slots.country, slots.travel_mode, slots.programme))


def _ask(name: str, slots: Slots, ctx: Context) -> Reply:
    question = questions.named(name)
    if question is None:
        raise ValueError(name)
    return question.ask(slots, ctx)


def _unit_name(slots: Slots, ctx: Context) -> str | None:
    unit_id = slots.unit_id or ctx.person.org_unit_id
    unit = ctx.session.get(OrgUnit, unit_id) if unit_id else None
    return unit.name if unit else None


def _confirm(slots: Slots, ctx: Context) -> Reply:
    t = ctx.t
    text = t("log_activity.ask.confirm")
    if slots.country == "SE" and slots.kind not in ("incoming_visit",) and slots.travel_mode != "digital":
        text = t("log_activity.say.domestic") + "\n" + text
    return Reply(
        text,
        fields=summary_fields(slots, t, _unit_name(slots, ctx)) + questions.extra_fields(slots, t),
        buttons=[
            Button(t("log_activity.button.save"), _action("save"), style="primary"),
            Button(t("log_activity.button.change"), _action("change")),
            Button(t("log_activity.button.cancel"), _action("cancel"), style="danger"),
        ],
    )


def _save(slots: Slots, ctx: Context, *, source: str = "chat") -> Turn:
    missing = questions.first_missing(slots, _situation(ctx))
    if missing:
        return _proceed(slots, ctx, [])
    t = ctx.t
    slots.title = slots.title or make_title(slots, t)
    existing = activities.changeable(ctx.session, ctx.person, slots.edit_id) if slots.edit_id else None
    activity = existing or Activity(logged_by_id=ctx.person.id, source=source)
    slots.apply_to(activity)
    activity.org_unit_id = slots.unit_id or ctx.person.org_unit_id
    if slots.messages:
        earlier = activity.original_message + "\n" if activity.original_message else ""
        activity.original_message = earlier + "\n".join(slots.messages)
    if existing is None:
        activity.submission_key = slots.draft_key
        stored = activities.add_once(ctx.session, activity)
        if stored is None:
            return _already_saved(slots, ctx)
        activity = stored
    else:
        ctx.session.flush()
        if existing.logged_by_id != ctx.person.id:
            _audit_change_for_colleague(existing, ctx)
    lines = [t("log_activity.say.updated" if existing else "log_activity.say.saved", title=activity.title)]
    if activity.travel_mode == "flight" and activity.climate_compensated == "unknown":
        lines.append(t("log_activity.say.saved_climate_later"))
    ask_results = not existing and activity.kind != "application" and not activity.results
    if ask_results:
        finished = activity.status == "finished"
        # With the next activity waiting, the next message answers its offer, not "Gav den något?".
        ask_results = finished and not slots.queued
        if finished and slots.queued:
            lines.append(t("log_activity.say.results_later", days=ctx.settings.results_followup_days))
        else:
            lines.append(t("log_activity.say.results_now" if finished else "log_activity.say.saved_results_later"))
    replies = [Reply("\n".join(lines), fields=summary_fields(Slots.for_activity(activity), t, _unit_name(slots, ctx)))]
    if slots.queued:
        return _offer_queued(slots.queued, ctx, replies, travel=slots.queued_travel)
    if ask_results:
        # "Gav den något?" – the answer is the next message, unless that is plainly something else.
        return Turn(replies, DialogueState(NAME, pending="results", slots={"results_for": activity.id}))
    return _ending(replies, slots)


def _already_saved(slots: Slots, ctx: Context) -> Turn:
    """The draft was saved a moment ago (a second press of "Spara", the same form sent twice, another
    instance that got there first): say so, and leave the one that was stored alone."""
    saved = activities.by_submission(ctx.session, slots.draft_key)
    title = saved.title if saved is not None else slots.title or ""
    return Turn([Reply(ctx.t("log_activity.say.already_saved", title=title))], None)


def _results_answer(message: Message, ctx: Context) -> Turn:
    """The message after "Gav den något?": the results, or something else that ends the question."""
    assert ctx.dialogue is not None
    activity_id = ctx.dialogue.slots.get("results_for")
    activity = activities.own(ctx.session, ctx.person, int(activity_id)) if activity_id else None
    updated = ctx.dialogue.updated_at
    fresh = updated is not None and ctx.now - updated <= _RESULTS_WAIT
    text = message.text.strip()
    if message.action or activity is None or not fresh:
        return start(message, ctx) if message.action else _hand_over(message, ctx)
    if match_command(text, ("cancel", "no", "unknown", "no_results")):
        return Turn.say(ctx.t("log_activity.say.results_skipped")).ended()
    if match_command(text, ("yes", "save")):
        return Turn([Reply(ctx.t("log_activity.ask.results_what"))], KEEP)  # "ja" – but what?
    if not re.search(r"\w", text):
        return _hand_over(message, ctx)  # "👍" is no account of results
    understanding = ctx.understanding
    if understanding is None:
        return _hand_over(message, ctx)
    if understanding.intent == NAME and _tells_of_an_event(understanding):
        return start(message, ctx)
    # "Två nya samarbeten" names a term of the strategy, but without a question's form it is the answer.
    asked = reading.is_question(text) or text.endswith("?")
    if understanding.intent not in (UNKNOWN, "question", NAME) or asked:
        return _hand_over(message, ctx)
    return Turn([add_results(activity, _RESULTS_LABEL.sub("", text, count=1), ctx)], None)


def _tells_of_an_event(understanding: Understanding) -> bool:
    """Whether a message after "Gav den något?" is the next activity rather than what came of this one.

    "Nätverksmöte i Oslo 3 nov" is an event with its own place or date. "Three new partner cities for an
    URBACT application" names a kind too, but a project or an application without a date is what results
    are made of.
    """
    draft = understanding.activity
    return bool(draft.start_date) or (draft.kind in _EVENT_KINDS and bool(draft.city or draft.country))


def _hand_over(message: Message, ctx: Context) -> Turn:
    """Not an answer to the results question: the question ends, and the rest of the bot answers."""
    return Turn.pass_on(None)


def _ending(replies: list[Reply], slots: Slots) -> Turn:
    """The dialogue ends; an edit started from the unit list goes back to that list, whose numbers then
    still mean what the contact person saw."""
    back = Handover("unit_activities", "listed", {"ids": slots.listed_ids}) if slots.listed_ids else None
    return Turn(replies, None, handover=back)


def take_over(handover: Handover, message: Message, ctx: Context) -> Turn:
    """Another capability hands over an activity to change ("ändra 2" in a list): the logging dialogue,
    started from the saved activity."""
    activity_id = handover.data.get("activity_id")
    activity = activities.changeable(ctx.session, ctx.person, int(activity_id)) if activity_id else None
    if handover.verb != "edit" or activity is None:
        return Turn.say(ctx.t("log_activity.say.stale_button"))
    slots = Slots.for_activity(activity)
    slots.listed_ids = handover.data.get("listed_ids")
    # A title the bot made ("Studiebesök i Riga") follows the change ("det var i Tallinn"); one the
    # person wrote stays as written.
    slots.title_from_person = activity.title not in {make_title(slots, Translator(lang)) for lang in LANGUAGES}
    reply = Reply(
        ctx.t("log_activity.say.edit_intro", title=activity.title) + "\n" + ctx.t("log_activity.ask.change"),
        fields=summary_fields(slots, ctx.t),
    )
    return Turn([reply], _state(slots, "change"))


def _offer_queued(
    queued: str, ctx: Context, replies: list[Reply], *, instead: bool = False, travel: TravelMode | None = None
) -> Turn:
    """Offer the activity that waited for this one: the second of two in a message, or one written meanwhile."""
    t = ctx.t
    key = "log_activity.say.queued_instead" if instead else "log_activity.say.next_queued"
    offer = Reply(
        t(key, text=_short(queued)),
        buttons=[
            Button(t("log_activity.button.next"), _action("next"), style="primary"),
            Button(t("log_activity.button.skip_next"), _action("skip_next")),
        ],
    )
    return Turn([*replies, offer], _state(Slots(queued=queued, queued_travel=travel), "queued"))


def _audit_change_for_colleague(activity: Activity, ctx: Context) -> None:
    """A contact person correcting a colleague's activity is a change made on someone's behalf: logged."""
    owner = activity.logged_by
    details = {
        "title": activity.title,
        "when": format_period(activity.start_date, activity.end_date, ctx.language, activity.date_precision) or None,
        "who": (owner.display_name or owner.email) if owner else None,
    }
    audit.record(
        ctx.session, "activity_changed", actor=ctx.person, subject=owner, unit=activity.org_unit, details=details,
        now=ctx.now,
    )  # fmt: skip


def _queued_answer(verb: str, message: Message, slots: Slots, ctx: Context) -> Turn:
    """After saving the first of two activities in one message: log the second, or let it go."""
    said = reading.yes_no(message.text) if not verb else None
    if verb == "next" or said == "yes":
        return _start(replace(message, text=slots.queued or "", action=None), ctx, slots.queued_travel)
    if verb == "skip_next" or said == "no":
        return Turn.say(ctx.t("log_activity.say.queued_dropped")).ended()
    # Anything else is a new message; the queued activity is let go, and the person is told.
    turn = start(replace(message, action=None), ctx)
    turn.replies.insert(0, Reply(ctx.t("log_activity.say.queued_dropped")))
    return turn


# ---------------------------------------------------------------------------- the form


def _form_turn(slots: Slots, text: str, ctx: Context, description: str | None = None) -> Turn:
    """A form pre-filled with whatever is known: the dialogue so far, or the message it starts from."""
    if text:
        slots.merge(reading.parsed(text, ctx))
        slots.messages.append(text)
        slots.title = slots.title or (make_title(slots, ctx.t) if slots.kind else None)
    t = ctx.t

    def options(vocabulary: str, codes: tuple[str, ...]) -> tuple[Option, ...]:
        return tuple(Option(t(f"vocab.{vocabulary}.{c}"), c) for c in codes)

    form = Form(
        title=t("log_activity.form.title"),
        submit_label=t("log_activity.form.submit"),
        action=_action("submit"),
        inputs=(
            FormInput("kind", t("log_activity.form.kind"), "select", slots.kind, options("kind", KINDS), True),
            FormInput("title", t("log_activity.form.title_input"), "text", slots.title),
            FormInput("start_date", t("log_activity.form.start_date"), "date", _iso(slots.start_date)),
            FormInput("end_date", t("log_activity.form.end_date"), "date", _iso(slots.end_date)),
            FormInput("city", t("log_activity.form.city"), "text", slots.city),
            FormInput("country", t("log_activity.form.country"), "text", slots.country),
            FormInput(
                "travel_mode",
                t("log_activity.form.travel_mode"),
                "select",
                slots.travel_mode,
                options("travel_mode", TRAVEL_MODES),
            ),  # fmt: skip
            FormInput("programme", t("log_activity.form.programme"), "text", slots.programme),
            FormInput("status", t("log_activity.form.status"), "select", slots.status, options("status", STATUSES)),
            FormInput("description", t("log_activity.form.description"), "multiline", description),
        ),
    )
    return Turn([Reply(t("log_activity.form.title"), form=form)], _state(slots, "form"))


def _from_form(slots: Slots, message: Message, ctx: Context) -> Turn:
    data = {k: (v or "").strip() for k, v in (message.data or {}).items()}
    if message.submission_id:
        slots.draft_key = f"{message.platform}:{message.submission_id}"[:100]
    errors = _form_problems(data, ctx)
    data_ok = {name: value for name, value in data.items() if name not in errors}
    if errors:
        _take_form(slots, data_ok)
        return _form_again(slots, data, errors, ctx)
    _take_form(slots, data)
    if slots.start_date and slots.end_date and slots.end_date < slots.start_date:
        return _form_again(slots, data, {"end_date": ctx.t("log_activity.form.end_before_start")}, ctx)
    if data.get("description"):
        slots.messages.append(data["description"])
    missing = questions.first_missing(slots, _situation(ctx))
    if missing:
        return _proceed(slots, ctx, [Reply(ctx.t("log_activity.say.form_missing"))])
    return _save(slots, ctx, source="form")


def _take_form(slots: Slots, data: dict[str, str]) -> None:
    """Put a form's values into the draft; the caller has checked them (`_form_problems`)."""
    if data.get("kind") in KINDS:
        slots.kind = Kind(data["kind"])
    if data.get("title"):
        slots.title, slots.title_from_person = data["title"], True
    for name in ("start_date", "end_date"):
        if data.get(name):
            setattr(slots, name, date.fromisoformat(data[name]))
    if data.get("city") or data.get("country"):
        found = main_place(find_places(f"i {data.get('city', '')} {data.get('country', '')}".strip()))
        slots.city = data.get("city") or None
        slots.country = (found.country if found else None) or (data.get("country", "")[:2].upper() or None)
    if data.get("travel_mode") in TRAVEL_MODES:
        slots.travel_mode = TravelMode(data["travel_mode"])
    if data.get("programme"):
        slots.programme = data["programme"]
    if data.get("status") in STATUSES:
        slots.status = Status(data["status"])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _form_problems(data: dict[str, str], ctx: Context) -> dict[str, str]:
    """What cannot be stored as typed into a form, by input: the same limits as the register and the chat.

    A form reaches the bot without the chat's parsing, so a 500-character city or a date in year 9999 is
    refused here, under its input, instead of failing in the database and losing the whole form.
    """
    t = ctx.t
    errors: dict[str, str] = {}
    for name, limit in {**activities.TEXT_LIMITS, "description": ctx.settings.max_message_chars}.items():
        if len(data.get(name) or "") > limit:
            errors[name] = t("log_activity.form.too_long", limit=t.number(limit), length=t.number(len(data[name])))
    for name in ("start_date", "end_date"):
        if not data.get(name):
            continue
        try:
            day = date.fromisoformat(data[name])
        except ValueError:
            errors[name] = t("log_activity.form.not_a_date")
            continue
        if not in_date_window(day, ctx.today):
            errors[name] = t("log_activity.form.date_out_of_range")
    return errors


def _form_again(slots: Slots, data: dict[str, str], errors: dict[str, str], ctx: Context) -> Turn:
    """The form back as it was submitted, with what to mend, so nothing typed into it is lost (a value
    that cannot be stored is shown as typed, under its error, for the person to shorten or correct)."""
    turn = _form_turn(slots, "", ctx, description=data.get("description") or None)
    form = turn.replies[0].form
    if form is not None:
        inputs = tuple(
            replace(i, value=data[i.name]) if i.name in errors and data.get(i.name) else i for i in form.inputs
        )
        form = replace(form, inputs=inputs)
    return Turn([Reply("\n".join(errors.values()), form=form, form_errors=errors)], turn.dialogue)


capability = Capability(
    name=NAME,
    handle=start,
    resume=resume,
    reprompt=reprompt,
    intents=("log_activity", "log_form"),
    take_over=take_over,
    help_key="help.capabilities.log_activity",
    help_order=10,
    recognise=recognise,
    priority=80,
)

"""A contact person's list of their unit's activities, to fill the gaps before the report is written.

The report is only as good as what colleagues logged, and the contact person is the one who notices that
a conference has no results or a flight no climate-compensation answer. The report shows the gaps; here
they can be mended: "enhetens aktiviteter" lists the year's activities with who logged them and what each
lacks, and "visa 3", "ändra 3", "radera 3" and "resultat 3: …" act on that list as they do on one's own.
The numbers mean the list just shown, so its ids are kept in the dialogue; anything else the person writes
is answered as usual and the list stays where it was.

Who may see which unit follows the report: a unit's contact person their units, an administrator any
unit. Every change goes through `storage.activities.changeable`, which admits whoever logged the activity
and the contact person of its unit; changing or deleting a colleague's activity is audited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.actions import Action
from bot.context import KEEP, Context, Handover, Turn
from bot.formatting import format_period
from bot.messages import Button, Message, Reply
from bot.nlu import report_request
from bot.nlu.intents import match_command
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from bot.roles import is_admin
from handlers import activity_actions as actions
from handlers.my_activities import list_command
from reminders.deadlines import next_deadline
from reports.builder import lacks
from reports.model import GAP_KINDS, ActivityRecord
from reports.period import FIRST_YEAR, valid_year
from reports.query import dates_in_year, load_activities
from storage import activities
from storage import units as unit_store
from storage.dialogues import DialogueState
from storage.models import Activity, OrgUnit

NAME = actions.UNIT_LIST
LIST_LENGTH = 25
# "Hur många aktiviteter har enheten loggat?" is a question for the strategy answers' live facts.
_COUNTING = re.compile(r"^\s*(hur många|how many)\b", re.IGNORECASE)
_MENTION = re.compile(
    r"\b(?:enhetens|förvaltningens|bolagets|avdelningens|vår enhets|vår förvaltnings|vårt bolags|kollegornas"
    r"|unit'?s?|department'?s?|company'?s?|team'?s?|colleagues'?)\s+(?:alla\s+|all\s+)?(?:aktiviteter|activities)\b"
    r"|\b(?:activities|aktiviteter)\s+(?:of|for|för|i|på)\s+(?:our|the|my|vår|min|hela)\s+"
    r"(?:unit|department|company|team|enhet|förvaltning|bolag)",
    re.IGNORECASE,
)


def score_text(text: str) -> float:
    """ "enhetens aktiviteter för Tekniska förvaltningen 2025", "activities of our unit last year"."""
    if _COUNTING.match(text) or not _MENTION.search(text):
        return 0.0
    return 0.9


def recognise(understanding: Understanding) -> float:
    return score_text(understanding.text)


def _gaps(ctx: Context, record: ActivityRecord) -> list[str]:
    return [ctx.t(f"unit_activities.gap.{kind}") for kind in GAP_KINDS if lacks(kind, record, ctx.today)]


def _listing(ctx: Context, units: Sequence[OrgUnit], year: int) -> Turn:
    t = ctx.t
    # A big unit has thousands in a year: they are put in order by their dates alone, and only the ones
    # shown are read whole.
    dated = [d for unit in units for d in dates_in_year(ctx.session, year, unit.id, ctx.settings.tz)]
    names = ", ".join(unit.name for unit in units)
    if not dated:
        return Turn.say(t("unit_activities.none", unit=names, year=year))
    dated.sort(key=lambda d: (d.start_date or d.end_date or d.logged_on or ctx.today, d.id), reverse=True)
    ids = [d.id for d in dated[:LIST_LENGTH]]
    whole = {r.id: r for r in load_activities(ctx.session, year, None, ctx.settings.tz, ids=ids)}
    shown = [whole[i] for i in ids if i in whole]
    lines = [t("unit_activities.heading", unit=names, year=year, count=t.number(len(dated)))]
    for number, record in enumerate(shown, 1):
        when = format_period(record.start_date, record.end_date, ctx.language, record.date_precision)
        parts = [f"{number}. {record.title}" + (f" – {when}" if when else "")]
        parts.append(record.logged_by or t("unit_activities.nobody"))
        if len(units) > 1 and record.unit_name:
            parts.append(record.unit_name)
        gaps = _gaps(ctx, record)
        if gaps:
            parts.append(t("unit_activities.lacks", what=", ".join(gaps)))
        lines.append(" · ".join(parts))
    if len(dated) > len(shown):
        lines.append(t("unit_activities.more", shown=t.number(len(shown)), count=t.number(len(dated))))
    may_change = any(unit.contact_person_id == ctx.person.id for unit in units)
    example = min(3, len(shown))
    lines.append(t("unit_activities.hint" if may_change else "unit_activities.hint_look_only", n=example))
    return Turn([Reply("\n".join(lines))], _listed([r.id for r in shown]))


def _listed(ids: list[int], **pending: int) -> DialogueState:
    state = actions.listed(ids)
    state.slots.update(pending)
    return state


def _choose_unit(ctx: Context, year: int) -> Turn:
    everyone = unit_store.all_units(ctx.session)
    if not everyone:
        return Turn.say(ctx.t("unit_activities.no_units"))
    # The full name: a newcomer may not know what "KFF" stands for.
    buttons = [Button(unit.name, Action(NAME, "unit", (str(unit.id), str(year)))) for unit in everyone]
    return Turn([Reply(ctx.t("unit_activities.choose_unit", year=year), buttons=buttons)])


def _refuse(ctx: Context, own: Sequence[OrgUnit], unit: OrgUnit | None) -> Turn:
    """Say whose list it is, so the refusal is also the way forward."""
    if own and unit is not None:
        return Turn.say(ctx.t("unit_activities.other_unit", own=", ".join(u.name for u in own), unit=unit.name))
    unit = unit or ctx.person.org_unit
    contact = actions.person_name(unit.contact_person) if unit is not None else ""
    if unit is not None and contact:
        return Turn.say(ctx.t("unit_activities.not_contact", unit=unit.name, contact=contact))
    return Turn.say(ctx.t("unit_activities.not_contact_unknown"))


def _for(ctx: Context, text: str, unit_id: int | None = None, year: int | None = None) -> Turn:
    """The list the person may see: a named unit, the units they are contact person of, or a choice."""
    year = year or report_request.parse(text, ctx.today).year
    year = year or next_deadline(ctx.today, ctx.settings.report_deadline, ctx.settings.report_deadline_overrides)[0]
    if not valid_year(year, ctx.today):
        return Turn.say(ctx.t("unit_activities.bad_year", first=FIRST_YEAR, last=ctx.today.year + 1))
    own = unit_store.contact_for(ctx.session, ctx.person)
    admin = is_admin(ctx.person, ctx.settings)
    if unit_id is not None:
        named = [unit for unit in [ctx.session.get(OrgUnit, unit_id)] if unit is not None]
    else:
        everyone = unit_store.all_units(ctx.session)
        by_id = {unit.id: unit for unit in everyone}
        names = [(u.id, [u.name, u.short_name or "", *(u.aliases or [])]) for u in everyone]
        named = [by_id[i] for i in report_request.named_units(text, names)]
    if named:
        allowed = [unit for unit in named if admin or unit in own]
        return _listing(ctx, allowed, year) if allowed else _refuse(ctx, own, named[0])
    if own:
        return _listing(ctx, own, year)
    if admin:
        return _choose_unit(ctx, year)
    return _refuse(ctx, own, None)


def show_unit_activities(message: Message, ctx: Context) -> Turn:
    if message.action:
        return _button(message, ctx)
    return _for(ctx, message.text)


def _ids(ctx: Context) -> list[int]:
    slots: dict[str, Any] = ctx.dialogue.slots if ctx.dialogue and ctx.dialogue.handler == NAME else {}
    return list(slots.get("ids", []))


def _act(verb: str, activity: Activity, text: str, ctx: Context) -> Turn:
    """One of the list's commands on one activity; the list stays for the next."""
    ids = _ids(ctx)
    if verb == "show":
        return Turn([actions.card(activity, ctx, buttons=NAME)], _listed(ids))
    if verb == "edit":
        return actions.start_edit(activity, listed_ids=ids)
    if verb == "results" and text:
        return Turn([actions.add_results(activity, text, ctx)], _listed(ids))
    if verb == "results":
        return Turn([actions.results_question(activity, ctx)], _listed(ids, results_for=activity.id))
    if verb == "delete":
        return Turn([actions.delete_question(activity, ctx, buttons=NAME)], _listed(ids, delete=activity.id))
    if verb == "delete_yes":
        return Turn([actions.delete(activity, ctx)], _listed(ids))
    return Turn([actions.card(activity, ctx, buttons=NAME)], _listed(ids))


def _button(message: Message, ctx: Context) -> Turn:
    """`unit_activities:list` (App Home), `…:unit:<id>:<year>` (an administrator's choice), or a card's."""
    assert message.action is not None
    verb, args = message.action.verb or "list", message.action.args
    if verb == "unit" and len(args) == 2 and args[0].isdigit() and args[1].isdigit():
        return _for(ctx, "", unit_id=int(args[0]), year=int(args[1]))
    if verb == "keep":
        return _kept(ctx)
    if len(args) == 1 and args[0].isdigit():
        activity = activities.changeable(ctx.session, ctx.person, int(args[0]))
        if activity is None:
            return Turn.say(ctx.t("unit_activities.gone"))
        return _act(verb, activity, "", ctx)
    return _for(ctx, "")


def resume(message: Message, ctx: Context) -> Turn:
    """A command on the list just shown, an answer to its question, or something for the rest of the bot."""
    assert ctx.dialogue is not None
    if message.action:
        return _button(message, ctx)
    slots, ids = ctx.dialogue.slots, _ids(ctx)
    said = match_command(message.text, ("yes", "no", "cancel"))
    pending = slots.get("delete") or slots.get("results_for")
    activity = activities.changeable(ctx.session, ctx.person, int(pending)) if pending else None
    command = list_command(message.text)
    if activity is not None and slots.get("delete") and said in ("yes", "no", "cancel"):
        return _act("delete_yes", activity, "", ctx) if said == "yes" else _kept(ctx)
    if activity is not None and slots.get("results_for") and command is None and said != "cancel":
        return _act("results", activity, message.text.strip(), ctx)
    if command is None and (score_text(message.text) or match_command(message.text, ("unit_activities",))):
        return _for(ctx, message.text)  # the list asked for again, perhaps for another unit or year
    verb, number, text = command or ("", None, "")
    if number is None:
        if said == "cancel" and pending:
            return _kept(ctx)
        return _not_for_the_list(message, ctx)
    activity_id = ids[number - 1] if 1 <= number <= len(ids) else None
    chosen = activities.changeable(ctx.session, ctx.person, activity_id) if activity_id else None
    if chosen is not None:
        return _act(verb, chosen, text, ctx)
    # An administrator may look at any unit's list, as at any unit's report, but changes are for the
    # unit's contact person and whoever logged the activity.
    looked_at = ctx.session.get(Activity, activity_id) if activity_id and is_admin(ctx.person, ctx.settings) else None
    if looked_at is None:
        return Turn.say(ctx.t("unit_activities.no_such", number=number))
    if verb == "show":
        return Turn([replace(actions.card(looked_at, ctx), buttons=[])])
    unit = looked_at.org_unit
    contact = actions.person_name(unit.contact_person) if unit is not None else ""
    who = actions.logger_name(looked_at)
    key = "unit_activities.look_only_contact" if who and who == contact else "unit_activities.look_only"
    return Turn.say(ctx.t(key, who=who or "–", contact=contact or "–"))


def _kept(ctx: Context) -> Turn:
    return Turn([Reply(ctx.t("my_activities.kept"))], _listed(_ids(ctx)))


def _not_for_the_list(message: Message, ctx: Context) -> Turn:
    """Let the rest of the bot answer; with nobody else to answer, the fallback does, and the list stays."""
    return Turn.pass_on(KEEP)


def reprompt(message: Message, ctx: Context) -> list[Reply]:
    """The list's open question (delete this one? what came of it?) asked again; a list alone asks nothing."""
    assert ctx.dialogue is not None
    slots = ctx.dialogue.slots
    pending = slots.get("delete") or slots.get("results_for")
    activity = activities.changeable(ctx.session, ctx.person, int(pending)) if pending else None
    if activity is None:
        return []
    if slots.get("delete"):
        return [actions.delete_question(activity, ctx, buttons=NAME)]
    return [actions.results_question(activity, ctx)]


def take_over(handover: Handover, message: Message, ctx: Context) -> Turn:
    """Back on the list after an edit begun from it: its numbering, as the contact person last saw it."""
    return Turn([], _listed([int(i) for i in handover.data.get("ids") or []]))


capability = Capability(
    name=NAME,
    handle=show_unit_activities,
    resume=resume,
    reprompt=reprompt,
    intents=("unit_activities",),
    help_key="help.capabilities.unit_activities",
    help_order=45,
    recognise=recognise,
    personal=True,
    take_over=take_over,
    priority=40,
)

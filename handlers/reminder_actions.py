"""What a reminder's buttons do: "Påminn mig i morgon", "Klart", a flight's climate compensation, and
recording that the strategy has been followed up this term of office.

Every press is checked again here: a contact person may snooze or close their own unit's reminders (an
administrator any unit's), only the person who logged a flight answers for it, and only an
administrator or the strategy owner records the term's follow-up.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.context import Context, Turn
from bot.formatting import format_day
from bot.messages import Message
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from bot.roles import is_admin
from reminders import outbox
from reminders.deadlines import annual_deadline, local_moment, next_working_day, term_of_office
from reminders.planner import done_key, strategy_owner
from storage import activities, units
from storage.models import OrgUnit

NAME = "reminders"
_FOLLOWED_UP = re.compile(
    r"^\s*(?:strategin är uppföljd|strategin har följts upp|kommunstyrelsen har följt upp strategin|"
    r"the strategy has been followed up|the strategy was followed up)\b",
    re.IGNORECASE,
)


def score_text(text: str) -> float:
    return 0.95 if _FOLLOWED_UP.match(text) else 0.0


def recognise(understanding: Understanding) -> float:
    return score_text(understanding.text)


def _may_handle_unit(ctx: Context, unit: OrgUnit) -> bool:
    return is_admin(ctx.person, ctx.settings) or unit in units.contact_for(ctx.session, ctx.person)


def _unit_year(ctx: Context, value: str) -> tuple[OrgUnit, int] | Turn:
    """The unit and year a button names, or the answer to give when it is gone or not the presser's."""
    unit_id, _, year = value.partition(":")
    unit = ctx.session.get(OrgUnit, int(unit_id)) if unit_id.isdigit() and year.isdigit() else None
    if unit is None:
        return Turn.say(ctx.t("reminders.say.gone"))
    if not _may_handle_unit(ctx, unit):
        return Turn.say(ctx.t("reminders.say.not_yours", unit=unit.name))
    return unit, int(year)


def _snooze(ctx: Context, value: str) -> Turn:
    found = _unit_year(ctx, value)
    if isinstance(found, Turn):
        return found
    unit, year = found
    deadline = annual_deadline(year, ctx.settings.report_deadline, ctx.settings.report_deadline_overrides)
    tomorrow = ctx.now.date() + timedelta(days=1)
    day = next_working_day(tomorrow)  # "i morgon" on a Friday is Monday
    if day > deadline:
        return Turn.say(ctx.t("reminders.say.snooze_too_late"))
    moment = local_moment(day, ctx.settings.reminder_time, ctx.settings.tz)
    useful_until = datetime.combine(deadline, datetime.max.time(), tzinfo=ctx.settings.tz)
    outbox.mark(
        ctx.session, f"annual:{unit.id}:{year}:snooze:{day.isoformat()}", "annual_deadline", "pending", moment,
        person_id=ctx.person.id, org_unit_id=unit.id, deadline=deadline,
        payload={"year": year, "series": f"annual:{unit.id}:{year}", "useful_until": useful_until.isoformat()},
    )  # fmt: skip
    when = ctx.t("reminders.say.tomorrow") if day == tomorrow else format_day(day, ctx.language)
    return Turn.say(ctx.t("reminders.say.snoozed", when=when))


def _done(ctx: Context, value: str) -> Turn:
    found = _unit_year(ctx, value)
    if isinstance(found, Turn):
        return found
    unit, year = found
    outbox.mark(ctx.session, done_key(f"annual:{unit.id}:{year}"), "state", "done", ctx.now, person_id=ctx.person.id,
                org_unit_id=unit.id)  # fmt: skip
    return Turn.say(ctx.t("reminders.say.done", unit=unit.name, year=year))


def _climate(ctx: Context, value: str) -> Turn:
    activity_id, _, answer = value.partition(":")
    activity = activities.own(ctx.session, ctx.person, int(activity_id)) if activity_id.isdigit() else None
    if activity is None or answer not in ("yes", "no"):
        return Turn.say(ctx.t("reminders.say.gone"))
    activity.climate_compensated = answer
    return Turn.say(ctx.t(f"reminders.say.climate_{answer}", title=activity.title))


def _followed_up(ctx: Context) -> Turn:
    owner, _ = strategy_owner(ctx.session, ctx.settings)
    if not (is_admin(ctx.person, ctx.settings) or (owner is not None and owner.id == ctx.person.id)):
        return Turn.say(ctx.t("reminders.say.only_owner"))
    start, end = term_of_office(ctx.today)
    outbox.mark(ctx.session, done_key(f"mandate:{start.year}"), "state", "done", ctx.now, person_id=ctx.person.id)
    return Turn.say(ctx.t("reminders.say.followed_up", first=start.year, last=end.year))


def handle(message: Message, ctx: Context) -> Turn:
    if message.action is None:
        return _followed_up(ctx)
    verb, value = message.action.verb, ":".join(message.action.args)
    if verb == "snooze":
        return _snooze(ctx, value)
    if verb == "done":
        return _done(ctx, value)
    if verb == "climate":
        return _climate(ctx, value)
    if verb == "mandate_done":
        return _followed_up(ctx)
    return Turn.say(ctx.t("reminders.say.gone"))


capability = Capability(name=NAME, handle=handle, intents=("strategy_followed_up",), recognise=recognise, priority=10)

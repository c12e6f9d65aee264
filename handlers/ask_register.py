"""Questions about the register, answered from the database by who is asking.

"Vilka förvaltningar har inte loggat något i år?", "how many flights did my unit log in 2025?", "vilka
aktiviteter saknar resultat?", "vem i min enhet har loggat vad?": the people who prepare the annual
report ask about what has been logged, which the strategy cannot know. The message is read into a
`RegisterQuestion` (bot.nlu.register_question) and answered with the database's aggregates
(registers.register_answers): short, with the numbers, and a list with buttons to act on and a "more"
button for the rest.

Who sees what follows the strategy's roles: a person their own activities, a contact person their
unit's, the international coordinator (`UTBLICK_COORDINATOR`) and administrators every unit's. A question
beyond that is refused with the name of whoever can answer it, never with another unit's numbers. The
"more" button carries the question, not its answer: the asker's rights are worked out again on every press.

"Påminn Tekniska förvaltningen" sends the unit's contact person a reminder now (coordinator and
administrators), once per unit and day: the outbox's unique key says whether today's was already sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date

from bot.actions import Action
from bot.context import KEEP, Context, Turn
from bot.formatting import country_name, format_day, format_period
from bot.i18n import Translator
from bot.knowledge.reading import acting_organisation
from bot.messages import Button, Message, Reply
from bot.nlu import register_question, report_request
from bot.nlu.register_question import MUNICIPAL_SUBJECTS, RegisterQuestion
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from bot.roles import admin_names, is_admin, is_coordinator
from handlers import activity_actions
from registers import register_answers as answers
from registers.register_answers import PAGE, RegisterQuery
from reminders.deadlines import next_deadline
from storage import activities
from storage import units as unit_store
from storage.models import Activity, OrgUnit, Person
from storage.outbox_messages import send
from storage.people import find_by_email

log = logging.getLogger(__name__)

NAME = "register"
_NONE = "-"


def sees_everything(person: Person, ctx: Context) -> bool:
    """The coordinator and administrators see every unit's register."""
    return is_admin(person, ctx.settings) or is_coordinator(person, ctx.settings)


@dataclass(frozen=True)
class Scope:
    """Whose activities an answer covers, as decided for this asker: every unit, some units, or one person."""

    unit_ids: tuple[int, ...] | None
    person_id: int | None
    label: str


def _named_unit(ctx: Context, text: str) -> OrgUnit | None:
    everyone = unit_store.all_units(ctx.session)
    names = [(u.id, [u.name, u.short_name or "", *(u.aliases or [])]) for u in everyone]
    found = report_request.named_units(text, names)
    return ctx.session.get(OrgUnit, found[0]) if found else None


def coordinator_label(ctx: Context) -> str:
    """Who to ask for the whole municipality: the coordinator by name when known, and the administrators."""
    names: list[str] = []
    configured = ctx.settings.coordinator
    if configured and "@" in configured:
        person = find_by_email(ctx.session, configured)
        names.append(person.display_name if person and person.display_name else configured)
    for name in admin_names(ctx.session, ctx.settings):
        if name not in names:
            names.append(name)
    return ", ".join(names)


def _refuse_municipal(ctx: Context) -> Turn:
    who = coordinator_label(ctx)
    key = "register.refuse.municipal_named" if who else "register.refuse.municipal"
    return Turn.say(ctx.t(key, who=who))


def _refuse_unit(ctx: Context, unit: OrgUnit | None, own: list[OrgUnit]) -> Turn:
    contact = (unit.contact_person.display_name or unit.contact_person.email) if unit and unit.contact_person else ""
    if own and unit is not None:
        return Turn.say(
            ctx.t(
                "register.refuse.other_unit", own=", ".join(u.name for u in own), unit=unit.name, contact=contact or "–"
            )
        )
    if unit is not None and contact:
        return Turn.say(ctx.t("register.refuse.unit", unit=unit.name, contact=contact))
    return Turn.say(ctx.t("register.refuse.unit_unknown"))


def scope_for(ctx: Context, question: RegisterQuestion, named: OrgUnit | None) -> Scope | Turn:
    """The widest view the asker may have of what they asked, or a refusal naming who can answer."""
    person, t = ctx.person, ctx.t
    everything = sees_everything(person, ctx)
    own = unit_store.contact_for(ctx.session, person)
    if named is not None:
        if everything or named in own:
            return Scope((named.id,), None, named.name)
        return _refuse_unit(ctx, named, own)
    wanted = question.scope
    if question.subject in MUNICIPAL_SUBJECTS:
        wanted = "all"
    elif question.subject == "who_logged" and wanted in (None, "me"):
        wanted = "unit"
    if wanted is None:
        wanted = "all" if everything else ("unit" if own else "me")
    if wanted == "all":
        return Scope(None, None, t("register.whole")) if everything else _refuse_municipal(ctx)
    if wanted == "unit":
        mine = own or ([person.org_unit] if everything and person.org_unit else [])
        if mine:
            return Scope(tuple(u.id for u in mine), None, ", ".join(u.name for u in mine))
        return _refuse_unit(ctx, person.org_unit, own)
    return Scope(None, person.id, t("register.you"))


def _period_label(ctx: Context, question: RegisterQuestion, year: int, since: date | None) -> str:
    if question.since_reminder:
        return ctx.t("register.since", date=format_day(since, ctx.language)) if since else ctx.t("register.ever")
    if question.start is not None:
        return format_period(question.start, question.end, ctx.language)
    return str(year)


def _place_label(ctx: Context, question: RegisterQuestion) -> str:
    place = question.city or (country_name(question.country, ctx.language) if question.country else "")
    return ctx.t("register.in_place", place=place) if place else ""


def answer(ctx: Context, question: RegisterQuestion, named: OrgUnit | None, offset: int = 0) -> Turn:
    """The answer to one register question, for this asker."""
    scope = scope_for(ctx, question, named)
    if isinstance(scope, Turn):
        return scope
    t, zone = ctx.t, ctx.settings.tz
    reported = next_deadline(ctx.today, ctx.settings.report_deadline, ctx.settings.report_deadline_overrides)[0]
    year = question.year or (None if question.start else reported)
    since = answers.last_reminder(ctx.session, scope.unit_ids) if question.since_reminder else None
    query = RegisterQuery(
        subject=question.subject,
        unit_ids=scope.unit_ids,
        person_id=scope.person_id,
        year=None if question.since_reminder else year,
        start=question.start,
        end=question.end,
        logged_since=since,
        country=question.country,
        city=question.city,
        status=question.status,
        offset=offset,
    )
    period = _period_label(ctx, question, year or reported, since.date() if since else None) + _place_label(
        ctx, question
    )
    subject = t(f"register.subjects.{question.subject}")
    if question.subject == "units_without_contact":
        return _units(ctx, question, named, answers.units_without_contact(ctx.session), subject, "", offset)
    if question.subject == "units_without_activity":
        rows = answers.units_without_activity(ctx.session, query, zone, ctx.today)
        return _units(ctx, question, named, rows, subject, period, offset, remind=True)
    if question.subject == "who_logged":
        people = answers.who_logged(ctx.session, query, zone, ctx.today)
        if not people:
            return Turn.say(t("register.none", what=subject, period=period, whose=scope.label))
        lines = [t("register.heading", what=subject, period=period, whose=scope.label, count=t.number(len(people)))]
        lines += [t("register.person_line", name=name or t("register.nobody"), count=t.number(n)) for name, n in people]
        return Turn([Reply("\n".join(lines))], KEEP)
    if question.measure == "count":
        return Turn([Reply(_count_text(ctx, question, query, subject, period, scope))], KEEP)
    return _activities(ctx, question, named, query, subject, period, scope)


def _count_text(
    ctx: Context, question: RegisterQuestion, query: RegisterQuery, subject: str, period: str, scope: Scope
) -> str:
    t = ctx.t
    counts = answers.count(ctx.session, query, ctx.settings.tz, ctx.today)
    if question.subject == "applications" and question.status:
        subject = t(f"register.status.{question.status}")
    text = t("register.count", what=subject, period=period, whose=scope.label, count=t.number(counts.total))
    if question.subject == "flights" and counts.total:
        text += " " + t("register.compensated", count=t.number(counts.compensated))
    if question.subject == "applications" and not question.status and counts.by_status:
        parts = [
            t("register.status_count", status=t(f"register.status.{status}"), count=t.number(n))
            for status, n in sorted(counts.by_status.items(), key=lambda item: -item[1])
        ]
        text += " (" + ", ".join(parts) + ")"
    return text


def _encode(question: RegisterQuestion, named: OrgUnit | None, offset: int) -> tuple[str, ...]:
    """The question as a button's arguments, so "more" asks it again, with the presser's rights."""

    def part(value: object) -> str:
        return _NONE if value in (None, "") else str(value).replace(" ", "_")

    return (
        question.subject,
        question.measure,
        part(question.scope),
        part(named.id if named else None),
        part(question.year),
        part(question.start),
        part(question.end),
        "1" if question.since_reminder else "0",
        part(question.country),
        part(question.city),
        part(question.status),
        str(offset),
    )


def _decode(args: tuple[str, ...]) -> tuple[RegisterQuestion, int | None, int] | None:
    if len(args) != 12 or args[0] not in register_question.SUBJECTS or args[1] not in ("count", "list"):
        return None

    def value(text: str) -> str | None:
        return None if text == _NONE else text.replace("_", " ")

    try:
        start, end = value(args[5]), value(args[6])
        question = RegisterQuestion(
            measure=args[1],  # type: ignore[arg-type]
            subject=args[0],  # type: ignore[arg-type]
            scope=value(args[2]) if args[2] in ("me", "unit", "all") else None,  # type: ignore[arg-type]
            year=int(args[4]) if args[4] != _NONE else None,
            start=date.fromisoformat(start) if start else None,
            end=date.fromisoformat(end) if end else None,
            since_reminder=args[7] == "1",
            country=value(args[8]),
            city=value(args[9]),
            status=value(args[10]),
        )
        unit_id = int(args[3]) if args[3] != _NONE else None
        return question, unit_id, int(args[11])
    except ValueError:
        return None


def _more_button(ctx: Context, question: RegisterQuestion, named: OrgUnit | None, scope: Scope, offset: int) -> Button:
    """The rest of the list, asked again with the scope this answer had (not a wider one for whoever presses)."""
    kind = "me" if scope.person_id is not None else ("all" if scope.unit_ids is None else "unit")
    fixed = replace(question, scope=kind)  # type: ignore[arg-type]
    return Button(ctx.t("register.more"), Action(NAME, "more", _encode(fixed, named, offset)))


def _activities(
    ctx: Context,
    question: RegisterQuestion,
    named: OrgUnit | None,
    query: RegisterQuery,
    subject: str,
    period: str,
    scope: Scope,
) -> Turn:
    t = ctx.t
    found = answers.page(ctx.session, query, ctx.settings.tz, ctx.today)
    if not found.total:
        return Turn.say(t("register.none", what=subject, period=period, whose=scope.label))
    lines = [t("register.heading", what=subject, period=period, whose=scope.label, count=t.number(found.total))]
    buttons: list[Button] = []
    own = {u.id for u in unit_store.contact_for(ctx.session, ctx.person)}
    lacking = question.subject.startswith("lacking_")
    for number, row in enumerate(found.rows, found.offset + 1):
        when = format_period(row.start_date, row.end_date, ctx.language)
        place = f", {row.city}" if row.city and row.city not in row.title else ""
        parts = [f"{number}. {row.title}{place}" + (f" – {when}" if when else "")]
        if scope.person_id is None:
            parts.append(row.logger_name or t("register.nobody"))
        if scope.unit_ids is None or len(scope.unit_ids) > 1:
            parts.append(row.unit_name or t("register.no_unit"))
        lines.append(" · ".join(parts))
        may_change = row.logged_by_id == ctx.person.id or (row.unit_id is not None and row.unit_id in own)
        if lacking and may_change:
            verb = "results" if question.subject == "lacking_results" else "edit"
            buttons.append(Button(t("register.complete", n=number), Action("unit_activities", verb, (str(row.id),))))
        else:
            buttons.append(Button(t("register.open", n=number), Action(NAME, "open", (str(row.id),))))
    if found.more:
        shown = found.offset + len(found.rows)
        lines.append(t("register.shown", shown=t.number(shown), count=t.number(found.total)))
        buttons.append(_more_button(ctx, question, named, scope, shown))
    return Turn([Reply("\n".join(lines), buttons=buttons)], KEEP)


def _units(
    ctx: Context,
    question: RegisterQuestion,
    named: OrgUnit | None,
    rows: list[answers.UnitRow],
    subject: str,
    period: str,
    offset: int,
    remind: bool = False,
) -> Turn:
    t = ctx.t
    whole = t("register.whole")
    if not rows:
        return Turn.say(t("register.none_units", what=subject, period=period))
    shown = rows[offset : offset + PAGE]
    heading = t("register.heading", what=subject, period=period, whose=whole, count=t.number(len(rows)))
    if not period:  # units without a contact person: a state now, not a period
        heading = t("register.heading_now", what=subject, count=t.number(len(rows)))
    lines = [heading]
    buttons: list[Button] = []
    for row in shown:
        contact = t("register.contact", name=row.contact_name) if row.contact_name else t("register.no_contact")
        lines.append(f"• {row.name} · {contact}")
        if remind and row.contact_id is not None:
            buttons.append(Button(t("register.remind", unit=row.name), Action(NAME, "remind", (str(row.id),))))
    if offset + len(shown) < len(rows):
        lines.append(t("register.shown", shown=t.number(offset + len(shown)), count=t.number(len(rows))))
        buttons.append(_more_button(ctx, question, named, Scope(None, None, whole), offset + len(shown)))
    return Turn([Reply("\n".join(lines), buttons=buttons)], KEEP)


def remind_unit(ctx: Context, unit: OrgUnit | None) -> Turn:
    """The unit's contact person reminded now, through the outbox, once per unit and day."""
    t = ctx.t
    if not sees_everything(ctx.person, ctx):
        return _refuse_municipal(ctx)
    if unit is None:
        return Turn.say(t("register.remind_which"))
    contact = unit.contact_person
    if contact is None:
        return Turn.say(t("register.remind_no_contact", unit=unit.name))
    key = f"unit_reminder:{unit.id}:{ctx.today.isoformat()}"
    name = contact.display_name or contact.email or ""
    year, due = next_deadline(ctx.today, ctx.settings.report_deadline, ctx.settings.report_deadline_overrides)
    theirs = Translator(contact.language or ctx.settings.language)
    sender = ctx.person.display_name or ctx.person.email or theirs("register.someone")
    text = theirs(
        "register.reminder_text",
        sender=sender,
        unit=unit.name,
        year=year,
        deadline=format_day(due, contact.language or ctx.settings.language),
    )
    button = {"label": theirs("register.reminder_button"), "value": f"unit_activities:unit:{unit.id}:{year}"}
    if not send(ctx.session, contact, key, text, [button], ctx.now):
        return Turn.say(t("register.reminded_already", unit=unit.name, name=name))
    log.info("unit %s reminded by person %s", unit.id, ctx.person.id)
    return Turn.say(t("register.reminded", unit=unit.name, name=name))


def _open(ctx: Context, activity_id: int) -> Turn:
    """One activity's card: changeable for its logger and unit contact, read-only for the coordinator."""
    activity = activities.changeable(ctx.session, ctx.person, activity_id)
    if activity is not None:
        return Turn([activity_actions.card(activity, ctx, buttons="unit_activities")], KEEP)
    seen = ctx.session.get(Activity, activity_id) if sees_everything(ctx.person, ctx) else None
    if seen is None:
        return Turn.say(ctx.t("register.gone"))
    return Turn([replace(activity_actions.card(seen, ctx), buttons=[])], KEEP)


def handle(message: Message, ctx: Context) -> Turn:
    if message.action is not None:
        return _pressed(message, ctx)
    text = message.text
    if register_question.reminder_target(text):
        return remind_unit(ctx, _named_unit(ctx, text))
    question = register_question.read(text, ctx.today)
    if question is None:
        return Turn.say(ctx.t("register.not_understood"))
    return answer(ctx, question, _named_unit(ctx, text))


def _pressed(message: Message, ctx: Context) -> Turn:
    action = message.action
    assert action is not None
    if action.verb == "remind" and action.arg(0).isdigit():
        return remind_unit(ctx, ctx.session.get(OrgUnit, int(action.arg(0))))
    if action.verb == "open" and action.arg(0).isdigit():
        return _open(ctx, int(action.arg(0)))
    if action.verb == "more":
        decoded = _decode(action.args)
        if decoded is not None:
            question, unit_id, offset = decoded
            named = ctx.session.get(OrgUnit, unit_id) if unit_id else None
            return answer(ctx, question, named, offset)
    return Turn.say(ctx.t("register.not_understood"))


def recognise(understanding: Understanding) -> float:
    if register_question.reminder_target(understanding.text):
        return 0.9
    if acting_organisation(understanding.text) is not None:
        # "Does Region Skåne pay for our EU projects?": another body as the subject asks what it does, which
        # no count of what Växjö's staff logged can say; the strategy question tells whom to ask.
        return 0.0
    return register_question.score(understanding.text, understanding.today)


capability = Capability(
    name=NAME,
    handle=handle,
    intents=("register_question",),
    help_key="help.capabilities.register",
    help_order=42,
    recognise=recognise,
    personal=True,
    # Before the strategy answers (60): a question about what has been logged is never the strategy's.
    priority=65,
)

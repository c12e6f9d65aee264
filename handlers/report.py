"""Draft the annual report: "rapport", "årsrapport 2025", "report for all units", or the App Home button.

Who gets what follows the strategy's roles: a unit's contact person gets their unit's report; an
administrator may name any unit, or all; anyone else is told who their contact person is, since that is
the person who reports what they log. The reply carries the DOCX, the XLSX and the chart as files and
says in a few lines what is in the report and what is missing, so the contact person knows whom to ask.

Button values: `report:start` (App Home), `report:unit:<id>:<year>` and `report:all:<year>` (the choice an
administrator is offered). Permissions are checked again on every press: a value is not a credential.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.actions import Action
from bot.context import Context, Turn
from bot.messages import Attachment, Button, Fact, Message, Reply
from bot.nlu import report_request
from bot.nlu.report_request import ReportRequest
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from bot.roles import admin_names, is_admin, is_coordinator
from handlers.good_examples import describe
from reminders.deadlines import next_deadline
from reports.builder import build_report
from reports.model import Report
from reports.period import FIRST_YEAR, valid_year
from reports.query import load_activities, unit_info
from reports.text import ReportText
from storage import good_examples
from storage import units as unit_store
from storage.models import OrgUnit, Person

# In the chat summary, each kind of gap names this many activities and then says how many more.
LISTED_PER_GAP = 3


def _people(person: Person | None) -> str:
    if person is None:
        return ""
    name = person.display_name or person.email or ""
    return f"{name} ({person.email})" if person.display_name and person.email else name


def _from_button(action: Action) -> tuple[ReportRequest, int | None]:
    """`report:unit:<id>:<year>` / `report:all:<year>` → the request and the unit id, if any."""
    year = int(action.args[-1]) if action.args and action.args[-1].isdigit() else None
    if action.verb == "unit" and len(action.args) == 2 and action.arg(0).isdigit():
        return ReportRequest(year=year), int(action.arg(0))
    if action.verb == "all" and len(action.args) == 1:
        return ReportRequest(year=year, all_units=True), None
    return ReportRequest(), None


# Past this many activities (the whole municipality's year, or an unusually busy unit's), a Word table and
# an Excel sheet of every activity take longer to write than a chat waits (Teams gives up after 15 s) and
# are no longer read in chat: the reply attaches the chart and the complete CSV, and says how the command
# line makes the Word and Excel files (docs/scale.md).
FILES_IN_CHAT_LIMIT = 2_000


def _report_reply(ctx: Context, report: Report) -> Reply:
    text = ReportText(report)
    unit = text.unit_name
    if not report.total:
        return Reply(ctx.t("report.chat.empty", unit=unit, year=report.year), title=text.short_title)
    # Imported here, not at the top: matplotlib, python-docx and openpyxl take a moment to load, and
    # only this answer needs them, not every start of the chat or the command line.
    from reports.export import write_bundle

    large = report.total > FILES_IN_CHAT_LIMIT
    formats = ("csv", "png") if large else ("docx", "xlsx", "png")
    files = [Attachment(f.path, f.path.name, f.mime_type) for f in write_bundle(report, formats)]
    travel = report.travel
    fields = [
        Fact(ctx.t("report.chat.fields.activities"), ctx.t.number(report.total)),
        Fact(ctx.t("report.chat.fields.projects"), ctx.t.number(len(report.projects))),
        Fact(ctx.t("report.chat.fields.other_work"), ctx.t.number(len(report.other_work))),
        Fact(ctx.t("report.chat.fields.results"), ctx.t.number(len(report.results))),
    ]
    if travel.flights:
        value = ctx.t(
            "report.chat.fields.flights_value",
            flights=ctx.t.number(len(travel.flights)),
            yes=ctx.t.number(travel.flights_with("yes")),
        )
        fields.append(Fact(ctx.t("report.chat.fields.flights"), value))
    fields.append(Fact(ctx.t("report.chat.fields.missing"), ctx.t.number(report.missing)))
    if large:
        lines = [ctx.t("report.chat.ready_large", year=report.year, count=ctx.t.number(report.total))]
    else:
        lines = [ctx.t("report.chat.ready", year=report.year)]
    if report.gaps:
        lines += ["", ctx.t("report.chat.missing_intro")]
        for gap in report.gaps:
            named = [text.gap_line(entry) for entry in gap.entries[:LISTED_PER_GAP]]
            more = len(gap.entries) - len(named)
            if more:
                named.append(ctx.t("report.chat.missing_more", count=ctx.t.number(more)))
            lines.append(f"• {text.gap_title(gap.kind, len(gap.entries))}: {'; '.join(named)}")
    else:
        lines += ["", ctx.t("report.chat.nothing_missing")]
    return Reply("\n".join(lines), fields=fields, files=files, title=text.title)


def _build(ctx: Context, year: int, unit: OrgUnit | None) -> Reply:
    records = load_activities(ctx.session, year, unit.id if unit else None, ctx.settings.tz)
    report = build_report(
        records, year=year, language=ctx.language, unit=unit_info(unit) if unit else None, generated_on=ctx.today
    )
    # The strategy's "vi sprider våra goda exempel": the approved ones, in the files and the summary.
    examples = good_examples.approved(ctx.session, good_examples.Filter(year=year, unit_id=unit.id if unit else None))
    report = replace(report, good_examples=tuple(describe(example, ctx.t, ctx.language) for example in examples))
    reply = _report_reply(ctx, report)
    if report.good_examples:
        lines = [f"• {line}" for line in report.good_examples]
        reply.text += "\n\n" + ctx.t("good_examples.report_heading") + ":\n" + "\n".join(lines)
    if unit is not None and report.gaps and unit.contact_person_id == ctx.person.id:
        # The contact person can mend the gaps right away, in the list of the unit's activities.
        reply.buttons.append(
            Button(ctx.t("report.chat.complete_button"), Action("unit_activities", "unit", (str(unit.id), str(year))))
        )
    return reply


def _names(units: Sequence[OrgUnit]) -> str:
    return ", ".join(unit.name for unit in units)


def _not_theirs(ctx: Context, unit: OrgUnit, own: Sequence[OrgUnit]) -> Turn:
    contact = _people(unit.contact_person)
    if own:
        key = "report.chat.other_unit" if contact else "report.chat.other_unit_no_contact"
        return Turn.say(ctx.t(key, own=_names(own), unit=unit.name, contact=contact))
    if contact:
        return Turn.say(ctx.t("report.chat.not_contact", unit=unit.name, contact=contact))
    return Turn.say(ctx.t("report.chat.no_contact_set", unit=unit.name))


def _choose_unit(ctx: Context, year: int) -> Turn:
    """An administrator who is nobody's contact person picks a unit, or all."""
    buttons = [
        Button(ctx.t("report.chat.button_own", unit=unit.name), Action("report", "unit", (str(unit.id), str(year))))
        for unit in unit_store.all_units(ctx.session)
    ]
    buttons.append(Button(ctx.t("report.chat.button_all"), Action("report", "all", (str(year),)), style="primary"))
    return Turn([Reply(ctx.t("report.chat.choose_unit", year=year), buttons=buttons)])


def draft_report(message: Message, ctx: Context) -> Turn:
    unit_id: int | None = None
    if message.action and message.action.verb != "start":
        request, unit_id = _from_button(message.action)
    elif message.action:
        request = ReportRequest()
    else:
        request = report_request.parse(message.text, ctx.today)
    year = (
        request.year
        or next_deadline(ctx.today, ctx.settings.report_deadline, ctx.settings.report_deadline_overrides)[0]
    )
    if not valid_year(year, ctx.today):
        example = next_deadline(ctx.today, ctx.settings.report_deadline, ctx.settings.report_deadline_overrides)[0]
        return Turn.say(ctx.t("report.chat.bad_year", first=FIRST_YEAR, last=ctx.today.year + 1, example=example))

    person = ctx.person
    own = unit_store.contact_for(ctx.session, person)
    # The international coordinator follows the whole municipality's work, as administrators do.
    admin = is_admin(person, ctx.settings) or is_coordinator(person, ctx.settings)
    if request.all_units:
        if admin:
            return Turn([_build(ctx, year, None)])
        admins = admin_names(ctx.session, ctx.settings)
        if admins:
            return Turn.say(ctx.t("report.chat.all_admin_only_named", names=", ".join(admins)))
        return Turn.say(ctx.t("report.chat.all_admin_only"))

    if unit_id is not None:
        named = [unit for unit in [ctx.session.get(OrgUnit, unit_id)] if unit is not None]
    else:
        everyone = unit_store.all_units(ctx.session)
        names = [(u.id, [u.name, u.short_name or "", *(u.aliases or [])]) for u in everyone]
        by_id = {u.id: u for u in everyone}
        named = [by_id[i] for i in report_request.named_units(message.text, names)]
    if named:
        unit = named[0]
        if admin or unit in own:
            return Turn([_build(ctx, year, unit)])
        return _not_theirs(ctx, unit, own)

    if own:
        return Turn([_build(ctx, year, unit) for unit in own])
    if admin:
        return _choose_unit(ctx, year)
    if person.org_unit is not None:
        return _not_theirs(ctx, person.org_unit, own)
    return Turn.say(ctx.t("report.chat.no_unit"))


def recognise(understanding: Understanding) -> float:
    return report_request.score(understanding.text)


capability = Capability(
    name="report",
    handle=draft_report,
    intents=("report",),
    help_key="help.capabilities.report",
    help_order=40,
    recognise=recognise,
    personal=True,
    priority=50,
)

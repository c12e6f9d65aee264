"""A person's overview: what they logged lately, their unit's year so far, and the next deadline.

Slack shows it as the App Home tab; any platform can show it as a message ("översikt", "overview").
It is built from replies like any other answer, so it stays free of Slack and testable as a transcript.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.actions import Action
from bot.context import KEEP, Context, Turn
from bot.formatting import format_day
from bot.messages import Button, Fact, Message, Reply
from bot.registry import Capability
from bot.roles import is_admin, is_coordinator
from reminders.deadlines import next_deadline
from reports.query import in_year_clause
from storage import units
from storage.models import Activity, OrgUnit
from storage.vocab import SECTION_OTHER_WORK, SECTION_PROJECTS, SECTION_RESULTS, report_section

RECENT = 5

# The buttons' values: what the engine gets back when they are pressed.
LOG_FORM = Action("log_activity", "form")
ASK = Action("home", "ask")
REPORT = Action("report", "start")
UNIT_ACTIVITIES = Action("unit_activities", "list")


@dataclass(frozen=True)
class YearCounts:
    """How many of a unit's activities of one year go in each report section."""

    by_section: dict[int, int]
    with_results: int

    @property
    def total(self) -> int:
        return self.by_section.get(SECTION_PROJECTS, 0) + self.by_section.get(SECTION_OTHER_WORK, 0)


def year_counts(session: Session, unit: OrgUnit, year: int, zone: ZoneInfo) -> YearCounts:
    """Counted with the report's own rule for which activities belong to a year, so the two agree."""
    rows = session.execute(
        select(Activity.kind, Activity.results).where(Activity.org_unit_id == unit.id, in_year_clause(year, zone))
    ).all()
    by_section = {SECTION_PROJECTS: 0, SECTION_OTHER_WORK: 0}
    with_results = 0
    for kind, results in rows:
        by_section[report_section(kind)] += 1
        if results and results.strip():
            with_results += 1
    return YearCounts(by_section, with_results)


def recent_activities(session: Session, person_id: int, limit: int = RECENT) -> list[Activity]:
    return list(
        session.scalars(
            select(Activity)
            .where(Activity.logged_by_id == person_id)
            .order_by(Activity.created_at.desc(), Activity.id.desc())
            .limit(limit)
        )
    )


def long_date(ctx: Context, day: date) -> str:
    """ "31 januari 2027" / "31 January 2027"."""
    return format_day(day, ctx.language)


def days_left(ctx: Context, due: date) -> str:
    days = (due - ctx.today).days
    if days == 0:
        return ctx.t("home.due_today")
    return ctx.t("home.days_one" if days == 1 else "home.days_many", days=ctx.t.number(days))


def activity_line(ctx: Context, activity: Activity) -> str:
    """ "• 24 november 2026 · Studiebesök i Köpenhamn"; the place is added when the title lacks it."""
    when = long_date(ctx, activity.start_date) if activity.start_date else ctx.t("home.no_date")
    place = f", {activity.city}" if activity.city and activity.city not in activity.title else ""
    return f"• {when} · {activity.title}{place}"


def home_view(ctx: Context) -> list[Reply]:
    """The overview as three cards: greeting with deadline and actions, the unit's year, recent work."""
    session, person = ctx.session, ctx.person
    contact_units = units.contact_for(session, person)
    unit = person.org_unit or (contact_units[0] if contact_units else None)
    year, due = next_deadline(ctx.today, ctx.settings.report_deadline, ctx.settings.report_deadline_overrides)

    first = (person.display_name or "").split()[0] if person.display_name and "@" not in person.display_name else ""
    hello = ctx.t("home.hello_name", name=first) if first else ctx.t("home.hello")
    deadline = ctx.t("home.deadline", year=year, date=long_date(ctx, due), left=days_left(ctx, due))
    buttons = [Button(ctx.t("home.log_button"), LOG_FORM, style="primary"), Button(ctx.t("home.ask_button"), ASK)]
    if contact_units or is_admin(person, ctx.settings) or is_coordinator(person, ctx.settings):
        # The coordinator and administrators draft any unit's report, or the whole municipality's.
        buttons.append(Button(ctx.t("home.report_button"), REPORT))
    if contact_units:
        buttons.append(Button(ctx.t("home.unit_activities_button"), UNIT_ACTIVITIES))
    overview = Reply(f"{hello}\n{deadline}", buttons=buttons, title=ctx.t("home.title"))

    if unit is None:
        year_card = Reply(ctx.t("home.no_unit"), title=ctx.t("home.unit_title_none", year=year))
    else:
        counts = year_counts(session, unit, year, ctx.settings.tz)
        year_card = Reply(
            ctx.t("home.unit_intro", unit=unit.name, year=year),
            title=ctx.t("home.unit_title", unit=unit.short_name or unit.name, year=year),
            fields=[
                Fact(ctx.t("home.section_projects"), ctx.t.number(counts.by_section[SECTION_PROJECTS])),
                Fact(ctx.t("home.section_other"), ctx.t.number(counts.by_section[SECTION_OTHER_WORK])),
                Fact(
                    ctx.t(f"vocab.section.{SECTION_RESULTS}"),
                    ctx.t(
                        "home.with_results", done=ctx.t.number(counts.with_results), total=ctx.t.number(counts.total)
                    ),
                ),
            ],
        )

    recent = recent_activities(session, person.id)
    lines = [activity_line(ctx, a) for a in recent] if recent else [ctx.t("home.nothing_logged")]
    recent_card = Reply("\n".join(lines), title=ctx.t("home.recent_title"))
    return [overview, year_card, recent_card]


def show_home(message: Message, ctx: Context) -> Turn:
    if message.action == ASK:
        examples = "\n".join(f"• {example}" for example in ctx.t.list("home.ask_examples"))
        return Turn([Reply(f"{ctx.t('home.ask_prompt')}\n{examples}")], dialogue=KEEP)
    return Turn(home_view(ctx), dialogue=KEEP)


capability = Capability(
    name="home",
    handle=show_home,
    intents=("home",),
    help_key="help.capabilities.home",
    help_order=80,
    interrupts=True,
    personal=True,
)

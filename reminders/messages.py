"""What a reminder says, in the recipient's language, built when it is sent (not when it was planned),
so a contact person reminded after a week of downtime sees today's figures.

The annual reminder is a digest of the unit's year in the shape of the report: the three sections of the
strategy, and what is still missing, using the report's own builder so the two never disagree.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot.actions import Action
from bot.config import Settings
from bot.formatting import format_day, format_period
from bot.i18n import Translator
from bot.messages import Button, Reply
from reports.builder import build_report
from reports.query import load_activities, unit_info
from reports.text import ReportText
from storage.models import Activity, Delivery, OrgUnit, Person

LISTED_PER_SECTION = 6
LISTED_PER_GAP = 4


def _days_left(t: Translator, today: date, deadline: date) -> str:
    days = (deadline - today).days
    if days <= 0:
        return t("reminders.annual.today")
    if days == 1:
        return t("reminders.annual.tomorrow")
    return t("reminders.annual.days_left", days=t.number(days))


def annual(session: Session, row: Delivery, t: Translator, settings: Settings, today: date) -> list[Reply]:
    unit = session.get(OrgUnit, row.org_unit_id) if row.org_unit_id else None
    year = int(row.payload["year"])
    assert unit is not None and row.deadline is not None
    records = load_activities(session, year, unit.id, settings.tz)
    report = build_report(records, year=year, language=t.language, unit=unit_info(unit), generated_on=today)
    text = ReportText(report)
    lines = [
        t(
            "reminders.annual.deadline",
            year=year,
            unit=unit.name,
            deadline=format_day(row.deadline, t.language),
            left=_days_left(t, today, row.deadline),
        ),  # fmt: skip
        "",
    ]
    if not report.total:
        lines.append(t("reminders.annual.nothing_logged"))
    for number, entries in ((1, report.projects), (2, report.other_work), (3, report.results)):
        lines.append(f"{text.section_title(number)} ({t.number(len(entries))})")
        for entry in entries[:LISTED_PER_SECTION]:
            when = text.period(entry.activity)
            lines.append(f"• {entry.activity.title}" + (f", {when}" if when and when != "–" else ""))
        if len(entries) > LISTED_PER_SECTION:
            lines.append(t("reminders.annual.more", count=t.number(len(entries) - LISTED_PER_SECTION)))
    if report.gaps:
        lines += ["", t("reminders.annual.missing")]
        for gap in report.gaps:
            named = [text.gap_line(entry) for entry in gap.entries[:LISTED_PER_GAP]]
            if len(gap.entries) > LISTED_PER_GAP:
                named.append(t("reminders.annual.more", count=t.number(len(gap.entries) - LISTED_PER_GAP)))
            lines.append(f"• {text.gap_title(gap.kind, len(gap.entries))}: {'; '.join(named)}")
    series = (str(unit.id), str(year))
    return [
        Reply(
            "\n".join(lines),
            title=t("reminders.annual.title", year=year, unit=unit.name),
            buttons=[
                Button(t("reminders.button.draft"), Action("report", "unit", series), style="primary"),
                # The gaps are mended in the list of the unit's activities ("enhetens aktiviteter").
                *(
                    [Button(t("reminders.button.complete"), Action("unit_activities", "unit", series))]
                    if report.gaps
                    else []
                ),
                Button(t("reminders.button.snooze"), Action("reminders", "snooze", series)),
                Button(t("reminders.button.done"), Action("reminders", "done", series)),
            ],
        )
    ]


def _activity(session: Session, row: Delivery, t: Translator) -> tuple[Activity | None, str]:
    """The activity a follow-up is about (None if it has been deleted since) and when it happened."""
    activity = session.get(Activity, int(row.payload["activity_id"]))
    when = format_period(activity.start_date, activity.end_date, t.language) if activity else ""
    return activity, when


def results(session: Session, row: Delivery, t: Translator) -> list[Reply]:
    activity, when = _activity(session, row, t)
    if activity is None:
        return []
    return [
        Reply(
            t("reminders.results.text", title=activity.title, when=when),
            buttons=[
                Button(
                    t("reminders.button.results"),
                    Action("my_activities", "results", (str(activity.id),)),
                    style="primary",
                )
            ],
        )
    ]


def climate(session: Session, row: Delivery, t: Translator) -> list[Reply]:
    activity, when = _activity(session, row, t)
    if activity is None:
        return []
    return [
        Reply(
            t("reminders.climate.text", title=activity.title, when=when),
            buttons=[
                Button(
                    t("log_activity.button.yes"),
                    Action("reminders", "climate", (str(activity.id), "yes")),
                    style="primary",
                ),
                Button(t("log_activity.button.no"), Action("reminders", "climate", (str(activity.id), "no"))),
            ],
        )
    ]


def mandate(row: Delivery, t: Translator) -> list[Reply]:
    start, end = date.fromisoformat(row.payload["term_start"]), date.fromisoformat(row.payload["term_end"])
    return [
        Reply(
            t("reminders.mandate.text", first=start.year, last=end.year, end=format_day(end, t.language)),
            title=t("reminders.mandate.title"),
            buttons=[
                Button(t("reminders.button.mandate_done"), Action("reminders", "mandate_done", (str(start.year),)))
            ],
        )
    ]


def failure_alert(t: Translator, recipient: Person | None, kind: str, reason: str) -> list[Reply]:
    who = (recipient.display_name or recipient.email or "?") if recipient else "?"
    return [Reply(t("reminders.alert.text", who=who, kind=t(f"reminders.kinds.{kind}"), reason=reason))]


def compose(session: Session, row: Delivery, person: Person, settings: Settings, today: date) -> list[Reply]:
    """The replies of one notice for its recipient; empty when its subject has since disappeared."""
    t = Translator(person.language or settings.language)
    if row.kind == "annual_deadline":
        return annual(session, row, t, settings, today)
    if row.kind == "results_followup":
        return results(session, row, t)
    if row.kind == "climate_compensation":
        return climate(session, row, t)
    if row.kind == "mandate_review":
        return mandate(row, t)
    if row.kind == "delivery_failed":
        failed = session.get(Delivery, int(row.payload["delivery_id"]))
        recipient = session.get(Person, failed.person_id) if failed and failed.person_id else None
        return failure_alert(t, recipient, failed.kind if failed else "?", row.payload.get("reason", ""))
    if row.kind == "message":  # a message prepared when it was queued (storage.outbox_messages.send)
        # The outbox keeps a button's action as written ("answer_question:reply:3"); it is signed when sent.
        buttons = [Button(str(b["label"]), Action.of(str(b["value"]))) for b in row.payload.get("buttons", [])]
        return [Reply(str(row.payload.get("text", "")), buttons=buttons)]
    return []

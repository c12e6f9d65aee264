"""What can be done to one saved activity: show it, change it, delete it, add what came out of it.

Both a person's own list ("mina aktiviteter") and a contact person's list of their unit's activities
("enhetens aktiviteter") lead here, so the card, the confirmation and the audit entry are the same
whichever list the activity was picked from. Permission is decided before these are called
(`storage.activities.own` / `changeable`); a button press comes back through `my_activities`, which checks
again, since a button value is not a credential.
"""

from __future__ import annotations

from bot.actions import Action
from bot.context import Context, Handover, Turn
from bot.formatting import format_period
from bot.messages import Button, Fact, Reply
from handlers.activity_card import summary_fields
from handlers.activity_draft import Slots
from storage import activities, audit
from storage.dialogues import DialogueState
from storage.models import Activity, Person

# The buttons' values are `<capability>:<verb>:<id>`, answered by the capability whose list it came from,
# so that pressing one keeps that list's numbering: results, edit, delete, delete_yes, keep.
OWN_LIST = "my_activities"
UNIT_LIST = "unit_activities"


def person_name(person: Person | None) -> str:
    return (person.display_name or person.email or "") if person else ""


def logger_name(activity: Activity) -> str:
    return person_name(activity.logged_by)


def card(activity: Activity, ctx: Context, buttons: str = OWN_LIST) -> Reply:
    t = ctx.t
    fields = summary_fields(Slots.for_activity(activity), t, activity.org_unit.name if activity.org_unit else None)
    if activity.logged_by_id != ctx.person.id and logger_name(activity):
        fields.append(Fact(t("my_activities.logged_by"), logger_name(activity)))
    return Reply(
        activity.title,
        fields=fields,
        buttons=[
            Button(t("my_activities.button.results"), Action(buttons, "results", (str(activity.id),))),
            Button(t("my_activities.button.edit"), Action(buttons, "edit", (str(activity.id),))),
            Button(t("my_activities.button.delete"), Action(buttons, "delete", (str(activity.id),)), style="danger"),
        ],
    )


def listed(ids: list[int]) -> DialogueState:
    """The unit list's numbering, as `unit_activities` keeps it between messages."""
    return DialogueState(UNIT_LIST, pending="listed", slots={"ids": ids})


def start_edit(activity: Activity, listed_ids: list[int] | None = None) -> Turn:
    """Changing an activity is the logging dialogue's: the conversation is handed to it. Started from the
    unit list, the dialogue ends back on that list (`listed_ids`)."""
    return Turn(handover=Handover("log_activity", "edit", {"activity_id": activity.id, "listed_ids": listed_ids}))


def delete_question(activity: Activity, ctx: Context, buttons: str = OWN_LIST) -> Reply:
    t = ctx.t
    when = format_period(activity.start_date, activity.end_date, ctx.language, activity.date_precision)
    key = "my_activities.confirm_delete"
    if activity.logged_by_id != ctx.person.id and logger_name(activity):
        key = "my_activities.confirm_delete_colleague"
    return Reply(
        t(key, title=activity.title, when=when or "–", who=logger_name(activity)),
        buttons=[
            Button(
                t("my_activities.button.confirm_delete"),
                Action(buttons, "delete_yes", (str(activity.id),)),
                style="danger",
            ),
            Button(t("my_activities.button.keep"), Action(buttons, "keep")),
        ],
    )


def delete(activity: Activity, ctx: Context) -> Reply:
    title = activity.title
    details = {
        "title": title,
        "when": format_period(activity.start_date, activity.end_date, ctx.language, activity.date_precision) or None,
    }
    audit.record(
        ctx.session, "activity_deleted", actor=ctx.person, unit=activity.org_unit, details=details, now=ctx.now
    )
    activities.delete(ctx.session, activity)
    return Reply(ctx.t("my_activities.deleted", title=title))


def add_results(activity: Activity, results: str, ctx: Context) -> Reply:
    results = results.strip()
    activity.results = f"{activity.results}\n{results}" if activity.results else results
    # Results are when an activity may be worth spreading: offer to propose it as a good example.
    propose = Button(ctx.t("good_examples.propose_button"), Action("good_examples", "propose", (str(activity.id),)))
    return Reply(ctx.t("my_activities.results_added", title=activity.title), buttons=[propose])


def results_question(activity: Activity, ctx: Context) -> Reply:
    return Reply(ctx.t("my_activities.ask_results", title=activity.title))

"""Small stand-ins that test the Slack plumbing (modals, shortcuts, buttons) with the simplest possible
capability, so a change in the logging dialogue's wording cannot break a test of the transport. The
real logging and question capabilities are tested through Slack in `test_slack.py` as well."""

from __future__ import annotations

from datetime import date

from bot.actions import Action
from bot.context import Context, Turn
from bot.messages import Button, Fact, Form, FormInput, Message, Option, Reply
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from storage.dialogues import DialogueState
from storage.models import Activity

KINDS = (("conference", "Konferens"), ("study_visit", "Studiebesök"), ("network_meeting", "Nätverksmöte"))


def _summary(slots: dict[str, str]) -> Turn:
    card = Reply(
        "Stämmer det här?",
        title="Ny aktivitet",
        fields=[Fact("Vad", slots.get("title", "")), Fact("Datum", slots.get("start_date") or "–")],
        buttons=[
            Button("Spara", Action.of("log_activity:save"), style="primary"),
            Button("Avbryt", Action.of("log_activity:cancel")),
        ],
    )
    return Turn([card], DialogueState(handler="log_activity", pending="confirm", slots=slots))


def _form(slots: dict[str, str]) -> Form:
    return Form(
        title="Logga aktivitet",
        submit_label="Fortsätt",
        action=Action.of("log_activity:submit"),
        inputs=(
            FormInput("title", "Vad gjorde du?", value=slots.get("title"), required=True),
            FormInput("start_date", "Datum", kind="date", value=slots.get("start_date")),
            FormInput(
                "kind",
                "Typ",
                kind="select",
                value=slots.get("kind"),
                options=tuple(Option(label, value) for value, label in KINDS),
            ),
        ),
    )


def log_activity(message: Message, ctx: Context) -> Turn:
    slots = dict(ctx.dialogue.slots) if ctx.dialogue else {}
    if message.action == Action.of("log_activity:form"):
        state = DialogueState(handler="log_activity", pending="form", slots=slots)
        return Turn([Reply("Fyll i formuläret.", form=_form(slots))], dialogue=state)
    if message.action == Action.of("log_activity:submit") and message.data is not None:
        return _summary({**slots, **{k: v for k, v in message.data.items() if v}})
    if message.action == Action.of("log_activity:save") and slots:
        start = date.fromisoformat(slots["start_date"]) if slots.get("start_date") else None
        ctx.session.add(
            Activity(
                kind=slots.get("kind") or "conference",
                title=slots["title"],
                start_date=start,
                logged_by_id=ctx.person.id,
                org_unit_id=ctx.person.org_unit_id,
                original_message=slots.get("original"),
                source="chat",
            )
        )
        return Turn([Reply(f"Sparat: {slots['title']}.")], dialogue=None)
    if message.action == Action.of("log_activity:cancel"):
        return Turn([Reply("Okej, jag sparar inget.")], dialogue=None)
    if message.action == Action.of("log_activity:save"):
        return Turn([Reply("Det finns inget att spara.")], dialogue=None)
    return _summary({"title": message.text, "original": message.text})


def recognise_activity(understanding: Understanding) -> float:
    said = understanding.text.casefold()
    return 0.9 if any(word in said for word in ("konferens", "resa", "var i")) else 0.0


LOG_ACTIVITY = Capability(
    name="log_activity",
    handle=log_activity,
    intents=("log_activity",),
    resume=log_activity,
    recognise=recognise_activity,
)


def echo(message: Message, ctx: Context) -> Turn:
    return Turn.say(f"Du skrev: {message.text}")


ECHO = Capability(name="echo", handle=echo, intents=("echo",), recognise=lambda text: 0.6)

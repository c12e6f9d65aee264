"""What the bot stores about you, and having it erased: "mina uppgifter" / "my data" and
"radera mina uppgifter" / "delete my data".

The first hands the person a JSON file with everything stored about them (`storage.personal_data`). The
second asks for a confirmation that says plainly what goes and what stays: the activities they logged
remain, without their name or their words, because their unit must account for them in the annual
report. Both are written to the audit log; the erasure without the person's name.

Button values: `personal_data:erase_yes` (only acted on while the confirmation is pending, so an old
button cannot erase anything without a fresh question) and `personal_data:keep`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.context import Context, Turn
from bot.messages import Attachment, Button, Fact, Message, Reply
from bot.nlu.intents import match_command
from bot.registry import Capability
from bot.roles import is_admin
from storage import audit, personal_data
from storage.dialogues import DialogueState

NAME = "personal_data"
PENDING = "erase"
_FLAGS = re.IGNORECASE
_DATA = r"(?:person)?uppgifter(?:na)?|personuppgifter|data|personal data|information|profil(?:en)?|profile|konto(?:t)?|account"
_ERASE = re.compile(
    rf"\b(?:radera|ta bort|tabort|glöm|rensa|delete|erase|remove|forget|wipe)\b.*\b(?:mina|min|mitt|all|alla|my|me|mig)\b.*?(?:{_DATA}|\bmig\b|\bme\b)",
    _FLAGS,
)
_SHOW = re.compile(
    rf"\b(?:vad|vilka|what|which)\b.*\b(?:{_DATA}|vet du|know)\b.*\b(?:om mig|about me|on me)\b"
    rf"|\b(?:registerutdrag|gdpr)\b|\b(?:hämta|ladda ner|exportera|visa|download|export|show|get)\b.*\b(?:mina|my)\s+(?:{_DATA})\b",
    _FLAGS,
)


def wants_erasure(text: str) -> bool:
    return match_command(text, ("erase_my_data",)) is not None or bool(_ERASE.search(text))


def recognise(text: str) -> float:
    """ "Jag vill att ni raderar mina personuppgifter", "what do you know about me?", "registerutdrag"."""
    if len(text) > 300:
        return 0.0
    if _ERASE.search(text):
        return 0.9
    return 0.85 if _SHOW.search(text) else 0.0


def _file(ctx: Context, content: str) -> Path:
    # Imported here: the report package pulls in matplotlib and friends, which only the report needs.
    from reports.export import personal_export_dir

    path = personal_export_dir(ctx.person.id) / ctx.t("personal_data.file_name", date=ctx.today.isoformat())
    path.write_text(content, encoding="utf-8")
    return path


def export(ctx: Context) -> Turn:
    data = personal_data.collect(ctx.session, ctx.person, ctx.now)
    audit.record(ctx.session, "personal_data_exported", actor=ctx.person, subject=ctx.person, now=ctx.now)
    path = _file(ctx, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    person = data["person"]
    t = ctx.t
    fields = [
        Fact(t("personal_data.fields.name"), person["display_name"] or "–"),
        Fact(t("personal_data.fields.email"), person["email"] or "–"),
        Fact(t("personal_data.fields.unit"), person["unit"] or "–"),
        Fact(t("personal_data.fields.activities"), t.number(len(data["activities"]))),
        Fact(t("personal_data.fields.questions"), t.number(len(data["questions"]))),
    ]
    if person["contact_person_for"]:
        fields.append(Fact(t("personal_data.fields.contact_for"), ", ".join(person["contact_person_for"])))
    if is_admin(ctx.person, ctx.settings):
        fields.append(Fact(t("personal_data.fields.role"), t("personal_data.fields.admin")))
    reply = Reply(
        t("personal_data.export", retention=ctx.settings.retention_years),
        fields=fields,
        files=[Attachment(path, path.name, "application/json", personal=True)],
        title=t("personal_data.export_title"),
    )
    return Turn([reply])


def ask_erasure(ctx: Context) -> Turn:
    t = ctx.t
    data = personal_data.collect(ctx.session, ctx.person, ctx.now)
    lines = [t("personal_data.confirm.intro")]
    count = len(data["activities"])
    if count:
        unit = data["person"]["unit"] or t("personal_data.confirm.your_unit")
        key = "personal_data.confirm.activity" if count == 1 else "personal_data.confirm.activities"
        lines.append(t(key, count=t.number(count), unit=unit))
    if data["person"]["contact_person_for"]:
        lines.append(t("personal_data.confirm.contact", units=", ".join(data["person"]["contact_person_for"])))
    if ctx.person.is_admin:
        lines.append(t("personal_data.confirm.admin"))
    lines.append(t("personal_data.confirm.final"))
    return Turn([Reply("\n\n".join(lines), buttons=_buttons(ctx))], DialogueState(NAME, pending=PENDING))


def _buttons(ctx: Context) -> list[Button]:
    return [
        Button(ctx.t("personal_data.button.erase"), f"{NAME}:erase_yes", style="danger"),
        Button(ctx.t("personal_data.button.keep"), f"{NAME}:keep"),
    ]


def reprompt(message: Message, ctx: Context) -> list[Reply]:
    """After an answer to something else, say that the question about erasing is still open, so that a
    "ja" that follows is read against it and not against whatever came in between."""
    return [Reply(ctx.t("personal_data.confirm.still_open"), buttons=_buttons(ctx))]


def erase(ctx: Context) -> Turn:
    from reports.export import forget_personal_exports

    forget_personal_exports(ctx.person.id)
    done = personal_data.erase(ctx.session, ctx.person)
    t = ctx.t
    key = {0: "personal_data.erased_none", 1: "personal_data.erased_one"}.get(
        done.activities_kept, "personal_data.erased"
    )
    lines = [t(key, count=t.number(done.activities_kept))]
    if done.units_without_contact:
        lines.append(t("personal_data.erased_contact", units=", ".join(done.units_without_contact)))
    lines.append(t("personal_data.erased_again"))
    return Turn.say(" ".join(lines)).ended()


def handle(message: Message, ctx: Context) -> Turn:
    if message.action:
        return _button(message, ctx)
    return ask_erasure(ctx) if wants_erasure(message.text) else export(ctx)


def _pending(ctx: Context) -> bool:
    return ctx.dialogue is not None and ctx.dialogue.handler == NAME and ctx.dialogue.pending == PENDING


def _button(message: Message, ctx: Context) -> Turn:
    verb = (message.action or "").partition(":")[2]
    if verb == "erase_yes":
        return erase(ctx) if _pending(ctx) else ask_erasure(ctx)
    if verb == "erase":
        return ask_erasure(ctx)
    if verb == "export":
        return export(ctx)
    return Turn.say(ctx.t("personal_data.kept")).ended()


def resume(message: Message, ctx: Context) -> Turn:
    if message.action:
        return _button(message, ctx)
    said = match_command(message.text, ("yes", "no", "cancel"))
    if said == "yes":
        return erase(ctx)
    if said in ("no", "cancel"):
        return Turn.say(ctx.t("personal_data.kept")).ended()
    if recognise(message.text) or match_command(message.text, ("my_data", "erase_my_data")):
        return handle(message, ctx)
    # Anything else: the question stays open, and another capability may answer in between.
    return Turn(Turn.say(ctx.t("personal_data.confirm.unclear")).replies, understood=False)


capability = Capability(
    name=NAME,
    handle=handle,
    resume=resume,
    intents=("my_data", "erase_my_data"),
    help_key="help.capabilities.personal_data",
    help_order=70,
    recognise=recognise,
    reprompt=reprompt,
    personal=True,
)

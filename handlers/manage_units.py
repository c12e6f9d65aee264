"""Units and contact persons in chat: anyone can see them and say which unit they belong to; only
administrators change who reports for a unit, add units or make someone an administrator (or no longer
one). Every change an administrator makes is written to the audit log in the same transaction.

"sätt Anna Berg som kontaktperson för Kultur- och fritidsförvaltningen" names the person by name,
e-mail or Slack mention; someone the bot has never met is added when they are named by e-mail or
mention, so their first message later lands on the same person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from bot.context import Context, Turn
from bot.messages import Message, Reply
from bot.nlu.intents import match_command
from bot.nlu.understanding import Understanding
from bot.registry import Capability
from bot.roles import admin_names, administrators, is_admin, named_in_settings
from storage import audit, units
from storage.models import OrgUnit, Person
from storage.people import find_by_email

NAME = "manage_units"
_FLAGS = re.IGNORECASE | re.DOTALL

_SET_CONTACT = [
    re.compile(r"^(?:sätt|gör|utse|lägg in)\s+(?P<who>.+?)\s+(?:som|till)\s+(?:ny\s+)?kontaktperson\s+(?:för|på|i|åt)\s+(?P<unit>.+?)\.?$", _FLAGS),
    re.compile(r"^(?P<who>.+?)\s+är\s+(?:ny\s+)?kontaktperson\s+(?:för|på|i)\s+(?P<unit>.+?)\.?$", _FLAGS),
    re.compile(r"^(?:set|make|appoint)\s+(?P<who>.+?)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?contact(?:\s+person)?\s+(?:for|of)\s+(?P<unit>.+?)\.?$", _FLAGS),
    re.compile(r"^(?P<who>.+?)(?:\s+(?:is|am)|['’]m)\s+(?:the\s+)?(?:new\s+)?contact(?:\s+person)?\s+(?:for|of)\s+(?P<unit>.+?)\.?$", _FLAGS),
]  # fmt: skip
_ADD_UNIT = [
    re.compile(r"^(?:lägg till|skapa|ny)\s+(?:enhet(?:en)?|förvaltning(?:en)?|bolag(?:et)?)\s+(?P<name>.+?)(?:\s*\((?P<kind>[^)]+)\))?\.?$", _FLAGS),
    re.compile(r"^(?:add|create|new)\s+(?:unit|department|company)\s+(?P<name>.+?)(?:\s*\((?P<kind>[^)]+)\))?\.?$", _FLAGS),
]  # fmt: skip
_BELONG = [
    re.compile(r"^(?:jag\s+(?:tillhör|hör till|jobbar på|arbetar på|jobbar i|arbetar i|jobbar inom|arbetar inom)|min enhet är)\s+(?P<unit>.+?)\.?$", _FLAGS),
    re.compile(r"^(?:i\s+(?:belong to|work (?:at|in|for))|my unit is)\s+(?P<unit>.+?)\.?$", _FLAGS),
]  # fmt: skip
_MAKE_ADMIN = [
    re.compile(r"^(?:gör|utse)\s+(?P<who>.+?)\s+till\s+(?:administratör|admin)\.?$", _FLAGS),
    re.compile(r"^(?:make|grant)\s+(?P<who>.+?)\s+(?:an?\s+)?(?:administrator|admin)(?:\s+rights)?\.?$", _FLAGS),
]  # fmt: skip
_REVOKE_ADMIN = [
    re.compile(r"^(?:ta bort|återkalla)\s+(?P<who>.+?)\s+(?:som|från)\s+(?:administratör|admin)(?:er)?\.?$", _FLAGS),
    re.compile(r"^(?:ta bort|återkalla)\s+(?:administratörsrätt(?:igheter)?(?:na)?|adminrätt(?:igheter)?(?:na)?)\s+(?:för|från)\s+(?P<who>.+?)\.?$", _FLAGS),
    re.compile(r"^(?P<who>.+?)\s+ska\s+inte\s+(?:längre\s+)?vara\s+(?:administratör|admin)\.?$", _FLAGS),
    re.compile(r"^(?:remove|revoke)\s+(?P<who>.+?)\s+(?:as|from)\s+(?:an?\s+)?(?:administrator|admin)s?\.?$", _FLAGS),
    re.compile(r"^(?:revoke|remove)\s+(?:the\s+)?(?:administrator|admin)\s+rights\s+(?:of|from|for)\s+(?P<who>.+?)\.?$", _FLAGS),
    re.compile(r"^(?P<who>.+?)\s+(?:is\s+no\s+longer|should\s+not\s+be)\s+(?:an?\s+)?(?:administrator|admin)\.?$", _FLAGS),
]  # fmt: skip
_MENTION = re.compile(r"^<@(?P<id>[UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Command:
    verb: str
    who: str = ""
    unit: str = ""
    kind: str = ""


_QUESTION = re.compile(r"\?\s*$|^\s*(?:vem|vilken|vilka|who|which|is|är)\b", re.IGNORECASE)


def read_command(text: str) -> Command | None:
    """The command a message gives, if it gives one; "Vem är kontaktperson för TF?" is a question."""
    text = " ".join(text.split())
    if _QUESTION.search(text):
        return None
    for verb, patterns in (("set_contact", _SET_CONTACT), ("add_unit", _ADD_UNIT), ("belong", _BELONG),
                           ("revoke_admin", _REVOKE_ADMIN), ("make_admin", _MAKE_ADMIN)):  # fmt: skip
        for pattern in patterns:
            match = pattern.match(text)
            if match:
                parts = match.groupdict()
                return Command(
                    verb,
                    who=(parts.get("who") or "").strip(),
                    unit=(parts.get("unit") or parts.get("name") or "").strip(),
                    kind=(parts.get("kind") or "").strip(),
                )
    return None


# "Vilken enhet tillhör jag?": the person's own unit, as the bot has it (and how to change it).
_WHICH_UNIT = re.compile(
    r"^\s*(?:vilken|vilket|vad)\s+(?:enhet|förvaltning|bolag)\s+(?:tillhör|hör)\s+jag(?:\s+till)?"
    r"|^\s*(?:vilken|vilket)\s+(?:enhet|förvaltning|bolag)\s+är\s+jag\s+(?:med\s+)?(?:i|på)\b"
    r"|^\s*(?:vad\s+är\s+)?min\s+(?:enhet|förvaltning)\s*\?"
    r"|^\s*(?:which|what)\s+(?:unit|department|company)\s+(?:do\s+i\s+belong\s+to|am\s+i\s+(?:in|at|part\s+of|registered\s+(?:in|at|with)))"
    r"|^\s*what(?:'s|\s+is)\s+my\s+(?:unit|department)\b",
    re.IGNORECASE,
)


def score_text(text: str) -> float:
    return 0.95 if read_command(text) or _WHICH_UNIT.search(text) else 0.0


def recognise(understanding: Understanding) -> float:
    return score_text(understanding.text)


def _own_unit(ctx: Context) -> Turn:
    unit = ctx.person.org_unit
    if unit is None:
        return Turn.say(ctx.t("manage_units.own_unit_unknown"))
    contact = unit.contact_person
    if contact is None:
        return Turn.say(ctx.t("manage_units.own_unit_no_contact", unit=unit.name))
    if contact.id == ctx.person.id:
        return Turn.say(ctx.t("manage_units.own_unit_contact_self", unit=unit.name))
    return Turn.say(ctx.t("manage_units.own_unit", unit=unit.name, contact=_person_name(contact)))


# "sätt mig som kontaktperson för KLF", "I'm the contact person for KLF": the one writing.
_SELF = frozenset({"me", "myself", "i", "mig", "mej", "jag", "mig själv", "mej själv"})


def _find_person(ctx: Context, who: str) -> tuple[Person | None, bool]:
    """(person, whether the description identifies one person) from a mention, an e-mail, a name or "me"."""
    who = who.strip().strip("”“\"'")
    if who.casefold() in _SELF:
        return ctx.person, True
    mention = _MENTION.match(who)
    if mention:
        person = ctx.session.scalars(select(Person).where(Person.slack_user_id == mention["id"])).first()
        if person is None:
            person = Person(slack_user_id=mention["id"])
            ctx.session.add(person)
            ctx.session.flush()
        return person, True
    if _EMAIL.match(who):
        person = find_by_email(ctx.session, who)
        if person is None:
            person = Person(email=who, display_name=None)
            ctx.session.add(person)
            ctx.session.flush()
        return person, True
    matches = list(ctx.session.scalars(select(Person).where(func.lower(Person.display_name) == who.lower())))
    if len(matches) == 1:
        return matches[0], True
    return None, len(matches) == 0


def _person_name(person: Person) -> str:
    return person.display_name or person.email or (f"<@{person.slack_user_id}>" if person.slack_user_id else "?")


def _admins_hint(ctx: Context) -> str:
    names = admin_names(ctx.session, ctx.settings)
    return (
        ctx.t("manage_units.only_admins_named", names=", ".join(names)) if names else ctx.t("manage_units.only_admins")
    )


def list_units(ctx: Context) -> Turn:
    all_units = units.all_units(ctx.session)
    if not all_units:
        return Turn.say(ctx.t("manage_units.no_units"))
    lines = [ctx.t("manage_units.heading")]
    for unit in all_units:
        contact = _person_name(unit.contact_person) if unit.contact_person else ctx.t("manage_units.no_contact")
        label = f"{unit.name} ({unit.short_name})" if unit.short_name else unit.name
        lines.append(f"• {label} – {contact}")
    return Turn([Reply("\n".join(lines))])


def _set_contact(command: Command, ctx: Context) -> Turn:
    unit = units.find(ctx.session, command.unit)
    if unit is None:
        return Turn.say(ctx.t("manage_units.unknown_unit", unit=command.unit))
    person, unique = _find_person(ctx, command.who)
    if person is None:
        key = "manage_units.unknown_person" if unique else "manage_units.ambiguous_person"
        return Turn.say(ctx.t(key, who=command.who, unit=unit.name))
    previous = unit.contact_person
    unit.contact_person_id = person.id
    if person.org_unit_id is None:
        person.org_unit_id = unit.id
    details = {"unit": unit.name, "who": _person_name(person), "previous": audit.person_label(previous)}
    audit.record(ctx.session, "contact_set", actor=ctx.person, subject=person, unit=unit, details=details, now=ctx.now)
    key = "manage_units.contact_set_self" if person.id == ctx.person.id else "manage_units.contact_set"
    return Turn.say(ctx.t(key, who=_person_name(person), unit=unit.name))


def _add_unit(command: Command, ctx: Context) -> Turn:
    # "lägg till enhet Tekniska förvaltningen (TF)": what is in brackets is the kind, or else the short name.
    bracket = command.kind
    said_kind = bool(re.search(r"bolag|company|förvaltning|department|\benhet|\bunit", bracket, re.IGNORECASE))
    short_name = bracket if bracket and not said_kind and len(bracket) <= 20 else None
    existing = units.find(ctx.session, command.unit, exact=True) or (
        units.find(ctx.session, short_name, exact=True) if short_name else None
    )
    if existing:
        return Turn.say(ctx.t("manage_units.unit_exists", unit=existing.name))
    kind = (
        "bolag"
        if re.search(r"bolag|company|\bAB\b", f"{bracket if said_kind else ''} {command.unit}", re.IGNORECASE)
        else "forvaltning"
    )
    unit = OrgUnit(name=command.unit, kind=kind, short_name=short_name, aliases=[])
    ctx.session.add(unit)
    ctx.session.flush()
    audit.record(ctx.session, "unit_added", actor=ctx.person, unit=unit, details={"unit": unit.name, "kind": kind},
                 now=ctx.now)  # fmt: skip
    name = f"{command.unit} ({short_name})" if short_name else command.unit
    return Turn.say(ctx.t("manage_units.unit_added", unit=name, kind=ctx.t(f"vocab.unit_kind.{kind}")))


def _belong(command: Command, ctx: Context) -> Turn:
    unit = units.find(ctx.session, command.unit)
    if unit is None:
        return Turn.say(ctx.t("manage_units.unknown_unit", unit=command.unit))
    ctx.person.org_unit_id = unit.id
    return Turn.say(ctx.t("manage_units.belong_set", unit=unit.name))


def _make_admin(command: Command, ctx: Context) -> Turn:
    person, unique = _find_person(ctx, command.who)
    if person is None:
        key = "manage_units.unknown_person_admin" if unique else "manage_units.ambiguous_person"
        return Turn.say(ctx.t(key, who=command.who, unit=""))
    if is_admin(person, ctx.settings):
        return Turn.say(ctx.t("manage_units.already_admin", who=_person_name(person)))
    person.is_admin = True
    audit.record(ctx.session, "admin_granted", actor=ctx.person, subject=person,
                 details={"who": _person_name(person)}, now=ctx.now)  # fmt: skip
    return Turn.say(ctx.t("manage_units.admin_made", who=_person_name(person)))


def _revoke_admin(command: Command, ctx: Context) -> Turn:
    person, unique = _find_person(ctx, command.who)
    if person is None:
        key = "manage_units.unknown_person_admin" if unique else "manage_units.ambiguous_person"
        return Turn.say(ctx.t(key, who=command.who, unit=""))
    who = _person_name(person)
    if not is_admin(person, ctx.settings):
        return Turn.say(ctx.t("manage_units.not_admin", who=who))
    if named_in_settings(person, ctx.settings):
        return Turn.say(ctx.t("manage_units.admin_by_setting", who=who))
    if [p.id for p in administrators(ctx.session, ctx.settings)] == [person.id] and not ctx.settings.admins:
        return Turn.say(ctx.t("manage_units.last_admin", who=who))
    person.is_admin = False
    audit.record(ctx.session, "admin_revoked", actor=ctx.person, subject=person, details={"who": who}, now=ctx.now)
    return Turn.say(ctx.t("manage_units.admin_revoked", who=who))


def handle(message: Message, ctx: Context) -> Turn:
    if _WHICH_UNIT.search(message.text):
        return _own_unit(ctx)
    command = read_command(message.text)
    if command is None or match_command(message.text, ("list_units",)):
        return list_units(ctx)
    if command.verb == "belong":
        return _belong(command, ctx)
    if not is_admin(ctx.person, ctx.settings):
        return Turn.say(_admins_hint(ctx))
    if command.verb == "set_contact":
        return _set_contact(command, ctx)
    if command.verb == "add_unit":
        return _add_unit(command, ctx)
    if command.verb == "revoke_admin":
        return _revoke_admin(command, ctx)
    return _make_admin(command, ctx)


capability = Capability(
    name=NAME,
    handle=handle,
    intents=("list_units",),
    help_key="help.capabilities.manage_units",
    help_order=60,
    recognise=recognise,
    priority=30,
)

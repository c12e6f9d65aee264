"""The logging dialogue's questions, declared: one `Question` per fact the report needs.

A question says when it is needed (`needed`), how it is asked (`text_key` and `buttons`), how a typed
answer is read (`read`) and how a button's value is taken (`press`). The dialogue (handlers.log_activity)
is one generic loop over `QUESTIONS`: it asks the first one needed, keeps its name as the dialogue's
pending question, and hands the next message or button to that question. The order of `QUESTIONS` is the
order a colleague would ask in.

Adding a fact is one field on `storage.facts.ActivityFacts` (and its column) and one `Question` here; a
question may also keep its answer in `ActivityFacts.extra` under its name when no column is wanted (see
docs/logging.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.actions import Action
from bot.context import Context
from bot.i18n import LANGUAGES, Translator, catalog
from bot.messages import Button, Fact, Reply
from bot.nlu.intents import match_command
from bot.nlu.kinds import guess_kind, guess_status
from bot.nlu.places import find_places, main_place
from handlers import answer_reading as reading
from handlers.activity_card import make_title
from handlers.activity_draft import Slots
from storage import units
from storage.models import OrgUnit
from storage.vocab import KINDS, STATUSES, TRAVEL_MODES, Answer, Kind, Status, TravelMode

NAME = "log_activity"

# Kinds that happen somewhere: the report lists them with a place unless they were held digitally.
_PLACE_KINDS = frozenset({"conference", "network_meeting", "study_visit", "incoming_visit", "meeting", "training"})
_PROJECT_STATUSES = ("ongoing", "finished", "granted", "planned")
_KIND_ORDER = ("conference", "study_visit", "network_meeting", "meeting", "training", "incoming_visit",
               "eu_project", "international_project", "application", "other")  # fmt: skip
_YES_NO = ("yes", "no", "unknown")
# The most words a reply has that is read as a name.
_NAME_WORDS = 5
# The longest name of a unit an administrator is asked to add.
_UNIT_NAME_LIMIT = 120
# The longest answer to "where?" read as a place name typed in lower case.
_PLACE_WORDS = 3


@dataclass(frozen=True)
class Situation:
    """What a question's `needed` may depend on besides the draft: whether there are units to choose
    from, and whether the person already belongs to one."""

    units_exist: bool
    person_has_unit: bool


# A typed answer read into the draft: None when the message does not answer the question (it is then read
# as a correction or something else), otherwise what to say about it (often nothing).
Reader = Callable[[str, Slots, Context], list[Reply] | None]


@dataclass(frozen=True)
class Question:
    name: str
    # When the fact is still missing and must be asked; a question that is never `needed` is asked only
    # when the person asks to change that fact ("ändra färdsätt").
    needed: Callable[[Slots, Situation], bool]
    text_key: Callable[[Slots, Context], str] | str
    buttons: Callable[[Slots, Context], list[Button]] = lambda slots, ctx: []
    read: Reader = lambda text, slots, ctx: None
    # A button of this question ("kind:conference"): its value taken into the draft; False if not valid.
    press: Callable[[str, Slots, Context], list[Reply] | None] = lambda value, slots, ctx: None
    # Said before the question is asked again when a message neither answers it nor changes anything.
    unclear_key: str | None = None
    # What a message that is no answer still tells (the unit the person looked for), kept before asking again.
    on_unclear: Callable[[str, Slots, Context], None] = lambda text, slots, ctx: None
    # Whether a short reply that is no known answer is still meant as one (a name the register lacks), and
    # so not passed on to the rest of the bot ("Vattenförvaltningen" is not a question about the strategy).
    takes_names: bool = False
    # The catalog key of the fact's label in the summary, for a fact kept in `ActivityFacts.extra`.
    label_key: str | None = None
    ask_params: Callable[[Slots, Context], dict[str, str]] = field(default=lambda slots, ctx: {})

    def ask(self, slots: Slots, ctx: Context) -> Reply:
        key = self.text_key if isinstance(self.text_key, str) else self.text_key(slots, ctx)
        return Reply(ctx.t(key, **self.ask_params(slots, ctx)), buttons=self.buttons(slots, ctx))


def action(verb: str, value: str = "") -> Action:
    return Action(NAME, verb, (value,) if value else ())


def choice(name: str, codes: tuple[str, ...], vocabulary: str) -> Callable[[Slots, Context], list[Button]]:
    """One button per code, labelled from the catalogs' `vocab.<vocabulary>.<code>`."""
    return lambda slots, ctx: [Button(ctx.t(f"vocab.{vocabulary}.{c}"), action(name, c)) for c in codes]


def extra_answer(name: str) -> Reader:
    """The reader for a fact kept in `ActivityFacts.extra`: the words as written."""

    def read(text: str, slots: Slots, ctx: Context) -> list[Reply] | None:
        words = " ".join(text.split())
        if not words:
            return None
        slots.extra[name] = words[:200]
        return []

    return read


# ---------------------------------------------------------------------------- readers


def _label_match(text: str, vocabulary: str, codes: tuple[str, ...]) -> str | None:
    folded = text.strip().casefold()
    for language in LANGUAGES:
        for code in codes:
            if catalog(language).get(f"vocab.{vocabulary}.{code}", "").casefold() == folded:
                return code
    return None


def kind_from_words(text: str) -> str | None:
    kind = _label_match(text, "kind", KINDS)
    if kind:
        return kind
    guess = guess_kind(text.strip().casefold(), None)
    return guess.kind if guess else None


def _read_kind(text: str, slots: Slots, ctx: Context) -> list[Reply] | None:
    if reading.parsed(text, ctx).understood > 1:
        return None  # "Network meeting in Kaunas 3 February" says more than a kind: read as a whole
    kind = kind_from_words(text)
    if not kind:
        return None
    slots.kind = Kind(kind)
    return []


def _press_kind(value: str, slots: Slots, ctx: Context) -> list[Reply] | None:
    if value not in KINDS:
        return None
    slots.kind = Kind(value)
    slots.title = None if not slots.title_from_person else slots.title
    return []


def _read_status(text: str, slots: Slots, ctx: Context) -> list[Reply] | None:
    status = _label_match(text, "status", STATUSES) or guess_status(text.strip().casefold())
    if not status:
        return None
    slots.status = Status(status)
    return []


def _press_status(value: str, slots: Slots, ctx: Context) -> list[Reply] | None:
    if value not in STATUSES:
        return None
    slots.status = Status(value)
    return []


def _read_place(text: str, slots: Slots, ctx: Context) -> list[Reply] | None:
    if match_command(text, ("digital",)):
        slots.travel_mode = TravelMode.DIGITAL
        return []
    draft = reading.parsed(text, ctx)
    words = text.split()
    if draft.city or draft.country or not 0 < len(words) <= _PLACE_WORDS:
        return None  # a place the parser found is taken as a correction, with the rest of the message
    # A place name typed in lower case as the answer ("riga", "vilnius"): the question says it is a place,
    # which a lower-case word in running text does not.
    place = main_place(find_places("i " + " ".join(w[:1].upper() + w[1:] for w in words)))
    if place is None:
        return None
    slots.city = place.text if place.city else None
    slots.country = place.country or None
    return []


def set_unit(unit: OrgUnit, slots: Slots, ctx: Context) -> list[Reply]:
    slots.unit_id = unit.id
    if ctx.person.org_unit_id is None:
        ctx.person.org_unit_id = unit.id
    return [Reply(ctx.t("log_activity.say.unit_remembered", unit=unit.name))]


def _read_unit(text: str, slots: Slots, ctx: Context) -> list[Reply] | None:
    unit = units.find(ctx.session, text) or _unit_in_sentence(text, ctx)
    return set_unit(unit, slots, ctx) if unit else None


def _unit_in_sentence(text: str, ctx: Context) -> OrgUnit | None:
    """The unit a whole sentence names ("jag jobbar på kulturförvaltningen", "I work at Tekniska
    förvaltningen"): the longest ending of the sentence that is a unit's name."""
    words = text.strip(" .!").split()
    for start in range(1, len(words)):
        unit = units.find(ctx.session, " ".join(words[start:]))
        if unit is not None:
            return unit
    return None


def _press_unit(value: str, slots: Slots, ctx: Context) -> list[Reply] | None:
    unit = ctx.session.get(OrgUnit, int(value)) if value.isdigit() else None
    return set_unit(unit, slots, ctx) if unit else None


def _unit_buttons(slots: Slots, ctx: Context) -> list[Button]:
    all_units = units.all_units(ctx.session)
    listed = (
        [Button(u.short_name or u.name, action("unit", str(u.id))) for u in all_units] if len(all_units) <= 12 else []
    )
    if slots.typed_unit:
        # A unit that is not listed is no dead end: save without it, and an administrator is told.
        listed.append(Button(ctx.t("log_activity.button.without_unit", unit=slots.typed_unit), action("unit_missing")))
    return listed


def _typed_unit(text: str, slots: Slots, ctx: Context) -> None:
    words = " ".join(text.split())
    if words and len(words) <= _UNIT_NAME_LIMIT:
        slots.typed_unit = words


def _unit_key(slots: Slots, ctx: Context) -> str:
    return "log_activity.ask.unit" if len(units.all_units(ctx.session)) <= 12 else "log_activity.ask.unit_free"


def _press_travel(value: str, slots: Slots, ctx: Context) -> list[Reply] | None:
    if value not in TRAVEL_MODES:
        return None
    slots.travel_mode = TravelMode(value)
    return []


def _yes_no(name: str) -> tuple[Reader, Callable[[str, Slots, Context], list[Reply] | None]]:
    """The reader and the button of a yes/no question whose answer is the fact `name`."""

    def press(value: str, slots: Slots, ctx: Context) -> list[Reply] | None:
        if value not in _YES_NO:
            return None
        setattr(slots, name, Answer(value))
        return []

    def read(text: str, slots: Slots, ctx: Context) -> list[Reply] | None:
        said = reading.yes_no(text) or reading.leading_yes_no(text, ctx)
        return press(said, slots, ctx) if said else None

    return read, press


def _read_title(text: str, slots: Slots, ctx: Context) -> list[Reply] | None:
    if not text.strip():
        return None
    slots.title, slots.title_from_person = " ".join(text.split())[:300], True
    return []


def _future(slots: Slots, ctx: Context) -> bool:
    return bool(slots.start and slots.start > ctx.today)


_read_climate, _press_climate = _yes_no("climate_compensated")
_read_cofunding, _press_cofunding = _yes_no("cofunding_considered")


# ---------------------------------------------------------------------------- the questions, in order

QUESTIONS: list[Question] = [
    Question(
        "kind",
        needed=lambda s, _: not s.kind,
        text_key=lambda s, ctx: "log_activity.ask.kind_future" if _future(s, ctx) else "log_activity.ask.kind",
        buttons=choice("kind", _KIND_ORDER, "kind"),
        read=_read_kind,
        press=_press_kind,
        unclear_key="log_activity.say.kind_unknown",
    ),
    Question(
        "status",
        needed=lambda s, _: s.is_project and not s.status,
        text_key="log_activity.ask.status",
        buttons=choice("status", _PROJECT_STATUSES, "status"),
        read=_read_status,
        press=_press_status,
    ),
    Question(
        "date",
        needed=lambda s, _: not s.is_project and not s.start_date,
        text_key=lambda s, ctx: "log_activity.ask." + ("date_application" if s.kind == "application" else "date"),
    ),
    Question(
        "place",
        needed=lambda s, _: s.kind in _PLACE_KINDS and s.travel_mode != "digital" and not (s.city or s.country),
        text_key=lambda s, ctx: "log_activity.ask." + ("place_incoming" if s.kind == "incoming_visit" else "place"),
        buttons=lambda s, ctx: (
            [] if s.kind == "incoming_visit" else [Button(ctx.t("log_activity.button.digital"), action("digital"))]
        ),
        read=_read_place,
    ),
    Question(
        # Every flight abroad gets the strategy's climate question, so a trip abroad must say how.
        "travel",
        needed=lambda s, _: (
            s.kind in _PLACE_KINDS
            and s.kind != "incoming_visit"
            and s.travel_mode is None
            and s.country is not None
            and s.country != "SE"
        ),  # fmt: skip
        text_key="log_activity.ask.travel",
        buttons=choice("travel", tuple(m for m in TRAVEL_MODES if m != "none"), "travel_mode"),
        press=_press_travel,
    ),
    Question(
        "unit",
        needed=lambda s, situation: (
            situation.units_exist and not s.unit_id and not situation.person_has_unit and not s.unit_requested
        ),
        text_key=_unit_key,
        buttons=_unit_buttons,
        read=_read_unit,
        press=_press_unit,
        unclear_key="log_activity.say.unit_unknown",
        on_unclear=_typed_unit,
        takes_names=True,
    ),
    Question(
        "climate",
        needed=lambda s, _: s.travel_mode == "flight" and s.climate_compensated is None,
        text_key="log_activity.ask.climate",
        buttons=lambda s, ctx: [Button(ctx.t(f"log_activity.button.{a}"), action("climate", a)) for a in _YES_NO],
        read=_read_climate,
        press=_press_climate,
    ),
    Question(
        "cofunding",
        needed=lambda s, _: s.is_project and not s.programme and s.cofunding_considered is None,
        text_key="log_activity.ask.cofunding",
        buttons=lambda s, ctx: [Button(ctx.t(f"log_activity.button.{a}"), action("cofunding", a)) for a in _YES_NO],
        read=_read_cofunding,
        press=_press_cofunding,
    ),
    # Asked only when the person asks to change it.
    Question(
        "title",
        needed=lambda s, _: False,
        text_key="log_activity.ask.title",
        ask_params=lambda s, ctx: {"title": s.title or make_title(s, ctx.t)},
        read=_read_title,
    ),
]


def named(name: str) -> Question | None:
    """The question the dialogue keeps as pending under `name`, if it is one."""
    return next((q for q in QUESTIONS if q.name == name), None)


def reads_as_a_name(text: str) -> bool:
    """A short reply without a question's form: what a person types when asked for a name."""
    return 0 < len(text.split()) <= _NAME_WORDS and not reading.is_question(text) and "?" not in text


def extra_fields(slots: Slots, t: Translator) -> list[Fact]:
    """The facts kept in `ActivityFacts.extra`, labelled by the question that asked for them."""
    return [Fact(t(q.label_key), slots.extra[q.name]) for q in QUESTIONS if q.label_key and slots.extra.get(q.name)]


def first_missing(slots: Slots, situation: Situation) -> Question | None:
    """The first question needed, or None when the draft is ready to confirm."""
    return next((q for q in QUESTIONS if q.needed(slots, situation)), None)

"""How an activity is shown to the person: its title when they gave none, and its summary fields.

Used while logging (the "Stämmer det här?" card), after saving, and in "mina aktiviteter", so an
activity looks the same wherever it appears.
"""

from __future__ import annotations

from bot.formatting import format_period, format_place
from bot.i18n import Translator
from bot.messages import Fact
from handlers.activity_draft import Slots


def _label(t: Translator, vocabulary: str, code: str | None) -> str | None:
    if not code:
        return None
    key = f"vocab.{vocabulary}.{code}"
    return t(key) if t.has(key) else code


def make_title(slots: Slots, t: Translator) -> str:
    """A title built from what is known: "Konferens om EU:s strukturfonder i Bryssel"."""
    place = format_place(slots.city, slots.country if not slots.city else None, t.language)
    name = slots.project_name if slots.is_project or slots.kind == "application" else None
    if name:
        # A project is known by its name: "SmartaSjöar (Interreg-projekt)", "Ansökan BioBuss till Interreg".
        which = "named_application" if slots.kind == "application" else "named_project"
        key = f"log_activity.title.{which}" + ("_programme" if slots.programme else "")
        parts = [t(key, name=name, programme=slots.programme or "")]
    elif slots.kind == "application" and slots.programme:
        parts = [t("log_activity.title.application", programme=slots.programme)]
    elif slots.is_project and slots.programme:
        parts = [t("log_activity.title.project", programme=slots.programme)]
    else:
        parts = [_label(t, "kind", slots.kind) or t("vocab.kind.other")]
    if slots.topic:
        parts.append(t("log_activity.title.topic", topic=slots.topic))
    if slots.network and slots.kind in ("network_meeting", "conference", "meeting"):
        parts.append(t("log_activity.title.network", network=slots.network))
    if place and not slots.is_project and slots.kind != "application":
        key = "origin" if slots.kind == "incoming_visit" else "place"
        parts.append(t(f"log_activity.title.{key}", place=place))
    return " ".join(parts)


def describe(slots: Slots, t: Translator) -> str:
    """The activity being logged, for a sentence about it: its title once its kind is known ("”Konferens i
    Oslo”"), otherwise what is known ("aktiviteten i Oslo den 3–4 november 2026"), never a made-up title."""
    if slots.kind:
        return t("log_activity.draft.title", title=slots.title or make_title(slots, t))
    place = format_place(slots.city, None if slots.city else slots.country, t.language)
    by_month = slots.date_precision == "month"
    when = format_period(slots.start, slots.end, t.language, "month" if by_month else "day")
    if not when:
        return t("log_activity.draft.place", place=place) if place else t("log_activity.draft.nothing")
    key = ("place_" if place else "") + ("month" if by_month else "day")
    return t(f"log_activity.draft.{key}", place=place, when=when)


def summary_fields(slots: Slots, t: Translator, unit_name: str | None = None) -> list[Fact]:
    """The facts worth confirming, in a fixed order, leaving out what is not known."""
    language = t.language
    facts: list[Fact] = []

    def add(key: str, value: str | None) -> None:
        if value:
            facts.append(Fact(t(f"log_activity.field.{key}"), value))

    add("kind", _label(t, "kind", slots.kind))
    add("title", slots.title)
    add("date", format_period(slots.start, slots.end, language, slots.date_precision))
    place = format_place(slots.city, slots.country, language)
    add("origin" if slots.kind == "incoming_visit" else "place", place)
    if slots.travel_mode and slots.travel_mode != "none":
        add("travel_mode", _label(t, "travel_mode", slots.travel_mode))
    if slots.travel_mode == "flight":
        add("climate_compensated", _label(t, "climate_compensated", slots.climate_compensated))
    add("programme", slots.programme)
    add("network", slots.network)
    add("project_name", slots.project_name)
    add("participants", t.number(slots.participants) if slots.participants else None)
    add("status", _label(t, "status", slots.status))
    if slots.cofunding_considered in ("yes", "no"):
        add("cofunding", _label(t, "climate_compensated", slots.cofunding_considered))
    add("unit", unit_name)
    add("results", slots.results)
    return facts

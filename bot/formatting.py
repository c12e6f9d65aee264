"""Dates and places the way a Swedish or English reader expects to see them.

Babel (CLDR) supplies month and country names; the range rule is ours because CLDR's interval formats
abbreviate months ("30 mars–2 apr.") where a report should spell them out.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel.dates import format_date

_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


@cache
def country_name(code: str, language: str) -> str:
    """Belgien / Belgium, from the ISO code (CLDR's territory names); the code itself when unknown."""
    from babel import Locale

    return str(Locale(language).territories.get(code.upper(), code.upper()))


def _locale(language: str) -> str:
    return _LOCALES.get(language, "sv_SE")


def format_day(day: date, language: str) -> str:
    """12 mars 2026 / 12 March 2026."""
    return format_date(day, "d MMMM y", locale=_locale(language))


def format_period(start: date | None, end: date | None, language: str, precision: str | None = "day") -> str:
    """12–14 mars 2026, 30 mars–2 april 2026, vecka 12 2027, september 2026, mars–maj 2027, 2027: as
    precisely as the person said it, never a vague date shown as exact days."""
    if start is None:
        return format_day(end, language) if end else ""
    locale = _locale(language)
    if precision == "year" and (
        end is None
        or (start.year == end.year and (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31))
    ):
        return str(start.year)
    if precision in ("month", "year"):  # a month, or several whole ones ("under våren": mars–maj 2027)
        if end is None or (start.year, start.month) == (end.year, end.month):
            return format_date(start, "LLLL y", locale=locale)
        if start.year == end.year:
            return f"{format_date(start, 'LLLL', locale=locale)}–{format_date(end, 'LLLL y', locale=locale)}"
        return f"{format_date(start, 'LLLL y', locale=locale)}–{format_date(end, 'LLLL y', locale=locale)}"
    if precision == "week" and (end is None or start.isocalendar()[:2] == end.isocalendar()[:2]):
        year, week, _ = start.isocalendar()
        label = "vecka" if language == "sv" else "week"
        return f"{label} {week} {year} ({format_period(start, end, language)})"
    if end is None or end == start:
        return format_day(start, language)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_day(end, language)}"
    if start.year == end.year:
        return f"{format_date(start, 'd MMMM', locale=locale)}–{format_day(end, language)}"
    return f"{format_day(start, language)}–{format_day(end, language)}"


def format_place(city: str | None, country: str | None, language: str) -> str:
    """Bryssel, Belgien / Brussels, Belgium; a city alone when the country is home."""
    parts = [city] if city else []
    if country and (country != "SE" or not city):
        parts.append(country_name(country, language))
    return ", ".join(parts)

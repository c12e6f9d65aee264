"""Reading a question about the register: what is counted or listed, for whom, over which period, where.

"Vilka förvaltningar har inte loggat något i år?", "how many flights did my unit log last year, and how
many were compensated?", "vilka aktiviteter saknar resultat?" and "activities in Germany 2025" ask what
people have logged, not what the strategy says. This module turns such a message into a typed
`RegisterQuestion`; the answer comes from the database (`registers.register_answers`).

The words are concepts in a lexicon per language (`data/register.sv.toml`, `data/register.en.toml`), read
together because people mix languages; the year and periods come from the date grammar, countries and
cities from the gazetteer. A rule here names a phenomenon (a count, a list, a gap, a negated "logged"),
never a sentence. A message is a register question only when it asks (a count or a question word) about
something the register holds and says what it wants of it; a rule question ("hur många flygresor får
man göra?") is left to the strategy answers.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from bot.nlu.dates import find_dates
from bot.nlu.lexicon import DATA, LANGUAGES
from bot.nlu.places import find_places
from bot.nlu.text import fold

Measure = Literal["count", "list"]
Scope = Literal["me", "unit", "all"]
Subject = Literal[
    "activities",
    "trips",
    "flights",
    "eu_projects",
    "applications",
    "units_without_activity",
    "units_without_contact",
    "lacking_results",
    "lacking_travel_mode",
    "lacking_climate",
    "lacking_unit",
    "who_logged",
    "waiting_applications",
]
SUBJECTS: tuple[str, ...] = Subject.__args__  # type: ignore[attr-defined]
# Subjects about the whole municipality by their nature: they compare units.
MUNICIPAL_SUBJECTS = frozenset({"units_without_activity", "units_without_contact"})

# Subjects whose answer is a list of logged activities.
LISTED = frozenset({"activities", "trips", "flights", "eu_projects", "applications"})
_YEAR = re.compile(r"(?<![\d-])((?:19|20)\d\d)(?![\d-])")


@dataclass(frozen=True)
class RegisterQuestion:
    """One question to the register. `scope` None means the asker did not say (their widest own view);
    `year` None and no `start` means the year being reported now. `since_reminder` asks from the last
    annual reminder on."""

    measure: Measure
    subject: Subject
    scope: Scope | None = None
    year: int | None = None
    start: date | None = None
    end: date | None = None
    since_reminder: bool = False
    country: str | None = None
    city: str | None = None
    status: str | None = None


@cache
def _concepts() -> dict[str, re.Pattern[str]]:
    """Every concept of both lexicons as one pattern over folded text: `stems` start a word, `words` are whole."""
    merged: dict[str, tuple[set[str], set[str]]] = {}

    def walk(prefix: str, table: dict[str, object]) -> None:
        for key, value in table.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            elif isinstance(value, list) and key in ("stems", "words", "prepositions"):
                stems, words = merged.setdefault(prefix, (set(), set()))
                (stems if key == "stems" else words).update(fold(str(v)).replace("’", "'") for v in value)

    for language in LANGUAGES:
        walk("", tomllib.loads((DATA / f"register.{language}.toml").read_text(encoding="utf-8")))
    patterns = {}
    for name, (stems, words) in merged.items():
        parts = [re.escape(s).replace(r"\ ", r"\s+") + r"[\w-]*" for s in sorted(stems, key=len, reverse=True)]
        parts += [re.escape(w).replace(r"\ ", r"\s+") + r"(?![\w'])" for w in sorted(words, key=len, reverse=True)]
        patterns[name] = re.compile(r"(?<![\w'])(?:" + "|".join(parts) + ")")
    return patterns


def _has(concept: str, text: str) -> bool:
    return bool(_concepts()[concept].search(text))


def _spans(concept: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _concepts()[concept].finditer(text)]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans blanked out, positions kept."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _subject(text: str, counting: bool) -> Subject | None:
    """What the question is about; the more specific reading first (a gap before plain activities)."""
    # "min enhet" says whose, not what: the units as a subject are units named apart from the asker's own.
    units = _has("subject.units", _blank(text, _spans("scope.unit", text)))
    logged = _has("logged", text)
    negated = _has("negation", text) or _has("missing", text)
    if units and _has("subject.contact", text) and (negated or counting):
        return "units_without_contact"
    if units and logged and negated:
        return "units_without_activity"
    if _has("subject.applications", text) and _has("waiting", text):
        return "waiting_applications"
    if _has("missing", text) or (negated and not logged):
        for gap in ("results", "travel_mode", "climate", "unit"):
            if _has(f"gap.{gap}", _blank(text, _spans("subject.units", text)) if gap != "unit" else text):
                if gap == "unit" and units and not _has("subject.activities", text):
                    continue
                return f"lacking_{gap}"  # type: ignore[return-value]
    if not counting and logged and _has("subject.people", text) and not units:
        return "who_logged"
    if _has("subject.flights", text) or _has("subject.compensated", text):
        return "flights"
    if _has("subject.eu_projects", text):
        return "eu_projects"
    if _has("subject.applications", text):
        return "applications"
    if _has("subject.trips", text):
        return "trips"
    if _has("subject.activities", text) or (counting and logged):
        return "activities"
    return None


def _scope(text: str) -> Scope | None:
    if _has("scope.all", text):
        return "all"
    if _has("scope.unit", text):
        return "unit"
    if _has("scope.me", _blank(text, _spans("scope.unit", text))):
        return "me"
    return None


def _status(text: str) -> str | None:
    for status in ("granted", "rejected", "applied"):
        if _has(f"status.{status}", text):
            return status
    return None


def place(original: str) -> tuple[str | None, str | None]:
    """A country or city the question names after a preposition ("i Tyskland", "in Ghent")."""
    for match in find_places(original):
        # A lower-case word after "i" is rarely a place ("did I log" is not Łódź); a country may be lower case.
        written = match.capitalised or match.city is None
        if written and match.preposition and _has("place", fold(match.preposition)):
            if match.city is not None and fold(match.text) == fold(match.city.name):
                return match.country, match.city.name
            return match.country, None
    return None, None


def read(text: str, today: date) -> RegisterQuestion | None:
    """The register question the message asks, or None when it asks none."""
    said = fold(text).replace("’", "'")
    counting = _has("count", said)
    asking = counting or _has("ask", said) or said.rstrip().endswith("?")
    if not asking or (_has("modal", said) and not _has("logged", said)):
        return None
    subject = _subject(said, counting)
    if subject is None:
        return None
    if subject in LISTED and _has("subject.people", said) and not _has("logged", said) and not counting:
        # "Vem godkänner min resa till Berlin?", "who pays for our trips?": "who" about activities asks for a
        # person and what they do, which is no list of what was logged ("vem har loggat resor …" is).
        return None
    specific = (
        counting
        or subject not in ("activities", "trips", "flights", "eu_projects", "applications")
        or _has("logged", said)
        or _has("scope.unit", said)
        or _has("scope.all", said)
    )
    country, city = place(text)
    # A place alone makes a list of what was done there only when the message asks for one.
    if not specific and (country is None or not _has("ask", said)):
        return None
    year, start, end = _period(text, said, today)
    return RegisterQuestion(
        measure="count" if counting else "list",
        subject=subject,
        scope=_scope(said),
        year=year,
        start=start,
        end=end,
        since_reminder=_has("period.since_reminder", said),
        country=country,
        city=city,
        status=_status(said) if subject == "applications" else None,
    )


def year(text: str, today: date) -> int | None:
    """The year a message names: a number, "i år"/"this year", "i fjol"/"last year"."""
    said = fold(text)
    if _has("period.last_year", said):
        return today.year - 1
    if _has("period.this_year", said):
        return today.year
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def _period(text: str, said: str, today: date) -> tuple[int | None, date | None, date | None]:
    """A year ("2025", "i fjol"), or a period the date grammar reads ("mellan mars och juni")."""
    if _has("period.last_year", said):
        return today.year - 1, None, None
    if _has("period.this_year", said):
        return today.year, None, None
    match = _YEAR.search(text)
    finding = find_dates(text, today, tense="past")
    if finding.found and finding.start and finding.precision != "year" and finding.start != finding.end:
        return None, finding.start, finding.end or today
    if match:
        return int(match.group(1)), None, None
    return None, None, None


def score(text: str, today: date) -> float:
    """How sure the register is that the message is for it: a readable register question is."""
    return 0.9 if read(text, today) is not None else 0.0


def asks_about_compensation(text: str) -> bool:
    """Whether a question about flights also asks how many were climate compensated."""
    return _has("subject.compensated", fold(text)) or _has("gap.climate", fold(text))


def reminder_target(text: str) -> bool:
    """Whether the message asks to remind a unit now ("påminn Tekniska förvaltningen"); "påminn mig om …"
    asks the bot to remind the asker, which is something else."""
    said = fold(text).strip()
    return _concepts()["remind"].match(said) is not None and not _has("scope.me", said)

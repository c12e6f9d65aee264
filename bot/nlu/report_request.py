"""Understanding a request for the annual report: is it one, for which year, for which unit or all.

"rapport", "årsrapport 2025", "kan du ta fram rapporten för KFF?" and "report for all units last year" are
requests; "Vad ska årsrapporten innehålla?" is a question for the strategy, and "I want to report a trip"
is logging. The words live in the catalogs (`report.words.*`, both languages at once); this module only
decides how they combine. Pure functions: the handler passes in today's date and the units' names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from bot.i18n import all_languages
from bot.nlu.intents import normalise

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")
# English "report" is also the verb of logging: "report a trip", "how do I report my flight".
# A message that starts with the report's name is a command when it is this short; a longer one
# ("Rapport från konferensen i Bryssel: vi träffade …") is more likely telling than asking.
_COMMAND_TOKENS = 10
_VERB_OBJECTS = frozenset({"a", "an", "my", "our", "that", "this", "on", "about", "some", "it", "back", "in"})


@dataclass(frozen=True)
class ReportRequest:
    """What a message asks for. `year` None means the year being reported now."""

    year: int | None = None
    all_units: bool = False


def _phrases(key: str) -> tuple[str, ...]:
    return tuple(sorted({normalise(p) for p in all_languages(key) if p.strip()}, key=len, reverse=True))


@cache
def _words() -> dict[str, tuple[str, ...]]:
    keys = ("nouns", "asks", "requests", "questions", "all_units", "last_year", "this_year")
    return {key: _phrases(f"report.words.{key}") for key in keys}


def _tokens(text: str) -> list[str]:
    """Words, with the English possessive dropped so "last year's report" reads as "last year report"."""
    return [_POSSESSIVE.sub("", token) for token in _TOKEN.findall(normalise(text))]


def _contains(tokens: Sequence[str], phrase: str) -> bool:
    words = phrase.split()
    return any(list(tokens[i : i + len(words)]) == words for i in range(len(tokens) - len(words) + 1))


def _noun_positions(tokens: Sequence[str]) -> list[int]:
    """Where the report is named as a thing, leaving out the English verb ("to report", "report a …")."""
    nouns = set(_words()["nouns"])
    found = []
    for i, token in enumerate(tokens):
        if token not in nouns:
            continue
        if token == "report":
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            before = tokens[i - 1] if i else ""
            if after in _VERB_OBJECTS or before in {"to", "i", "we", "please"}:
                continue
        found.append(i)
    return found


def score(text: str) -> float:
    """How sure we are that the message asks for the report draft (0 … 1)."""
    tokens = _tokens(text)
    nouns = _noun_positions(tokens)
    if not nouns:
        return 0.0
    words = _words()

    def has(kind: str) -> bool:
        return any(_contains(tokens, phrase) for phrase in words[kind])

    if nouns[0] == 0 and len(tokens) <= _COMMAND_TOKENS:
        return 0.95  # "rapport för KFF 2025", "årsrapporten tack"
    if has("asks"):
        return 0.85  # "kan du ta fram årsrapporten?", "could I have the annual report"
    if any(_contains(tokens[:2], question) for question in words["questions"]):
        return 0.2  # "vem ska skicka årsrapporten?" is for the strategy answers
    if has("requests"):
        return 0.85  # "ta fram rapporten för 2025", "send me the report"
    if _YEAR.search(text) or has("all_units"):
        return 0.6
    return 0.4


def parse(text: str, today: date) -> ReportRequest:
    """The year (a number in the text, or "förra året" / "last year") and whether all units are meant."""
    tokens = _tokens(text)
    words = _words()
    year: int | None = None
    match = _YEAR.search(text)
    if match:
        year = int(match.group(1))
    elif any(_contains(tokens, p) for p in words["last_year"]):
        year = today.year - 1
    elif any(_contains(tokens, p) for p in words["this_year"]):
        year = today.year
    return ReportRequest(year=year, all_units=any(_contains(tokens, p) for p in words["all_units"]))


def named_units(text: str, units: Iterable[tuple[int, Sequence[str]]]) -> list[int]:
    """Ids of the units whose name, short name or alias the text mentions, the longest mention first.

    "rapport för Kultur- och fritidsförvaltningen" and "rapport KFF" both name the same unit; a short name
    counts only as a whole word, so "UF" is not found inside "ufo".
    """
    said = normalise(text)
    found: list[tuple[int, int]] = []
    for unit_id, names in units:
        lengths = [
            len(name)
            for name in (normalise(n) for n in names if n and n.strip())
            if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", said)
        ]
        if lengths:
            found.append((max(lengths), unit_id))
    return [unit_id for _, unit_id in sorted(found, key=lambda pair: -pair[0])]

"""How many of us took part: "vi var sex", "tre av oss", "jag och två kollegor", "we were a group of 12".

The strategy counts people, not trips, so the number of staff who went is worth a sentence. People say it
in a few shapes: the group as a whole ("vi var sju", "the two of us", "totalt åtta personer"), a share of
us ("tre av oss", "five of us"), or the writer plus others ("jag och två kollegor", "two colleagues and I",
"with 4 teachers"), which is one more than the number said. Visitors are not counted: a number of people
"från Tartu" at an incoming visit is the guests, so a bare "N personer" is read only when we travelled.
All patterns run on folded text (`bot.nlu.text`).
"""

from __future__ import annotations

import re

from bot.nlu.prefilter import Prefiltered, prefiltered
from bot.nlu.text import fold, rx
from bot.nlu.timegrammar.lexicon import CARDINALS

# Exact numbers only: "ett par" or "några" is no count anyone could report.
_VAGUE = {"nagra", "par", "couple", "few"}
_NUMBERS = {word: value for word, value in CARDINALS.items() if word not in _VAGUE}
# A number that is a date, a duration or an amount ("vi var 12-14 mars", "vi var 2 dagar") counts no one.
_NOT_PEOPLE = (
    r"(?!\s*(?:[-/.:]\s*\d|%|par\b|couple|few\b|jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec|dag|day|dygn|night|natt|"
    r"vecka|veckor|week|timm|hour|tim\b|år\b|ar\b|year|månad|manad|month|kr\b|sek|eur|€|kilometer|km|mil\b))"
)
_NUMBER = (
    r"(?<!\d-)(?<!\d)(?P<n>\d{1,3}|"
    + "|".join(sorted(map(re.escape, _NUMBERS), key=len, reverse=True))
    + r")\b"
    + _NOT_PEOPLE
)
# "Vi var en vecka …", "we were a bit late": one is never a group, so the group shape wants two or more.
_GROUP_NUMBER = _NUMBER.replace("(?P<n>", "(?!(?:en|ett|one)\\b)(?P<n>")
# Words for people the writer went with; a time unit after a number ("tre dagar") is no company.
_PEOPLE = (
    r"(?:kolleg\w*|medarbetare|andra|personer|pers|deltagare|lärare|rektorer|chefer|politiker|tjänstepersoner|"
    r"handläggare|tjänstemän|elever|ledamöter|colleagues?|co-?workers?|others?|people|persons|participants|"
    r"teachers|staff|managers|politicians|officers|officials|students|members|councillors)"
)
_OURS = r"(?:\s+(?:från|fran|from|på|of|at)\s+[\w\-åäö]+(?:\s+[\w\-åäö]+)?)?"

# (pattern, how many more than the number said, whether it can be the guests at an incoming visit): the
# group itself, or the writer plus the others.
_SHAPE_PATTERNS: list[tuple[re.Pattern[str], int, bool]] = [
    # "vi var sex", "vi var 3 st", "we were five", "we were a group of 12", "vi var en grupp på åtta"
    (
        rx(
            rf"\b(?:vi|we)\s+(?:var|är|blir|were|are|will be)\s+(?:(?:en grupp på|a group of|a team of|totalt|in total)\s+)?{_GROUP_NUMBER}"
        ),
        0,
        False,
    ),
    # "tre av oss", "five of us", "the two of us", "all four of us"
    (rx(rf"\b{_NUMBER}\s+(?:av oss|of us)\b"), 0, False),
    # "jag och två kollegor", "me and one colleague", "me plus one colleague", "I and 3 others"
    (
        rx(rf"\b(?:jag|mig|i|me|myself)\s+(?:och|and|plus|\+|samt|med|with)\s+{_NUMBER}\s+(?:\w+\s+)?{_PEOPLE}\b"),
        1,
        False,
    ),
    # "två kollegor och jag", "two colleagues and I"
    (rx(rf"\b{_NUMBER}\s+(?:\w+\s+)?{_PEOPLE}{_OURS}\s+(?:och|and)\s+(?:jag|i|me|myself)\b"), 1, False),
    # "with two colleagues", "tillsammans med tre kollegor", "with 4 teachers"
    (rx(rf"\b(?:med|with|together with|tillsammans med)\s+{_NUMBER}\s+(?:\w+\s+)?{_PEOPLE}\b"), 1, True),
    # "fem deltagare", "totalt åtta personer från kommunen", "a delegation of six"
    (rx(rf"\b(?:totalt\s+|in total\s+|sammanlagt\s+)?{_NUMBER}\s+(?:deltagare|participants)\b"), 0, True),
    (
        rx(
            rf"\b(?:totalt|sammanlagt|in total|a total of|altogether)\s+{_NUMBER}\s+(?:\w+\s+)?(?:personer|pers|people|persons|st)\b"
        ),
        0,
        True,
    ),
]
# Each runs only on messages that contain one of its words (bot.nlu.prefilter): most messages count no one.
_SHAPES: list[tuple[Prefiltered, int, bool]] = [(prefiltered(p), extra, guests) for p, extra, guests in _SHAPE_PATTERNS]
# A bare "åtta personer från kommunen": only for our own travel, never at an incoming visit.
_PEOPLE_OF_OURS = prefiltered(
    rx(
        rf"\b{_NUMBER}\s+(?:personer|people|persons|kollegor|colleagues)\s+(?:från|from)\s+(?:kommunen|oss|vår|our|the municipality)\b"
    )
)


def _value(match: re.Match[str]) -> int | None:
    said = match.group("n")
    number = int(said) if said.isdigit() else _NUMBERS.get(said)
    return number if number and 0 < number < 500 else None


def find_participants(text: str, incoming: bool = False) -> int | None:
    """The number of our own people who took part, or None when the message does not say."""
    folded = fold(text)
    for pattern, extra, guests in _SHAPES:
        if guests and incoming:
            continue
        match = pattern.search(folded)
        if match and (number := _value(match)) is not None:
            return number + extra
    match = _PEOPLE_OF_OURS.search(folded)
    if match and not incoming and (number := _value(match)) is not None:
        return number
    return None

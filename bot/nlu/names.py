"""The name of a project or an application: "projektet heter SmartaSjöar", "ansökan ReCycle Baltic",
"the application 'Youth for Climate'", "vårt Horisont Europa-projekt CLIMAHEAT".

Projects are known by their names far more than by their programmes (a unit may run three Interreg
projects), so a name said in passing is kept. People give it in a few shapes:

- said as the name: "projektet heter …", "kallas …", "the project is called/named …";
- in quotes: "'Youth for Climate'", "”Digital skola i Norden”";
- right after the word for the project or application, written like a name (capitals or an acronym):
  "ansökan ReCycle Baltic", "application for CoastCare", "ansökan om BioBuss";
- anywhere, a code name that cannot be an ordinary word: an inner capital ("GreenBridge") or capitals with
  a hyphen ("SUN-LAB").

A programme, a network or a place is never the name ("ansökan till Interreg", "projekt i Kalmar").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_QUOTED = re.compile(r"[\"“”„«»']([^\"“”„«»']{3,120})[\"“”„«»']")
# A word written like a name: a capital, or a digit-and-capital code ("CO2-Neutral", "5G-Bridge").
_NAME_WORD = r"(?:[A-ZÅÄÖ0-9][\w+&\-]*)"
# Small words that may sit inside a name between two capitalised words ("Youth for Climate").
_JOINER = r"(?:for|of|the|and|in|on|to|för|och|i|på|av|&)"
_NAME_RUN = rf"{_NAME_WORD}(?:\s+(?:{_JOINER}\s+)?{_NAME_WORD}){{0,5}}"
# "projektet heter X", "the project is called X", "med namnet X", "projektnamn: X".
_SAID_NAME = re.compile(
    r"\b(?:heter|hette|kallas|kallat|kallad|kallade|med namnet|som heter|projektnamn(?:et)?\s*(?:är|:)|"
    r"(?:is|was)\s+(?:called|named)|called|named|titled|entitled|project name\s*(?:is|:))\s+"
    rf"(?P<name>{_NAME_RUN})",
)
# The word for a project or an application, a compound included ("Horisont Europa-projekt",
# "Interreg-ansökan"), then the name, with "om"/"för"/"for" between them at most.
_AFTER_KIND = re.compile(
    r"(?i:(?:projekt(?:et)?|project|ansökan|ansökningen|application|proposal|partnerskap(?:et)?|partnership))"
    rf"\s+(?:(?i:om|för|for|kallat|called|named)\s+)?(?P<name>{_NAME_RUN})"
)
# A code name: an inner capital after a small letter ("GreenBridge", "SmartaSjöar"), or capitals joined by a
# hyphen ("SUN-LAB").
_CODE_NAME = re.compile(r"\b(?:[A-ZÅÄÖ][a-zåäö]+[A-ZÅÄÖ][\wåäö]*|[A-ZÅÄÖ]{2,}(?:-[A-ZÅÄÖ0-9]{2,})+)\b")
# Capitalised words that open a clause and are not part of a name ("… application NORDHEAT. We …").
_NOT_NAME_WORDS = frozenset(
    {"vi", "jag", "det", "den", "de", "we", "i", "it", "our", "the", "a", "an", "this", "that", "eu", "och", "and"}
)


def _overlaps(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in others)


def _trim(name: str) -> str:
    """Drop trailing joiners and a final possessive or clause word the name run swallowed."""
    words = name.split()
    while words and (re.fullmatch(_JOINER, words[-1], re.IGNORECASE) or words[-1].lower() in _NOT_NAME_WORDS):
        words.pop()
    return " ".join(words).strip(" -")


def find_project_name(text: str, not_names: Sequence[tuple[int, int]] = ()) -> str | None:
    """The project's or application's name in `text`, or None; `not_names` are the spans of programmes,
    networks, places and dates, which are never the name."""
    for pattern in (_SAID_NAME, _QUOTED_NAME, _AFTER_KIND):
        for match in pattern.finditer(text):
            # Quotes delimit the name themselves: "Digital skola i Norden" keeps its place.
            name = _name(match, () if pattern is _QUOTED_NAME else not_names)
            if name:
                return name
    for match in _CODE_NAME.finditer(text):
        if not _overlaps(match.span(), not_names):
            return match.group(0)
    return None


_QUOTED_NAME = re.compile(_QUOTED.pattern.replace("(", "(?P<name>", 1))


def _name(match: re.Match[str], not_names: Sequence[tuple[int, int]]) -> str | None:
    start = match.start("name")
    words = list(re.finditer(r"\S+", match.group("name")))
    # Keep the words before the first that is a programme, a place or a date.
    kept_end = start
    for word in words:
        span = (start + word.start(), start + word.end())
        if _overlaps(span, not_names):
            break
        kept_end = span[1]
    name = _trim(match.string[start:kept_end])
    if len(name) < 3 or name.lower() in _NOT_NAME_WORDS:
        return None
    return name

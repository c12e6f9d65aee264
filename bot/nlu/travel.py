"""Travel said once for two activities: "Konferens i Bryssel 12 mars och möte i Berlin 20 april, flög båda".

When a message holds two activities (`bot.nlu.activity.split_activities`), the way there and whether the
trip was climate compensated are often said once, at the end or the start, for both. The part that does not
say it borrows the clause that does, so each activity is read with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.nlu.kinds import guess_travel_mode

# The clauses of a message: between commas, full stops, semicolons and brackets.
_CLAUSE = re.compile(r"[^,.;()]+")
_CLIMATE = re.compile(r"kompenser|compensat|offset", re.IGNORECASE)


def _mode(clause: str) -> bool:
    return guess_travel_mode(clause.lower()) is not None


def _climate(clause: str) -> bool:
    return bool(_CLIMATE.search(clause))


def _clauses(part: str, said: Callable[[str], bool]) -> list[str]:
    return [m.group(0).strip() for m in _CLAUSE.finditer(part) if said(m.group(0))]


def share_travel(first: str, second: str) -> tuple[str, str]:
    """The two parts of a message, each given the other's words for the journey (the mode, the climate
    compensation) when it says nothing of it itself."""
    for said in (_mode, _climate):
        in_first, in_second = _clauses(first, said), _clauses(second, said)
        if in_second and not in_first:
            first = f"{first}, {', '.join(c for c in in_second if c not in first)}".rstrip(", ")
        elif in_first and not in_second:
            second = f"{second}, {', '.join(c for c in in_first if c not in second)}".rstrip(", ")
    return first, second

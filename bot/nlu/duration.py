"""How long a stay lasts: "de stannar två dagar", "i tre dagar", "for three days", "a two-day visit".

A start day and a length are a period as good as two days: "nästa tisdag, de stannar två dagar" ends on
the Wednesday. Only whole days, and only when no end was said.
All patterns run on folded text (`bot.nlu.text`).
"""

from __future__ import annotations

import re

from bot.nlu.text import fold, rx
from bot.nlu.timegrammar.lexicon import CARDINALS

_NUMBERS = {word: value for word, value in CARDINALS.items() if word not in {"nagra", "par", "couple", "few"}}
_NUMBER = r"(?P<n>\d{1,2}|" + "|".join(sorted(map(re.escape, _NUMBERS), key=len, reverse=True)) + r")"
_LENGTH = rx(
    rf"\b(?:stannar|stannade|stanna|är här|var här|i|under|for|stay(?:s|ed|ing)?|staying for|here for)\s+"
    rf"(?:(?:hela|totalt|all|a total of)\s+)?{_NUMBER}\s+(?:dagar|dygn|days)\b|"
    rf"\b{_NUMBER.replace('?P<n>', '?P<m>')}[\s-]+(?:dagars|day)\b"
)


def stay_days(text: str) -> int | None:
    """The number of days the message says the activity lasts, or None."""
    match = _LENGTH.search(fold(text))
    if not match:
        return None
    said = match.group("n") or match.group("m")
    number = int(said) if said.isdigit() else _NUMBERS.get(said)
    return number if number and 1 < number <= 31 else None

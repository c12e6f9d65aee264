"""Money said not to be there: "utan EU-pengar", "inte EU-finansierat", "not an EU project", "no EU money".

An international project is an EU project only when EU money pays for it, and people often say so by
denying it ("ett eget projekt utan EU-finansiering"). The denied words must then not count as a mention of
the EU, or the denial would make the project the very thing it is not.
All patterns run on folded text (`bot.nlu.text`).
"""

from __future__ import annotations

import re

from bot.nlu.text import rx

_NOT = r"(?:utan|inte|ej|icke|not|no|without|non)"
_FILLER = r"(?:(?:en|ett|an?|någon|något|några|några|any|med|with|som|är|is)\s+){0,2}"
_EU_WORD = (
    r"eu(?:[\s-]*(?:pengar|medel|finansier\w*|stöd|bidrag|projekt\w*|project|funding|money|funds?|grants?|"
    r"financ\w*|fund\w*|programme|program))?"
)
_DENIED_EU = rx(rf"\b{_NOT}[\s-]+{_FILLER}{_EU_WORD}\b")


def without_eu_money(folded: str) -> tuple[str, bool]:
    """The (folded) text with the EU of every denial of EU money blanked out, and whether there was one."""
    denied = False

    def blank(match: re.Match[str]) -> str:
        nonlocal denied
        denied = True
        # Only "EU" goes: "inte ett EU-projekt" is still a project.
        return re.sub(r"eu", "  ", match.group(0))

    return _DENIED_EU.sub(blank, folded), denied

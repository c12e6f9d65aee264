"""Mending the typos people make in the words that decide an activity's kind.

"Stuidebesök", "Konferns", "delegaiton", "nätverskmöte": in a quick chat message the one word that says
what happened is often the one mistyped. A word of six letters or more that is one edit (a letter added,
dropped, changed, or two swapped) from one of these key words is read as that word. The list is short and
the words are long, so ordinary words are not pulled in.
"""

from __future__ import annotations

import re
from functools import cache

from bot.nlu.text import fold

KEY_WORDS = tuple(
    fold(word)
    for word in """konferens konferensen studiebesök studiebesöket studiebesöken studieresa studieresan delegation
    delegationen nätverksmöte nätverksmötet nätverksträff nätverksträffen utbildning utbildningen seminarium
    seminariet webbinarium workshop workshopen ansökan ansökningar projektet projektmöte partnermöte
    conference delegation training application meeting network seminar webinar project visitors""".split()
)
_WORD = re.compile(r"[a-z]{6,}")


def _one_edit_apart(a: str, b: str) -> bool:
    """Damerau–Levenshtein distance at most one (optimal string alignment)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1 :]


@cache
def _mended(word: str) -> str:
    if word in KEY_WORDS:
        return word
    return next((key for key in KEY_WORDS if _one_edit_apart(word, key)), word)


def mend(folded: str) -> str:
    """The folded text with mistyped key words set right (the rest untouched)."""
    return _WORD.sub(lambda m: _mended(m.group(0)), folded)

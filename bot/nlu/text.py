"""Text folding shared by the recognisers.

People type fast in chat and often without å, ä and ö ("studiebesok i odense igar"). Patterns are
written in proper Swedish and compiled through `rx`, which folds them the same way as the text, so one
pattern matches both spellings. Folding keeps every character's position, so spans stay valid.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans("åäöéèüÅÄÖÉÈÜ", "aaoeeuAAOEEU")


def fold(text: str) -> str:
    """Lower case without the Swedish (and a few other) diacritics, character for character."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters ("İ") lower-case to two characters; keep positions
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("–", "-").replace("—", "-").replace("‐", "-").translate(_FOLD)


def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a pattern written with å, ä and ö so that it matches folded text."""
    return re.compile(pattern.translate(_FOLD), flags)

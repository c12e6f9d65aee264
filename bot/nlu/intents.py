"""Deciding what a message is for.

Short commands ("hjälp", "help", "mina aktiviteter") are matched against trigger phrases kept in the
translation catalogs under `triggers.<intent>`, in both languages at once: people switch language
mid-conversation and still expect "help" to work.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from bot.i18n import all_languages

UNKNOWN = "unknown"

_BOT_NAME = re.compile(r"^\s*(@?utblick\b[\s,:!.]*)", re.IGNORECASE)
_EDGE_PUNCTUATION = re.compile(r"^[\s\W_]+|[\s\W_]+$", re.UNICODE)
_SPACES = re.compile(r"\s+")
# A command may carry a couple of words of politeness ("hjälp mig", "help please").
_MAX_EXTRA_WORDS = 2


@dataclass(frozen=True)
class Understanding:
    intent: str
    confidence: float = 1.0


def normalise(text: str) -> str:
    """Case-folded, NFC, without the bot's own name, outer punctuation and repeated spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _BOT_NAME.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return _EDGE_PUNCTUATION.sub("", text).casefold()


@cache
def _triggers(intent: str) -> tuple[str, ...]:
    phrases = {normalise(p) for p in all_languages(f"triggers.{intent}")}
    # Longest first, so "vad kan du" wins over "vad".
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


def match_command(text: str, intents: Iterable[str]) -> str | None:
    """The intent whose trigger phrase the message is (give or take a word or two), if any."""
    said = normalise(text)
    if not said:
        return None
    best: tuple[int, str] | None = None
    for intent in intents:
        for phrase in _triggers(intent):
            if said == phrase:
                return intent
            polite = said.startswith(phrase + " ") and len(said[len(phrase) :].split()) <= _MAX_EXTRA_WORDS
            if polite and (best is None or len(phrase) > best[0]):
                best = (len(phrase), intent)
    return best[1] if best else None


# Below this, no recogniser is sure enough and the fallback suggests what to write.
MIN_CONFIDENCE = 0.5


def understand(
    text: str,
    intents: Iterable[str],
    recognisers: Sequence[tuple[str, Callable[[str], float]]] = (),
) -> Understanding:
    """The intent of a message: a command phrase if it is one, else the most confident recogniser."""
    intent = match_command(text, intents)
    if intent:
        return Understanding(intent)
    best = Understanding(UNKNOWN, 0.0)
    for candidate, recognise in recognisers:
        score = recognise(text)
        if score >= MIN_CONFIDENCE and score > best.confidence:
            best = Understanding(candidate, score)
    return best

"""Deciding what a message is for.

Short commands ("hjälp", "help", "mina aktiviteter") are matched against trigger phrases kept in the
translation catalogs under `triggers.<intent>`, in both languages at once: people switch language
mid-conversation and still expect "help" to work.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from rapidfuzz.distance import OSA

from bot.i18n import all_languages

UNKNOWN = "unknown"

_BOT_NAME = re.compile(r"^\s*(@?utblick\b[\s,:!.]*)", re.IGNORECASE)
# Slack's mentions of people and of the channel ("<@U123>", "<!channel>") say nothing about the command.
_SLACK_MENTION = re.compile(r"<[@!][^>\s]*>")
_EDGE_PUNCTUATION = re.compile(r"^[\s\W_]+|[\s\W_]+$", re.UNICODE)
_SPACES = re.compile(r"\s+")
# A command may carry a couple of words of politeness ("hjälp mig", "help please").
_MAX_EXTRA_WORDS = 2


def normalise(text: str) -> str:
    """Case-folded, NFC, without the bot's own name, outer punctuation and repeated spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _BOT_NAME.sub("", _SLACK_MENTION.sub(" ", text))
    text = _SPACES.sub(" ", text).strip()
    return _EDGE_PUNCTUATION.sub("", text).casefold()


@cache
def _triggers(intent: str) -> tuple[str, ...]:
    phrases = {normalise(p) for p in all_languages(f"triggers.{intent}")}
    # Longest first, so "vad kan du" wins over "vad".
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


def match_command(text: str, intents: Iterable[str]) -> str | None:
    """The intent whose trigger phrase the message is (give or take a word or two), if any.

    The message itself, then without its last word, then without its last two, is looked up among the
    phrases: the first is the exact match, the others the longest phrase followed by a word or two of
    politeness. Where phrases of several intents are the same, the intent named first wins.
    """
    said = normalise(text)
    if not said:
        return None
    phrases = _phrases(tuple(intents))
    words = said.split(" ")
    for kept in range(len(words), max(len(words) - _MAX_EXTRA_WORDS, 1) - 1, -1):
        intent = phrases.owner.get(" ".join(words[:kept]))
        if intent is not None:
            return intent
    return _mistyped(said, phrases)


class _Phrases:
    """The trigger phrases of a set of intents, indexed for `match_command`: each phrase with the first
    intent that has it, and the phrases long enough to forgive a typo in, by their length. Built once per
    set: every message is matched against them, and going through every phrase of every intent in both
    languages cost more than the rest of understanding a command."""

    def __init__(self, intents: tuple[str, ...]) -> None:
        self.owner: dict[str, str] = {}
        self.by_length: dict[int, list[tuple[str, str]]] = {}
        for intent in intents:
            for phrase in _triggers(intent):
                self.owner.setdefault(phrase, intent)
                if len(phrase) >= _MIN_TYPO_LENGTH:
                    self.by_length.setdefault(len(phrase), []).append((phrase, intent))


@cache
def _phrases(intents: tuple[str, ...]) -> _Phrases:
    return _Phrases(intents)


# A typo in a command ("hjälpp", "mina aktivteter") is forgiven in phrases this long: one slip in five
# letters or more, two in twelve or more. Shorter words ("ja", "nej", "japp") are too close to each other.
_MIN_TYPO_LENGTH = 5
_TWO_TYPOS_LENGTH = 12


def _mistyped(said: str, phrases: _Phrases) -> str | None:
    """The one intent with a trigger phrase a slip or two away from the whole message, if only one is."""
    if len(said) < _MIN_TYPO_LENGTH:
        return None
    close: set[str] = set()
    for length in range(len(said) - 2, len(said) + 3):
        for phrase, intent in phrases.by_length.get(length, ()):
            allowed = 2 if len(phrase) >= _TWO_TYPOS_LENGTH else 1
            if OSA.distance(said, phrase, score_cutoff=allowed) <= allowed:
                close.add(intent)
    return close.pop() if len(close) == 1 else None


# Below this, no recogniser is sure enough and the fallback suggests what to write.
MIN_CONFIDENCE = 0.5

"""Reading past typos in a question: "whic committee", "ofset the trains", "rapportera resultaten tll".

A question typed in a chat window often has one letter wrong, and a mistyped word names no concept, so
one typo in the word that matters can turn an answer into a refusal. A word is read as another when
it is not a word in itself (rare in both Swedish and English by wordfreq's counts), a word the bot does
know is one edit away (a letter added, dropped, changed, or two swapped: rapidfuzz's optimal string
alignment distance), both begin with the same letter (people seldom mistype the first one), and that
word is far more common. Long words may be two edits away from a word of the strategy itself
("verksamhetsutvekling"). Everything else is left as written: a word outside the strategy ("resebyrå",
"friskvård") must stay what it is, so the question is still refused for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

# Below this (Zipf scale: 3 ≈ once per million words) in both languages a word may be a typo.
MAX_TYPO_ZIPF = 3.0
# A correction must be this much more common than the word as typed.
MIN_GAIN_ZIPF = 1.0
MIN_LENGTH = 3
# Words this long may be two edits from a word of the strategy; shorter ones one edit from any word.
LONG_WORD = 9


@lru_cache(maxsize=50000)
def commonness(word: str) -> float:
    """How common a word is in Swedish or English, whichever is more (Zipf scale)."""
    return max(zipf_frequency(word, "sv", wordlist="small"), zipf_frequency(word, "en", wordlist="small"))


# Chat shorthand, written without vowels or stops, that no edit distance reaches: the word it stands for.
SHORTHAND = {
    "mkt": "mycket",
    "ngn": "någon",
    "ngt": "något",
    "ngr": "några",
    "vrf": "varför",
    "abt": "about",
    "govt": "government",
}


class Speller:
    """Mends typos against the words the bot knows: the strategy's, the glossary's and the question
    words that are stop words (which, till, what …)."""

    def __init__(self, strategy_words: Iterable[str], other_words: Iterable[str]) -> None:
        self.strategy = frozenset(w for w in strategy_words if w.isalpha())
        self.known = self.strategy | frozenset(w for w in other_words if w.isalpha())
        self._by_letter: dict[str, list[str]] = {}
        for word in sorted(self.known):
            self._by_letter.setdefault(word[0], []).append(word)
        self._cache: dict[str, str] = {}

    def mend(self, word: str) -> str:
        """The word the typist meant, or the word itself."""
        if word in self._cache:
            return self._cache[word]
        fixed = self._mend(word)
        self._cache[word] = fixed
        return fixed

    def _mend(self, word: str) -> str:
        if word in SHORTHAND:
            return SHORTHAND[word]
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.known:
            return word
        typed = commonness(word)
        if typed >= MAX_TYPO_ZIPF:
            return word  # a word in its own right, just not one the strategy uses
        candidates = self._by_letter.get(word[0], [])
        reach = 2 if len(word) >= LONG_WORD else 1
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=reach, limit=None)
        best: tuple[float, int, str] | None = None
        for candidate, distance, _ in found:
            if distance > 1 and candidate not in self.strategy:
                continue
            weight = commonness(candidate)
            if candidate in self.strategy:
                weight = max(weight, typed + MIN_GAIN_ZIPF)  # the strategy's own rare words count as known
            if weight < typed + MIN_GAIN_ZIPF:
                continue
            key = (-distance, weight)
            if best is None or key > (-best[1], best[0]):
                best = (weight, distance, candidate)
        return best[2] if best else word

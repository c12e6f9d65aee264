"""Concepts: what a passage of the strategy states, and the everyday words people use for it.

`data/concepts.toml` lists the concepts with a lexicon in Swedish and English. A question asks about the
concepts whose words it contains; a passage states the concepts it is marked up with
(`<!-- concepts: travel flights -->` before it in the strategy file) or, when it has no markup (a revised
strategy nobody has annotated), the concepts whose words it contains, found through the same lexicon.
Words that name no concept (where the asker is going, their role, that their unit is short of staff)
take no part: they neither help a passage nor count against it.

Words are compared as Snowball stems (Swedish and English), so one form in the lexicon finds the others;
a Swedish compound is found by its last part ("utbildningspengar" is money) and, at half strength, by its
first part ("nätverksträff" says something of networks). Compounds are split by word frequencies
(`analysis.compound_parts`, with wordfreq). Longer phrases win over the words in them: "interna nätverk"
is the internal working groups, not the international networks.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.knowledge.analysis import (
    GLUED_PARTICLES,
    base_stopwords,
    common_prefix,
    compound_parts,
    inflected_zipf,
    stem_en,
    stem_sv,
    words,
)
from bot.nlu.loading import load_once

DEFAULT_CONCEPTS = Path(__file__).parent / "data" / "concepts.toml"

# A phrase's words may have up to this many other words between them: "hålla lite koll på".
MAX_GAP = 2
# A concept named only by the first part of a compound ("nätverksmötet") counts this much.
MODIFIER_STRENGTH = 0.5
# Stems this long or longer also find derivations the lexicon does not list ("kompenser" / "kompensation"):
# both share all but their last two letters, and neither is a word that only begins the other
# ("kommun" is not "kommunstyrelsen").
RELATED_MIN = 7
PREFIX = 5
# A word this long that wordfreq cannot split may still begin with a lexicon word of MIN_PART letters.
MIN_GLUED = 10
MIN_PART = 5
MIN_REST_ZIPF = 3.0
# Endings of Swedish and English inflection (not the start of another word, as "äg" in "dokumentägare").
ENDINGS = frozenset("a e n t s en et er ar or na ns ts es ed ing ly ade at de te".split())
DERIVATIONS = frozenset("ation ering ion ande ende else het ning ing ig ive ment".split())
# Words a phrase may say or leave out ("tid och pengar", "tid o. pengar"): they are not looked for.
PHRASE_GLUE = frozenset({"och", "o", "samt", "and", "the", "a", "an", "en", "ett", "att", "to", "of"})
# Snowball cuts some words down to a short stem that is another word ("tidigare", earlier, to "tid", time;
# "senaste" to "sen") or that a word of the other language also gives ("maka", wife, and the English
# "make" both to "mak"). A stem shorter than this is no key: the word is matched as written.
MIN_KEY_STEM = 4


@dataclass(frozen=True)
class Concept:
    id: str
    label_sv: str
    label_en: str
    soft: bool = False
    meta: tuple[str, ...] = ()
    referenced: bool = False
    asks: str | None = None
    instances: bool = False
    given: bool = False
    given_by: tuple[str, ...] = ()
    by_label: bool = False  # a refusal names it by its label, not by the words said

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_sv


@dataclass(frozen=True)
class Found:
    """A concept named in a text: which words (tokens [start, end)) and how strongly."""

    concept: str
    start: int
    end: int
    strength: float = 1.0
    length: int = 1  # how many words of the phrase were matched
    # Found only by the last part of a compound ("utbildningspengar" as money), which gives way to a concept
    # the whole word names ("redovisa" is reporting, not a "visa" after "redo").
    by_head: bool = False


@dataclass(frozen=True)
class _Phrase:
    concept: str
    words: tuple[frozenset[str], ...]


@dataclass
class Lexicon:
    concepts: dict[str, Concept]
    phrases: list[_Phrase] = field(default_factory=list)
    _by_first: dict[str, list[int]] = field(default_factory=dict)
    _by_prefix: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    _single: set[str] = field(default_factory=set)

    def add(self, concept: str, phrase: list[str], language: str) -> None:
        kept = [w for w in phrase if w not in PHRASE_GLUE] or phrase
        stem = stem_sv if language == "sv" else stem_en
        keys = tuple(frozenset({w, *_stems(w, stem)}) for w in kept)
        index = len(self.phrases)
        self.phrases.append(_Phrase(concept, keys))
        if len(keys) == 1:
            self._single.update(keys[0])
        for key in keys[0]:
            self._by_first.setdefault(key, []).append(index)
            if len(key) >= RELATED_MIN:
                self._by_prefix.setdefault(key[:PREFIX], []).append((key, index))

    @property
    def words(self) -> frozenset[str]:
        """Every word form the lexicon knows (for reading past typos)."""
        return frozenset(key for phrase in self.phrases for word in phrase.words for key in word)

    def find(self, tokens: list[str], skippable: Callable[[str], bool] | None = None) -> list[Found]:
        """The concepts named in a text's tokens, longer phrases winning over the words inside them.
        `skippable`: the words that may stand between a phrase's words (stop words by default)."""
        skip = skippable or _stopword
        keys = [token_keys(token) for token in tokens]
        matches: list[Found] = []
        for i, (full, head, modifier) in enumerate(keys):
            candidates: set[int] = set()
            for key in full | head:
                candidates.update(self._by_first.get(key, ()))
            if not candidates:
                for key in full:
                    if len(key) >= RELATED_MIN:
                        candidates.update(
                            index for known, index in self._by_prefix.get(key[:PREFIX], ()) if _derived(key, known)
                        )
            for index in candidates:
                phrase = self.phrases[index]
                end = self._rest(phrase, keys, tokens, i, skip)
                if end is not None:
                    by_head = len(phrase.words) == 1 and not phrase.words[0] & full
                    matches.append(Found(phrase.concept, i, end, 1.0, len(phrase.words), by_head))
            if not parts_known(full, head, modifier) and len(tokens[i]) >= MIN_GLUED:
                modifier = modifier | self._glued_first_part(tokens[i])
            for key in modifier:
                for index in self._by_first.get(key, ()):
                    phrase = self.phrases[index]
                    if len(phrase.words) == 1:
                        matches.append(Found(phrase.concept, i, i + 1, MODIFIER_STRENGTH, 1))
        return _resolve(matches)

    def _glued_first_part(self, token: str) -> frozenset[str]:
        """A compound the word lists cannot split ("vänortssamarbete"): the longest lexicon word it begins
        with (a linking -s allowed) when the rest is a word of its own, which then names it at half
        strength as a first part does ("ersättning" is not "ersätt" + "ning")."""
        for cut in range(len(token) - MIN_PART, MIN_PART - 1, -1):
            head, rest = token[:cut], token[cut:]
            for candidate in (head, head[:-1] if head.endswith("s") else ""):
                if len(candidate) >= MIN_PART and candidate in self._single and inflected_zipf(rest) >= MIN_REST_ZIPF:
                    return frozenset({candidate})
        return frozenset()

    def _rest(
        self,
        phrase: _Phrase,
        keys: list[tuple[frozenset[str], frozenset[str], frozenset[str]]],
        tokens: list[str],
        start: int,
        skippable: Callable[[str], bool],
    ) -> int | None:
        """Where the phrase ends when its first word is at `start`, or None if the rest is not there. The
        words between a phrase's words may only be words that say nothing themselves ("hålla lite koll på",
        "ska kommunen vara"), so a phrase never swallows a word that names something."""
        position = start
        for word in phrase.words[1:]:
            for step in range(1, MAX_GAP + 2):
                at = position + step
                if at >= len(keys):
                    return None
                if word & keys[at][0]:
                    position = at
                    break
                if not skippable(tokens[at]) and not word & GLUED_PARTICLES:
                    # In a question the subject stands between a particle verb and its particle ("följer
                    # nämnden upp", "tar ni fram"): any word may, before the particle.
                    return None
            else:
                return None
        return position + 1

    def concepts_in(self, text: str) -> set[str]:
        return {found.concept for found in self.find(words(text))}


def parts_known(full: frozenset[str], head: frozenset[str], modifier: frozenset[str]) -> bool:
    return bool(head or modifier)


def _stopword(word: str) -> bool:
    return word in base_stopwords()


def _derived(a: str, b: str) -> bool:
    shared = common_prefix(a, b)
    rests = sorted((len(a) - shared, len(b) - shared))
    if shared < RELATED_MIN:
        return False
    if any(parts and len(parts[0]) >= shared - 1 for parts in (compound_parts(a), compound_parts(b))):
        return False  # two compounds that share only their first part: "projektmöte" / "projektmedel"
    longer = a if len(a) > len(b) else b
    if rests[0] == 0:
        return longer[shared:] in ENDINGS  # an ending added: "kompetensutvecklingen"
    # Two endings on one beginning: "kompenser" / "kompensation"; not "dokumentet" / "dokumentäg(are)".
    return all(word[shared:] in ENDINGS | DERIVATIONS for word in (a, b))


def _resolve(matches: list[Found]) -> list[Found]:
    """Drop a match inside a longer phrase of another concept, and a compound's first part where the
    word itself names a concept."""
    kept: list[Found] = []
    # Only a phrase of several words can hold another match; most matches are single words, and looking
    # at every pair made this over a third of reading a question.
    phrases = [other for other in matches if other.length > 1]
    for match in matches:
        # A word stands in one phrase only: of two phrases of different concepts that share a word, the
        # longer is what is said.
        inside_longer = any(
            other.concept != match.concept
            and other.length > match.length
            and other.strength >= match.strength
            and other.start < match.end
            and match.start < other.end
            and (match.length > 1 or (other.start <= match.start and match.end <= other.end))
            for other in phrases
        )
        overruled = (match.strength < 1.0 or match.by_head) and any(
            other.strength == 1.0 and not other.by_head and other.start <= match.start < other.end for other in matches
        )
        if not inside_longer and not overruled:
            kept.append(match)
    best: dict[tuple[str, int], Found] = {}
    for match in kept:
        key = (match.concept, match.start)
        if key not in best or (match.strength, match.length) > (best[key].strength, best[key].length):
            best[key] = match
    return sorted(best.values(), key=lambda f: (f.start, f.concept))


def _stems(word: str, stem: Callable[[str], str]) -> tuple[str, ...]:
    stemmed = stem(word)
    return (stemmed,) if len(stemmed) >= MIN_KEY_STEM or stemmed == word else ()


@lru_cache(maxsize=50000)
def token_keys(token: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A word's keys: the word and its stems; its compound's last part; its compound's first part."""
    full = {token, *_stems(token, stem_sv), *_stems(token, stem_en)}
    if token.endswith("s") and len(token) > 4:
        full.update(_stems(token[:-1], stem_sv))  # a genitive Snowball keeps: "Växjös", "strategins"
    parts = compound_parts(token)
    head: set[str] = set()
    modifier: set[str] = set()
    if parts:
        head = {parts[-1], stem_sv(parts[-1])}
        modifier = {parts[0], stem_sv(parts[0])}
    return frozenset(full), frozenset(head), frozenset(modifier)


@load_once  # built once per process, however many threads ask first
def load_lexicon(path: Path = DEFAULT_CONCEPTS) -> Lexicon:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    concepts: dict[str, Concept] = {}
    lexicon = Lexicon(concepts)
    for concept_id, raw in data.get("concept", {}).items():
        concepts[concept_id] = Concept(
            concept_id,
            str(raw.get("label_sv", concept_id)),
            str(raw.get("label_en", raw.get("label_sv", concept_id))),
            soft=bool(raw.get("soft", False)),
            meta=tuple(raw.get("meta", ())),
            referenced=bool(raw.get("referenced", False)),
            asks=raw.get("asks"),
            instances=bool(raw.get("instances", False)),
            given=bool(raw.get("given", False)),
            given_by=tuple(raw.get("given_by", ())),
            by_label=bool(raw.get("by_label", False)),
        )
        for language in ("sv", "en"):
            for phrase in raw.get(language, []):
                said = words(phrase)
                if said:
                    lexicon.add(concept_id, said, language)
    return lexicon


def unknown_markup(lexicon: Lexicon, marked: Iterable[str]) -> list[str]:
    """Concept names in a strategy's markup that the lexicon does not have (a typo in the markup)."""
    return [name for name in marked if name not in lexicon.concepts]

"""The bilingual glossary (`data/glossary.toml`): the strategy's terms in Swedish and English, question
frames, extra stop words, filler phrases, and the words people use to ask about the document's own facts."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.knowledge.analysis import stem_en, stem_sv, words

DEFAULT_GLOSSARY = Path(__file__).parent / "data" / "glossary.toml"

Phrase = tuple[str, ...]

# A Swedish question puts its subject between the verb and the rest of a phrase: "Vad vill Växjö vara?"
# has "vill vara", "Hur ser strategin på …?" has "ser på". Up to this many words may come between a
# phrase's first word and the rest, when they say nothing of what is asked (stop words, or words found
# throughout the strategy such as "Växjö", "kommunen", "strategin").
MAX_SUBJECT_GAP = 2


@dataclass(frozen=True)
class Entry:
    """Phrases that mean the same thing. `triggers` are looked for in questions; `targets` (the triggers
    and any extra words) are looked for in passages. An entry whose triggers are made of words too
    general to look for ("typ av dokument": only "dokument" would be left) names its own targets
    (`found_as`), and then only those are looked for (`said` is False)."""

    triggers: tuple[Phrase, ...]
    targets: tuple[Phrase, ...]
    soft: bool = False
    sv_count: int = 0  # the first `sv_count` triggers are Swedish, the rest English
    target_languages: tuple[str, ...] = ()  # "sv" or "en" for each target, to stem it the right way
    # Words for the asker's situation (a meeting, a conference, the department): they count when a
    # passage has them, and are not missed when it has not.
    context: bool = False
    # A document the strategy points to without giving its content (the travel policy).
    referenced: bool = False
    # Whether the words as said are looked for too (they are unless the entry names its targets).
    said: bool = True


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...] = ()
    stopwords: frozenset[str] = frozenset()
    meta_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fillers: tuple[Phrase, ...] = ()
    situation_heads: frozenset[str] = frozenset()
    # Words for a unit whose name may be written apart ("technical department"), and for an occasion,
    # which the word before names whether the strategy knows it or not ("partner meeting", "study visit").
    named_heads: frozenset[str] = frozenset()
    occasion_heads: frozenset[str] = frozenset()
    # "the current strategy", "den gällande policyn": words that say which document, not what is asked.
    document_pointers: frozenset[str] = frozenset()
    document_words: frozenset[str] = frozenset()

    def filler_at(self, tokens: list[str], start: int) -> int:
        """The length of the longest filler phrase ("över huvud taget", "at all") at `tokens[start]`, or 0."""
        best = 0
        for phrase in self.fillers:
            n = len(phrase)
            if n > best and tuple(tokens[start : start + n]) == phrase:
                best = n
        return best

    @property
    def words(self) -> frozenset[str]:
        """Every word the glossary knows, in any role (for reading past typos)."""
        found = {w for entry in self.entries for phrase in entry.targets for w in phrase}
        found.update(self.stopwords)
        found.update(w for phrase in self.fillers for w in phrase)
        found.update(self.document_pointers | self.document_words)
        found.update(w for items in self.meta_words.values() for w in items)
        return frozenset(found)

    def matches(
        self, tokens: list[str], start: int, skippable: Callable[[str], bool] | None = None
    ) -> list[tuple[int, Entry, frozenset[int]]]:
        """(length, entry, skipped) for every entry with a phrase beginning at `tokens[start]`, longest
        first. With `skippable`, a phrase of several words may have a subject after its first word
        ("vill Växjö vara"); `skipped` holds those words' positions, which are not part of the phrase."""
        found: list[tuple[int, Entry, frozenset[int]]] = []
        for entry in self.entries:
            best: tuple[int, frozenset[int]] = (0, frozenset())
            for phrase in entry.triggers:
                for gap in _gaps(tokens, start, phrase, skippable):
                    n = len(phrase) + gap
                    if n > best[0] and all(
                        same_word(tokens[start + k + (gap if k else 0)], phrase[k]) for k in range(len(phrase))
                    ):
                        best = (n, frozenset(range(start + 1, start + 1 + gap)))
            if best[0]:
                found.append((best[0], entry, best[1]))
        return sorted(found, key=lambda match: -match[0])


def _gaps(tokens: list[str], start: int, phrase: Phrase, skippable: Callable[[str], bool] | None) -> list[int]:
    """How many words may stand between a phrase's first word and the rest at `start`: none, and when
    the first word is there, each count of skippable words up to MAX_SUBJECT_GAP that still leaves room."""
    n = len(phrase)
    if start + n > len(tokens):
        return []
    gaps = [0]
    if skippable is None or n < 2 or not same_word(tokens[start], phrase[0]):
        return gaps
    for gap in range(1, MAX_SUBJECT_GAP + 1):
        if start + n + gap > len(tokens) or not skippable(tokens[start + gap]):
            break
        gaps.append(gap)
    return gaps


def same_word(said: str, listed: str) -> bool:
    """One word in two forms: equal, or equal after Swedish or English stemming."""
    return said == listed or stem_sv(said) == stem_sv(listed) or stem_en(said) == stem_en(listed)


def _phrases(items: list[str]) -> tuple[Phrase, ...]:
    return tuple(tuple(words(item)) for item in items if words(item))


@lru_cache(maxsize=4)
def load_glossary(path: Path = DEFAULT_GLOSSARY) -> Glossary:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    entries = []
    for raw in data.get("term", []):
        swedish, english, also = _phrases(raw.get("sv", [])), _phrases(raw.get("en", [])), _phrases(raw.get("also", []))
        triggers = swedish + english
        languages = ("sv",) * len(swedish) + ("en",) * len(english) + ("sv",) * len(also)
        targets = triggers + also
        found_as = _phrases(raw.get("found_as", []))
        if found_as:
            targets, languages = found_as, ("sv",) * len(found_as)
        entries.append(
            Entry(
                triggers,
                targets,
                bool(raw.get("soft", False)),
                len(swedish),
                languages,
                context=bool(raw.get("context", False)),
                referenced=bool(raw.get("referenced", False)),
                said=not found_as,
            )
        )
    meta = {
        key: tuple(w for item in [*raw.get("sv", []), *raw.get("en", [])] for w in words(item))
        for key, raw in data.get("meta", {}).items()
    }
    stop = frozenset(w for item in data.get("stopwords", []) for w in words(item))
    heads = frozenset(w for item in data.get("situation_heads", []) for w in words(item))
    named = frozenset(w for item in data.get("named_heads", []) for w in words(item))
    occasions = frozenset(w for item in data.get("occasion_heads", []) for w in words(item))
    pointers = frozenset(w for item in data.get("document_pointers", []) for w in words(item))
    documents = frozenset(w for item in data.get("document_words", []) for w in words(item))
    return Glossary(
        tuple(entries),
        stop,
        meta,
        _phrases(data.get("fillers", [])),
        heads,
        named,
        occasions,
        document_pointers=pointers,
        document_words=documents,
    )


def gloss(glossary: Glossary, value: str) -> str | None:
    """The English for a Swedish term of the glossary ("Kommunfullmäktige" → "municipal council")."""
    said = tuple(words(value))
    for entry in glossary.entries:
        if said in entry.triggers:
            english = [p for p in entry.triggers if not _is_swedish(p, entry)]
            if english:
                return " ".join(english[0])
    return None


def _is_swedish(phrase: Phrase, entry: Entry) -> bool:
    return entry.triggers.index(phrase) < entry.sv_count

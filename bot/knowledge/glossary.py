"""The bilingual glossary (`data/glossary.toml`): the strategy's terms in Swedish and English (for the
English of a Swedish term in an answer), extra stop words, and the words people use to ask about the
document's own facts. What a question is about is read with the concept lexicon (`concepts.py`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.analysis import stem_en, stem_sv, words
from bot.nlu.loading import load_once

DEFAULT_GLOSSARY = Path(__file__).parent / "data" / "glossary.toml"

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """Phrases that mean the same thing, the first `sv_count` Swedish and the rest English."""

    triggers: tuple[Phrase, ...]
    sv_count: int = 0


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...] = ()
    stopwords: frozenset[str] = frozenset()
    meta_words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def words(self) -> frozenset[str]:
        """Every word the glossary knows, in any role (for reading past typos)."""
        found = {w for entry in self.entries for phrase in entry.triggers for w in phrase}
        found.update(self.stopwords)
        found.update(w for items in self.meta_words.values() for w in items)
        return frozenset(found)


def same_word(said: str, listed: str) -> bool:
    """One word in two forms: equal, or equal after Swedish or English stemming."""
    return said == listed or stem_sv(said) == stem_sv(listed) or stem_en(said) == stem_en(listed)


def _phrases(items: list[str]) -> tuple[Phrase, ...]:
    return tuple(tuple(words(item)) for item in items if words(item))


@load_once  # built once per process, however many threads ask first
def load_glossary(path: Path = DEFAULT_GLOSSARY) -> Glossary:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    entries = []
    for raw in data.get("term", []):
        swedish, english = _phrases(raw.get("sv", [])), _phrases(raw.get("en", []))
        entries.append(Entry(swedish + english, len(swedish)))
    meta = {
        key: tuple(w for item in [*raw.get("sv", []), *raw.get("en", [])] for w in words(item))
        for key, raw in data.get("meta", {}).items()
    }
    stop = frozenset(w for item in data.get("stopwords", []) for w in words(item))
    return Glossary(tuple(entries), stop, meta)


def gloss(glossary: Glossary, value: str) -> str | None:
    """The English for a Swedish term of the glossary ("Kommunfullmäktige" → "municipal council")."""
    said = tuple(words(value))
    for entry in glossary.entries:
        if said in entry.triggers and entry.triggers.index(said) < entry.sv_count:
            english = entry.triggers[entry.sv_count :]
            if english:
                return " ".join(english[0])
    return None

"""The strategy indexed: its passages and front matter facts as items, BM25 over their terms, and the
words a question may use (for reading past typos).

Which item answers a question is decided by the concepts both name (`answers.py`, `concepts.py`); BM25
(the bm25s package, over Snowball stems of the Swedish text, its headings and the English translation)
only breaks ties between items that share as much with the question.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import bm25s

from bot.knowledge.analysis import base_stopwords, index_terms, related, stem_en, stem_sv, words
from bot.knowledge.document import Document, MetaField, Passage, load_document
from bot.knowledge.glossary import DEFAULT_GLOSSARY, Glossary, load_glossary
from bot.knowledge.spelling import Speller

log = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG; its progress lines have no place on an operator's terminal.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# Front matter keys that are about the file, not the document, and so are never answers.
NOT_ANSWERS = frozenset({"title", "language", "translation_of", "note"})
# Front matter facts about one decision: who adopted the document, when, under which paragraph; they are
# answered together.
ADOPTION = ("adopted_by", "adopted", "paragraph")
# "§" is no word, but a value that cites one names a paragraph.
PARAGRAPH_WORDS = "paragraf paragraph"
# Front matter facts that record what happened (adopted, last changed, what it replaced), and the words
# that ask what shall happen instead: a question about the rule is not answered with a date in the past.
HISTORY = frozenset({"adopted", "adopted_by", "paragraph", "last_changed", "previous_versions"})
MODALS = frozenset(
    {"ska", "skall", "bör", "borde", "måste", "kommer", "should", "shall", "must", "ought", "will", "going", "gonna"}
)
PREFIX_LENGTH = 5
# A question is read up to this many words; a longer text is not one question, and reading it all
# would only make a pasted document slow to refuse.
MAX_QUESTION_WORDS = 120


@dataclass(frozen=True)
class Item:
    """Something that can be an answer: a passage of the text, or one fact of the front matter."""

    number: int
    terms: tuple[str, ...]
    passage: Passage | None = None
    meta: MetaField | None = None

    @cached_property
    def term_set(self) -> frozenset[str]:
        return frozenset(self.terms)

    @property
    def section(self) -> str:
        return self.passage.section_label if self.passage else ""


class KnowledgeBase:
    """A strategy document, indexed. Built once per process; answering a question is then a few ms."""

    def __init__(self, document: Document, glossary: Glossary) -> None:
        self.document = document
        self.glossary = glossary
        self.stopwords = base_stopwords() | glossary.stopwords
        self.items = self._items()
        self.vocabulary = sorted({t for item in self.items for t in item.terms})
        self._by_prefix: dict[str, list[str]] = {}
        for term in self.vocabulary:
            self._by_prefix.setdefault(term[:PREFIX_LENGTH], []).append(term)
        self._df = Counter(t for item in self.items for t in item.term_set)
        self.retriever = bm25s.BM25()
        self.retriever.index([list(item.terms) or [""] for item in self.items], show_progress=False)
        self._known = set(self.vocabulary)
        self.speller = Speller(self._surface, self.glossary.words | self.stopwords)

    @property
    def known(self) -> set[str]:
        """Every indexed term."""
        return self._known

    @classmethod
    def from_file(cls, path: Path, glossary: Path = DEFAULT_GLOSSARY) -> KnowledgeBase:
        return cls(load_document(path), load_glossary(glossary))

    # -- building -------------------------------------------------------------------------------------

    def _items(self) -> list[Item]:
        items: list[Item] = []
        for passage in self.document.passages:
            # The whole heading path, title included: the title's words ("strategi", "Växjö", "kommun")
            # are then in every passage and weigh next to nothing, as words about everything should.
            heading = " ".join(passage.section)
            english_heading = " ".join(passage.english_section or ())
            terms_list = index_terms(" ".join(passage.units), "sv") + index_terms(heading, "sv")
            if passage.english:
                terms_list += index_terms(" ".join(passage.english), "en") + index_terms(english_heading, "en")
            items.append(Item(len(items), tuple(terms_list), passage=passage))
        for key, meta in self.document.meta.items():
            if key in NOT_ANSWERS:
                continue
            # A fact of the front matter is about the document as a whole: it is found by its own words,
            # by the title ("strategin") and by its value ("Kommunfullmäktige", "2013-10-15").
            described = " ".join(
                [*self.glossary.meta_words.get(key, ()), key.replace("_", " "), self.document.title, "strategy"]
            )
            value = meta.value.replace("§", f" {PARAGRAPH_WORDS} ")
            terms_list = index_terms(described, "sv") + index_terms(described, "en") + index_terms(value, "sv")
            items.append(Item(len(items), tuple(terms_list), meta=meta))
        return items

    # -- questions ------------------------------------------------------------------------------------

    def expand(self, variants: Iterable[str]) -> frozenset[str]:
        """The indexed terms that are forms of any of these stems."""
        found: set[str] = set()
        for variant in variants:
            # Stop words were left out before this; a stem may still look like one ("menas" → "men").
            if not variant:
                continue
            if variant in self._known:
                found.add(variant)
            if len(variant) >= PREFIX_LENGTH:
                found.update(t for t in self._by_prefix.get(variant[:PREFIX_LENGTH], ()) if related(variant, t))
        return frozenset(found)

    def everywhere(self, word: str) -> bool:
        """Whether a word is found in half the items or more ("kommun", "internationella")."""
        n = len(self.items)
        return any(self._df.get(t, 0) >= n / 2 for t in self.expand({word, stem_sv(word), stem_en(word)}))

    def in_text(self, word: str) -> bool:
        """Whether the strategy's text or headings (not its front matter) use a word: in one of its forms,
        or as a part of a compound ("plan" in "verksamhetsplaneringen")."""
        stems = {word, stem_sv(word), stem_en(word)}
        return any(stem_sv(w) in stems or stem_en(w) in stems or word in w for w in self._surface)

    @cached_property
    def _surface(self) -> list[str]:
        """The words of the strategy as written, in both languages, headings included."""
        texts: list[str] = []
        for passage in self.document.passages:
            texts.extend(passage.units)
            texts.extend(passage.english or ())
            texts.extend(passage.section)
            texts.extend(passage.english_section or ())
        return sorted({w for text in texts for w in words(text)})

"""Finding the passage that answers a question, and how sure we are that it does.

Ranking is BM25 (the bm25s package) over stemmed terms of the Swedish passage, its heading path and its
English translation. BM25 says which passage is best but not whether it is good enough: its scores grow
with the length of the question. Confidence is therefore measured separately as *coverage*: the share of
what the question asks about (each meaningful word or glossary phrase, weighted by how rare it is in the
strategy) that the passage contains. "Can you recommend a hotel in Brussels?" covers nothing; "Måste
flyget klimatkompenseras?" is covered entirely by the passage on travel. The refusal threshold on
coverage is chosen on the evaluation questions (see `bench/tune_threshold.py`).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import bm25s
import numpy as np

from bot.knowledge.analysis import (
    DATE_TERM,
    QueryWord,
    base_stopwords,
    fold,
    index_terms,
    query_words,
    related,
    stem,
    stem_en,
    stem_sv,
    words,
)
from bot.knowledge.document import Document, MetaField, Passage, load_document
from bot.knowledge.glossary import DEFAULT_GLOSSARY, Glossary, load_glossary
from bot.knowledge.spelling import Speller, commonness
from bot.nlu.places import find_places

log = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG; its progress lines have no place on an operator's terminal.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# Front matter keys that are about the file, not the document, and so are never answers.
NOT_ANSWERS = frozenset({"title", "language", "translation_of", "note"})
# Front matter facts about one decision: who adopted the document, when, under which paragraph. Each
# covers a question with the words and values of all three ("Under vilken paragraf beslutade
# fullmäktige?" names the body and asks for the paragraph), and they are answered together.
ADOPTION = ("adopted_by", "adopted", "paragraph")
# How much the BM25 score (scaled to the best passage) adds to coverage when ranking.
BM25_SHARE = 0.3
# How much a matched question frame ("when", "how often", "why") adds when ranking.
FRAME_SHARE = 0.15
# How much it adds when the passage's own heading (not the title) names what the question asks about:
# "Vem följer upp strategin?" belongs under "Uppföljning av strategin".
HEADING_SHARE = 0.2
# How much it adds when the passage has the question's own words rather than only glossary synonyms:
# "Varför är ett internationellt perspektiv viktigt?" is best answered where the strategy says just that.
OWN_WORDS_SHARE = 0.15
# Front matter facts are short and dense, so BM25 favours them; the text wins a tie.
META_PENALTY = 0.3
# Front matter facts that record what happened (when it was adopted, last changed, what it replaced),
# and the words that ask what shall happen: "När ska strategin revideras?" asks for the rule in the text,
# not for the date it was last changed.
PARAGRAPH_WORDS = "paragraf paragraph"
HISTORY = frozenset({"adopted", "adopted_by", "paragraph", "last_changed", "previous_versions"})
MODALS = frozenset(
    {"ska", "skall", "bör", "borde", "måste", "kommer", "should", "shall", "must", "ought", "will", "going", "gonna"}
)
PREFIX_LENGTH = 5
# Words after which the next one or two say whose thing it is, not what is asked about.
OWNERS = frozenset({"min", "mitt", "mina", "vår", "vårt", "våra", "din", "ditt", "dina", "my", "our", "your"})
OWNER_PHRASES = frozenset({("vi", "på"), ("vi", "inom"), ("we", "at"), ("we", "in"), ("as", "a"), ("as", "an")})
ROLE_OPENERS = frozenset({"som"})  # "Som förvaltningschef undrar jag …"
# "Jag är ny som kontaktperson …", "I'm planning a study visit …": what the asker says they are or do is
# their situation, and like what they call their own it may be what they ask about.
SELF_PHRASES = frozenset({("jag", "är"), ("i", "am"), ("i", "m")})
# "vård- och omsorgsförvaltningen": a first part cut off by a hyphen shares the last part's whole.
_CUT_COMPOUND = re.compile(r"(\w+)-\s+(?:och|eller|and|or)\s", re.IGNORECASE)
GENITIVE = frozenset({"s"})  # "my department's annual report": the genitive ends what is mine
ALTERNATIVE = frozenset({"eller", "or"})
ALSO = frozenset({"och", "and"})
MIN_COMPOUND_HEAD = 3  # "fritidsförvaltningen" names a unit; "förvaltningen" alone is the strategy's word
# An unknown word counts fully up to Zipf 5.9 (most words), down to a fifth from Zipf 6.4 (the most
# everyday words: "gå", "även", "like").
EVERYDAY_ZIPF = 6.5
EVERYDAY_SPAN = 0.6
MIN_EVERYDAY_WEIGHT = 0.2
# A question is read up to this many words; a longer text is not one question, and reading it all
# would only make a pasted document slow to refuse.
MAX_QUESTION_WORDS = 120
# "the current (international) strategy": how far after a pointer the word for the document may come.
DOCUMENT_REACH = 2


@dataclass(frozen=True)
class Item:
    """Something that can be an answer: a passage of the text, or one fact of the front matter."""

    number: int
    terms: tuple[str, ...]
    unit_terms: tuple[frozenset[str], ...] = ()
    heading_terms: frozenset[str] = frozenset()
    # The terms of the passage's own section heading alone (not the chapters above it).
    section_terms: frozenset[str] = frozenset()
    passage: Passage | None = None
    meta: MetaField | None = None
    # Terms of other items this one answers with (the facts of one decision), which count as covered.
    kin_terms: frozenset[str] = frozenset()

    @cached_property
    def term_set(self) -> frozenset[str]:
        return frozenset(self.terms)

    @cached_property
    def covered_terms(self) -> frozenset[str]:
        return self.term_set | self.kin_terms

    @property
    def section(self) -> str:
        return self.passage.section_label if self.passage else ""


@dataclass(frozen=True)
class Group:
    """One thing the question asks about: a word, or a glossary phrase with all its translations.

    It is found in a text when any alternative is, and an alternative is found when each of its words
    is (as one of the terms it expands to). `parts` give partial credit to a compound found only in pieces.
    """

    label: str
    alternatives: tuple[tuple[frozenset[str], ...], ...]
    parts: tuple[frozenset[str], ...] = ()
    soft: bool = False
    weight: float = 0.0
    # The asker's situation ("min förvaltning", "a conference in Barcelona"): it counts where a passage
    # has it and is not missed where it has not.
    optional: bool = False
    # Where in the question it was said: tokens [start, end).
    span: tuple[int, int] = (0, 0)
    # A document the strategy only refers to (the travel policy).
    referenced: bool = False
    # Found in half the items or more ("kommun", "internationell"): says little about what is asked.
    everywhere: bool = False
    # Said as the asker's own ("min förvaltning", "our projects"), which may be the very thing asked about.
    owned: bool = False
    # Whether the first alternative is the words as said (not when they were all stop words: "vad är").
    spoken: bool = True

    def credit(self, terms: frozenset[str], idf: dict[str, float]) -> float:
        for alternative in self.alternatives:
            if alternative and all(word & terms for word in alternative):
                return 1.0
        if not self.parts or not self.parts[-1] & terms:
            # A Swedish compound is a kind of its last part: "flygbolag" is a company, and a passage on
            # flights ("flygresor") says nothing about it. Without the last part, the rest does not count.
            return 0.0
        weights = [max((idf.get(t, 0.0) for t in part), default=0.0) for part in self.parts]
        found = sum(w for w, part in zip(weights, self.parts, strict=True) if part & terms)
        return found / sum(weights) if sum(weights) else 0.0

    def said_in(self, terms: frozenset[str]) -> bool:
        """Whether the text has the question's own words (the first alternative), not only a synonym."""
        said = self.alternatives[0] if self.alternatives else ()
        return bool(said) and all(word & terms for word in said)

    @property
    def terms(self) -> set[str]:
        return {t for alternative in self.alternatives for word in alternative for t in word}


@dataclass
class Hit:
    item: Item
    coverage: float
    bm25: float
    rank: float
    groups: list[Group] = field(default_factory=list)


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
        n = len(self.items)
        df = Counter(t for item in self.items for t in item.term_set)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._df = df
        self.unknown_weight = math.log(1 + (n + 0.5) / 0.5)
        self.retriever = bm25s.BM25()
        self.retriever.index([list(item.terms) or [""] for item in self.items], show_progress=False)
        self._known = set(self.vocabulary)
        self.speller = Speller(self._surface, self.glossary.words | self.stopwords)

    @property
    def known(self) -> set[str]:
        """Every indexed term."""
        return self._known

    def everywhere(self, word: str) -> bool:
        """Whether a word is found in half the items or more ("kommun", "internationella")."""
        return self._everywhere(word)

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
            units: list[frozenset[str]] = []
            for i, unit in enumerate(passage.units):
                terms = set(index_terms(unit, "sv"))
                if passage.aligned_english() and passage.english:
                    terms.update(index_terms(passage.english[i], "en"))
                units.append(frozenset(terms))
            terms_list = index_terms(" ".join(passage.units), "sv") + index_terms(heading, "sv")
            if passage.english:
                terms_list += index_terms(" ".join(passage.english), "en") + index_terms(english_heading, "en")
            own_heading = " ".join(passage.section[1:]) + " " + " ".join((passage.english_section or ())[1:])
            heading_terms = frozenset(index_terms(own_heading, "sv") + index_terms(own_heading, "en"))
            section_terms: frozenset[str] = frozenset()
            if len(passage.section) > 1:
                english_title = passage.english_section[-1] if passage.english_section else ""
                section_terms = frozenset(index_terms(passage.section[-1], "sv") + index_terms(english_title, "en"))
            items.append(
                Item(len(items), tuple(terms_list), tuple(units), heading_terms, section_terms, passage=passage)
            )
        for key, meta in self.document.meta.items():
            if key in NOT_ANSWERS:
                continue
            # A fact of the front matter is about the document as a whole: it is found by its own words,
            # by the title ("strategin") and by its value ("Kommunfullmäktige", "2013-10-15").
            described = " ".join(
                [*self.glossary.meta_words.get(key, ()), key.replace("_", " "), self.document.title, "strategy"]
            )
            # "§" is no word, but a value that cites one ("Antaget av fullmäktige 2009-08-25 § 170") names a
            # paragraph: "In which paragraph was the previous strategy adopted?"
            value = meta.value.replace("§", f" {PARAGRAPH_WORDS} ")
            terms_list = index_terms(described, "sv") + index_terms(described, "en") + index_terms(value, "sv")
            items.append(Item(len(items), tuple(terms_list), meta=meta))
        decision = {item.number for item in items if item.meta is not None and item.meta.key in ADOPTION}
        kin = frozenset(t for item in items if item.number in decision for t in item.terms)
        return [replace(item, kin_terms=kin) if item.number in decision else item for item in items]

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

    def _phrase(self, phrase: tuple[str, ...], language: str | None = None) -> tuple[frozenset[str], ...]:
        """A phrase as the indexed terms of each of its words, stemmed in its own language when known
        (the Swedish stem of the English "plane" is "plan", which is a different word)."""
        meaningful = [w for w in phrase if w not in self.stopwords] or list(phrase)
        return tuple(
            self.expand({w, stem(w, language)} if language else {w, stem_sv(w), stem_en(w)}) for w in meaningful
        )

    def groups(self, question: str) -> list[Group]:
        """What the question asks about, as weighted groups of indexed terms."""
        tokens = [self.speller.mend(token) for token in words(question)[:MAX_QUESTION_WORDS]]
        situation, owned = self._situation(tokens, question)
        groups: list[Group] = []
        consumed: set[int] = set()
        for start in range(len(tokens)):
            if start in consumed:
                continue
            filler = self.glossary.filler_at(tokens, start)
            if filler:
                consumed.update(range(start, start + filler))
                continue
            if self._points_at_document(tokens, start):
                consumed.add(start)
                continue
            found = self.glossary.matches(tokens, start, self._subject)
            if not found:
                continue
            length = found[0][0]
            entries = [entry for n, entry, _ in found if n == length]
            skipped = frozenset().union(*(gap for n, _, gap in found if n == length))
            alternatives = tuple(
                self._phrase(p, language)
                for entry in entries
                for p, language in zip(entry.targets, entry.target_languages, strict=True)
            )
            said_words = tuple(tokens[i] for i in range(start, start + length) if i not in skipped)
            spoken = any(w not in self.stopwords for w in said_words) and all(entry.said for entry in entries)
            if spoken:
                # The words as said come first (see Group.said_in); stop words alone would match anything.
                alternatives = (self._phrase(said_words), *alternatives)
            soft = all(entry.soft for entry in entries)
            label = " ".join(tokens[start : start + length])
            span = range(start, start + length)
            # A phrase of stop words alone ("vill vara", "want to be") still says something.
            if length > 1 or soft or tokens[start] not in self.stopwords:
                group = Group(
                    label,
                    alternatives,
                    soft=soft,
                    optional=all(entry.context for entry in entries) or any(i in situation for i in span),
                    owned=any(i in owned for i in span),
                    span=(start, start + length),
                    referenced=any(entry.referenced for entry in entries),
                    spoken=spoken,
                )
                groups.append(self._weighted(group))
            consumed.update(span)
        for position, word in _positions(tokens, query_words(" ".join(tokens))):
            if position in consumed or word.word in self.stopwords:
                continue
            parts = tuple(self.expand({p, stem_sv(p)}) for p in word.parts)
            group = Group(
                word.word,
                ((self.expand(word.variants),),),
                parts=parts,
                optional=position in situation,
                owned=position in owned,
                span=(position, position + 1),
            )
            groups.append(self._weighted(group))
        groups.sort(key=lambda g: g.span)
        return self._alternatives(groups, tokens)

    def _subject(self, word: str) -> bool:
        """Whether a word may stand between a verb and the rest of its phrase without being asked about:
        a stop word, or a word found throughout the strategy ("Vad vill Växjö vara?")."""
        return word in self.stopwords or self._everywhere(word)

    def _points_at_document(self, tokens: list[str], start: int) -> bool:
        """Whether the word says which document ("the current strategy", "den gällande internationella
        strategin"): a pointer followed, within one other word, by a word for the document."""
        if tokens[start] not in self.glossary.document_pointers:
            return False
        return any(token in self.glossary.document_words for token in tokens[start + 1 : start + 1 + DOCUMENT_REACH])

    def _situation(self, tokens: list[str], question: str) -> tuple[set[int], set[int]]:
        """Positions of words that describe the asker's situation rather than what they ask about: the
        place they go to ("till Bryssel", "in Barcelona"), and what they call their own ("min förvaltning",
        "our international activities", "vi på förvaltningen", "as a head of department")."""
        found: set[int] = set()
        owned: set[int] = set()
        # Only a word the strategy does not know can count against a passage, so only then is it worth
        # asking the gazetteer (which takes a second and 150 MB to load in a process that has not yet).
        if any(self._unknown(token) for token in tokens):
            places = {w for match in find_places(question) for w in words(match.text)}
            found.update(i for i, token in enumerate(tokens) if token in places)
        # "fritidsförvaltningen", "partnermöte": a unit or an occasion the strategy does not name.
        found.update(i for i, token in enumerate(tokens) if self._situation_word(token))
        # English writes such names apart: "a partner meeting", "the technical department" (and Swedish may
        # too: "tekniska förvaltningen"). The word before an occasion says which one, as the first part of
        # "partnermöte" does; a word the strategy does not know before a unit says which unit.
        units, occasions = self.glossary.named_heads, self.glossary.occasion_heads
        found.update(
            i
            for i, token in enumerate(tokens[:-1])
            if token not in self.stopwords
            and (tokens[i + 1] in occasions or (tokens[i + 1] in units and self._unknown(token)))
        )
        # "vård- och omsorgsförvaltningen": the cut-off first part belongs to the unit the last part names.
        cut = {fold(m[1]) for m in _CUT_COMPOUND.finditer(question)}
        found.update(
            i
            for i, token in enumerate(tokens[:-2])
            if token in cut and tokens[i + 1] in ALSO | ALTERNATIVE and i + 2 in found
        )
        for i, token in enumerate(tokens):
            if token in OWNERS:
                after = i + 1
            elif tuple(tokens[i : i + 2]) in SELF_PHRASES or tuple(tokens[i : i + 2]) in OWNER_PHRASES:
                after = i + 2
            elif i == 0 and token in ROLE_OPENERS:
                after = 1
            else:
                continue
            for j in range(after, min(after + 3, len(tokens))):
                if tokens[j] in ALSO and j > after:
                    continue  # "vi på kultur- och fritidsförvaltningen"
                if tokens[j] in self.stopwords or tokens[j] in GENITIVE:
                    break
                found.add(j)
                if token in OWNERS or tuple(tokens[i : i + 2]) in SELF_PHRASES:
                    owned.add(j)
                if not self._everywhere(tokens[j]):
                    break  # "our international activities": an adjective found everywhere, then the noun
        return found, owned

    def _unknown(self, word: str) -> bool:
        return word not in self.stopwords and not self.expand({word, stem_sv(word), stem_en(word)})

    def _situation_word(self, word: str) -> bool:
        if word in self._known:
            return False
        heads = self.glossary.situation_heads
        return word in heads or any(word.endswith(h) and len(word) >= len(h) + MIN_COMPOUND_HEAD for h in heads)

    def _everywhere(self, word: str) -> bool:
        n = len(self.items)
        return any(self._df.get(t, 0) >= n / 2 for t in self.expand({word, stem_sv(word), stem_en(word)}))

    def _alternatives(self, groups: list[Group], tokens: list[str]) -> list[Group]:
        """ "A cost or an asset?", "Erasmus+ eller Interreg?": either answers the question, so the two are
        one group, which a passage covers when it has one of them."""
        merged: list[Group] = []
        for group in groups:
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and not previous.soft
                and not group.soft
                and previous.optional == group.optional
                and _joined_by_or(tokens, previous.span[1], group.span[0], self.stopwords)
            ):
                joined = Group(
                    f"{previous.label} / {group.label}",
                    previous.alternatives + group.alternatives,
                    span=(previous.span[0], group.span[1]),
                    optional=previous.optional,
                    referenced=previous.referenced or group.referenced,
                )
                merged[-1] = self._weighted(joined)
                continue
            merged.append(group)
        return merged

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

    def _weighted(self, group: Group) -> Group:
        """Weigh a group by how few items contain it (its idf as a whole), so a word found everywhere
        ("kommun", "international") matters little and a word found nowhere matters most."""
        n = len(self.items)
        df = sum(1 for item in self.items if group.credit(item.term_set, self.idf) >= 1.0)
        if df:
            weight = math.log(1 + (n - df + 0.5) / (df + 0.5))
        elif group.parts or " " in group.label:
            weight = self.unknown_weight
        else:
            weight = self.unknown_weight * everyday_discount(group.label)
        return replace(group, weight=weight, everywhere=df >= n / 2)

    def search(self, question: str, limit: int = 3) -> tuple[list[Hit], list[Group]]:
        """The best items for a question, best first, with the groups the question was read as."""
        groups = self.groups(question)
        asked, optional = asked_groups(groups)
        total = sum(g.weight for g in asked)
        # The asker's situation counts towards coverage where a passage has it, but does not steer the
        # ranking: "vi på miljöförvaltningen undrar varför …" asks about purpose, not the environment.
        steering = [g for g in groups if g.soft or g in asked]
        # A word found everywhere ("strategin") says nothing of where to look, but a rare form of it
        # ("strategiska") would weigh as much as the topic in BM25: "Vad är målet med strategin?" was
        # answered with the one passage that says "det strategiska internationella arbetet".
        steering = [g for g in steering if not g.everywhere] or steering
        prescriptive = bool(MODALS & {self.speller.mend(w) for w in words(question)[:MAX_QUESTION_WORDS]})
        if prescriptive:
            # "När ska strategin ses över?" asks when it shall be, which the rule says ("minst en gång per
            # mandatperiod"), not for a date on which something happened ("antogs … 15 oktober 2013").
            steering = [g for g in steering if DATE_TERM not in g.terms]
        query = sorted({t for g in steering for t in g.terms} & self._known)
        if not asked or not query:
            return [], groups
        scores = np.asarray(self.retriever.get_scores(query), dtype=float)
        top = float(scores.max()) if len(scores) else 0.0
        hits = []
        for item in self.items:
            covered = item.covered_terms
            found = sum(g.weight * g.credit(covered, self.idf) for g in asked)
            extra = sum(g.weight * g.credit(covered, self.idf) for g in optional)
            coverage = (found + extra) / (total + extra) if total + extra else 0.0
            bm25 = float(scores[item.number])
            matched = [g for g in groups if g.credit(covered, self.idf) > 0]
            frames = sum(FRAME_SHARE for g in matched if g.soft and not (prescriptive and DATE_TERM in g.terms))
            heading = sum(g.weight * g.credit(item.heading_terms, self.idf) for g in asked) / total if total else 0.0
            # A frame in the question's own words that names the passage's own section ("Vad är syftet med
            # …?" under "Syfte med internationellt arbete") says which section is asked about as a topic does.
            heading += sum(1.0 for g in groups if g.soft and g.spoken and g.said_in(item.section_terms))
            own = sum(g.weight for g in asked if g.said_in(item.term_set)) / total if total else 0.0
            rank = (
                coverage
                + BM25_SHARE * (bm25 / top if top > 0 else 0.0)
                + frames
                + HEADING_SHARE * heading
                + OWN_WORDS_SHARE * own
            )
            if item.meta is not None:
                rank -= META_PENALTY  # the text itself, when it says the same, is the better quote
                if prescriptive and item.meta.key in HISTORY:
                    rank -= META_PENALTY
            hits.append(Hit(item, coverage, bm25, rank, matched))
        hits.sort(key=lambda h: (-h.rank, h.item.number))
        return hits[:limit], groups


def everyday_discount(word: str) -> float:
    """How much a word the strategy never uses counts against a passage: fully when it is specific
    ("semesterdagar", "hotel", "visa"), less the more everyday it is ("även", "ännu", "gå", "nästa"),
    which in a question pads more often than it asks."""
    zipf = commonness(word)
    return min(1.0, max(MIN_EVERYDAY_WEIGHT, (EVERYDAY_ZIPF - zipf) / EVERYDAY_SPAN))


def asked_groups(groups: list[Group]) -> tuple[list[Group], list[Group]]:
    """What a passage must cover, and what counts only where it is found. When the question asks about
    nothing but words found everywhere, what the asker calls their own is what it asks about ("Vad
    förväntas min förvaltning göra för att leva upp till strategin?"), and so is the rest of their
    situation unless a frame ("varför", "hur ofta") says what is asked ("Vad säger strategin om
    studiebesök?")."""
    asked = [g for g in groups if not g.soft and not g.optional]
    optional = [g for g in groups if not g.soft and g.optional]
    if all(g.everywhere for g in asked):  # nothing asked but words found everywhere ("strategin")
        framed = any(g.soft for g in groups)  # "varför …", "vad förväntas …": the frame is the question
        promoted = [g for g in optional if g.owned or not framed]
        return asked + promoted, [g for g in optional if g not in promoted]
    return asked, optional


def _joined_by_or(tokens: list[str], end: int, start: int, stopwords: frozenset[str]) -> bool:
    """Whether the words between two groups are "or" and nothing else of meaning ("a cost or as an asset")."""
    between = tokens[end:start]
    return any(w in ALTERNATIVE for w in between) and all(w in stopwords or w in ALTERNATIVE for w in between)


def _positions(tokens: list[str], found: list[QueryWord]) -> list[tuple[int, QueryWord]]:
    """Pair each meaningful query word with its position among all tokens (to skip glossary phrases)."""
    pairs = []
    cursor = 0
    for word in found:
        while cursor < len(tokens) and tokens[cursor] != word.word:
            cursor += 1
        pairs.append((cursor, word))
        cursor += 1
    return pairs

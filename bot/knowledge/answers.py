"""Composing an answer from what retrieval found: grounded, cited, or an honest refusal.

Without a language model the answer is extractive: the one or two sentences of the best passage that
match the question, in the asker's language (the shipped English translation for English questions),
followed by the passage as written in Swedish and its section. Nothing is said that the quoted passage
does not say. Facts about the document itself come from the front matter, quoted line by line.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
from wordfreq import zipf_frequency

from bot.i18n import Translator
from bot.knowledge.analysis import index_terms, stem_sv, words
from bot.knowledge.concepts import Found, Lexicon, load_lexicon
from bot.knowledge.document import SECTION_SEPARATOR, Passage
from bot.knowledge.glossary import DEFAULT_GLOSSARY, gloss
from bot.knowledge.reading import (
    DOCUMENT_WORD,
    INTERROGATIVES,
    LISTING_BACK,
    OWNERS,
    Reading,
    acting_organisation,
    asks_own_opinion,
    asks_recommendation,
    is_task,
    named_programme,
    other_organisation,
    read,
    swedish_subject,
)
from bot.knowledge.register import is_register_question
from bot.knowledge.retrieval import ADOPTION, HISTORY, MAX_QUESTION_WORDS, MODALS, Item, KnowledgeBase
from bot.language import detect_language
from bot.nlu.loading import load_once

log = logging.getLogger(__name__)

# How much a question frame ("when", "who", "how often", "what should it include") adds to a passage
# that answers it, against a concept's weight (its idf over the strategy's items, about 1 to 3).
FRAME_WEIGHT = 0.5
# BM25 (scaled to the best item) only breaks ties between items that share as much with the question.
TIE_BREAK = 0.05
# How much it adds when the passage's own heading names a concept the passage states and the question
# asks: of the passages that mention funding, the one under "Extern finansiering" is the rule about it.
# Only concepts the passage itself states count, so a heading never pulls a question to a passage that
# does not answer it ("Nätverk/arbetsgrupp …" heads the internal working groups, not the networks).
HEADING_WEIGHT = 0.3
# Front matter facts are short and dense; the text wins a tie.
META_PENALTY = 0.1
MAX_SOURCES = 2

# "Vilka nätverk …?", "Which countries …?": questions that ask for names. A passage that only says
# "flera internationella nätverk" does not answer them, however well it matches.
LIST_OPENERS = frozenset({"vilka", "which", "nämn", "name", "list", "lista"})
WHICH = frozenset({"vilken", "vilket"})
# Between "vilka"/"what" and the noun group asked for: "vilka är de …", "what are the …".
LIST_COPULAS = frozenset({"är", "are", "de", "dom", "the"})
# The auxiliaries before the subject in an English question whose "what"-noun group is the object asked for
# ("what courses does the municipality offer", "what conferences should we attend"). After "will", "is",
# "are" the noun group is mostly the subject, and the question asks what happens to it ("what networks will
# be formed"), which a passage tells.
ENGLISH_AUXILIARIES = frozenset("do does did can could should shall must may might".split())
# Nouns that only say "which one" ("vilken typ av …", "which part of …"), not what is listed.
# Words before what is listed that only say which kind ("EU-program", "EU projects").
MODIFIERS = frozenset({"eu", "eu's", "internationell", "internationella", "international", "utländska", "foreign"})
# What must be done, as opposed to what is or will be ("Vilka projekt ska redovisas?").
PRESCRIPTIVE = frozenset(
    {"ska", "skall", "bör", "borde", "måste", "förväntas", "should", "shall", "must", "ought", "need", "needs",
     "supposed", "expected"}
)  # fmt: skip
# A modal right after a relative pronoun ("bidrag för elever som ska på utbyte", "staff who will travel")
# belongs to the relative clause, which describes someone; it does not make the question ask
# for a rule. After a question word the same pronoun opens the question ("vilka som ska …", "who should").
RELATIVES = frozenset({"som", "who", "that"})
# Words after "vilka"/"which" that name no thing to be listed: kinds and parts of something, and pronouns
# that point back to what was already named ("which one did it replace").
LIGHT_NOUNS = frozenset(
    "del delar typ typer slags sorts sort sorter kind kinds type types part parts sätt way ways one ones".split()
)
# "Hur många …?", "how much …": a count or an amount, which a document's facts never give in words.
COUNT_FRAMES = frozenset({("hur", "många"), ("how", "many"), ("hur", "mycket"), ("how", "much")})
AMOUNT_FRAMES = COUNT_FRAMES | frozenset(
    {("hur", "stor"), ("hur", "stora"), ("how", "big"), ("how", "large"), ("hur", "länge"), ("hur", "lång"),
     ("hur", "långa"), ("how", "long"), ("what", "level"), ("which", "level"), ("vilken", "nivå"),
     ("vilka", "krav"), ("what", "requirements")}
)  # fmt: skip
# "What level of French is needed …", "vilka krav ställs på …": a required level is a figure or a grade too.
# "Vad kostar …?", "Kostar det något …?", "What does … cost?": a price is a figure too. "Hur länge …?", "how
# long …": a duration is one as well.
PRICE_WORDS = frozenset({"kostar", "kostade", "kosta", "kostat", "cost", "costs"})
# "Vilken budget …?", "What's the budget for …?": a budget is a figure too.
BUDGET_WORDS = frozenset(
    {"budget", "budgeten", "budgetar", "budgeterat", "budgeterade", "anslag", "anslaget", "belopp", "beloppet",
     "budgets", "budgeted", "allocation", "amount"}
)  # fmt: skip
# "Vad händer vid nästa uppföljning?", "the upcoming review": what is still to come, which a date in the
# document's past does not answer.
FUTURE_WORDS = frozenset(
    {"nästa", "kommande", "planerad", "planerade", "planeras", "framöver", "next", "upcoming", "scheduled", "planned",
     "future"}
)  # fmt: skip
# "Hur stor andel …", "what share of …": a share is a figure too.
# "Vilken andel …?", "at what rate …": a share or a rate is a figure too.
SHARE_WORDS = frozenset(
    {"procent", "procentandel", "andel", "andelen", "percentage", "percent", "proportion", "rate", "rates"}
)
# "Hur länge får en resa vara som längst?", "the maximum length", "the minimum project size", "a
# threshold": a limit is a figure too.
LIMIT_WORDS = frozenset(
    {"max", "maximal", "maximalt", "maximum", "maxgräns", "längsta", "högsta", "längst", "limit", "minimum",
     "minimigräns", "minsta", "lägsta", "threshold", "tröskel", "tröskelvärde"}
)  # fmt: skip
# "Hur mycket bör vi flyga?", "how much should we meet in person": how much of a doing the asker ought to do asks for
# the rule on it, which the strategy gives in words ("minimeras"), not for a figure; "hur mycket får vi …"
# asks what is allowed, and "hur mycket kostar …" a price.
DUTY_MODALS = frozenset({"ska", "skall", "bör", "borde", "should", "ought", "shall"})
SUBJECT_PRONOUNS = frozenset({"vi", "ni", "man", "jag", "du", "we", "you", "i", "one"})
# "to limit the trips", "we should limit meetings abroad": after these, "limit" is the verb (to
# reduce), not a figure's limit.
BEFORE_A_VERB = frozenset({"to", "should", "must", "can", "could", "will", "shall", "we", "you", "they", "i"})
# "keep travel to a minimum", "hålla resorna till ett minimum": how much of something, not a limit.
MANNER_BEFORE_LIMIT = frozenset({("to", "a"), ("to", "the"), ("till", "ett")})
VAGUE_QUANTIFIERS = frozenset({"flera", "många", "några", "olika", "diverse", "several", "many", "various", "numerous"})
NUMBER_WORDS = frozenset(
    "två tre fyra fem sex sju åtta nio tio tolv tjugo hundra tusen miljon miljoner miljard procent once twice "
    "two three four five six seven eight nine ten twelve twenty hundred thousand million billion percent".split()
)
# "enligt resepolicyn", "according to the travel policy", "what does the travel policy say": a question
# about what a document the strategy only refers to says.
SOURCE_BEFORE = frozenset(
    {"enligt", "i", "in", "per", "under", "säger", "står", "sa", "sade", "stod"}
)  # "Vad säger resepolicyn om …"
SOURCE_AFTER = frozenset(
    {"säger", "says", "say", "said", "sa", "sade", "tillåter", "allows", "allow", "permits", "står", "stod", "states"}
)
SOURCE_SKIPPED = frozenset(
    {"the", "a", "an", "kommunens", "municipality", "municipal", "s", "our", "vår", "den", "det"}
)
_DATE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_FRAMES = frozenset({"when", "who"})
# A year that names a version of the document ("strategin från 2009", "the 2013 strategy", "2013 års
# strategi") says which document, not when something happened.
_DOCUMENT_YEAR = re.compile(
    r"(?:strategi\w*|strateg(?:y|ies)|version\w*|dokument\w*|document\w*)\s+(?:från|from|of|av)?\s*"
    r"(?P<after>1[89]\d\d|20\d\d)\b"
    r"|\b(?P<before>1[89]\d\d|20\d\d)(?:\s+års)?\s+(?:strategi\w*|strateg(?:y|ies)|version\w*|dokument\w*|document\w*)",
    re.IGNORECASE,
)

# People say "when was it adopted" and "who adopted it" about the same decision.
META_FAMILIES = {key: ADOPTION for key in ADOPTION}


@dataclass(frozen=True)
class Source:
    """A cited passage: its heading path, the passage as written, and the part of it that answers
    (`excerpt`, with "…" where sentences are left out), which is what a chat shows."""

    section: str
    quote: str
    excerpt: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"section": self.section, "quote": self.quote}


@dataclass
class Answer:
    """What the bot says about a question. `kind`: strategy, document, refused, partial (the strategy
    mentions it but does not say what is asked, and the answer quotes what it does say), vague, empty,
    language."""

    question: str
    answered: bool
    text: str
    sources: list[Source] = field(default_factory=list)
    score: float = 0.0
    kind: str = "strategy"
    language: str = "sv"

    def as_json(self) -> dict[str, object]:
        return {
            "answered": self.answered,
            "answer": self.text,
            "sources": [s.as_dict() for s in self.sources],
            "score": round(self.score, 3),
        }

    @property
    def sections(self) -> list[str]:
        return [s.section for s in self.sources]


def question_language(question: str, default: str) -> str:
    return detect_language(question) or default


# "Finns det …", "Is there …", "Does the municipality have …": a question whether a thing exists.
EXISTENCE_OPENERS = (
    ("finns", "det"), ("fanns", "det"), ("kommer", "det", "finnas"), ("har", "kommunen"), ("har", "vi"),
    ("is", "there"), ("are", "there"), ("was", "there"), ("have", "we", "got"),
)  # fmt: skip
EXISTENCE_DO = frozenset({"do", "does", "did"})
EXISTENCE_HAVE = frozenset({"have", "has"})
# A part someone plays, asked of a doing that follows ("roll i att …", "role in …").
ROLE_NOUNS = frozenset({"roll", "rollen", "role", "uppgift", "uppgiften", "del"})
# Nouns for what any passage of a governing document gives ("Finns det regler om flyg?", "Is there any
# guidance on travel?"): asking whether one exists asks what the strategy says, not for a thing of its own.
RULE_NOUNS = frozenset(
    """regel regler reglerna krav kraven riktlinje riktlinjer riktlinjerna bestämmelse bestämmelser föreskrift
    föreskrifter rekommendation rekommendationer råd info information rule rules requirement requirements
    guideline guidelines guidance provision provisions recommendation recommendations advice""".split()
)
# A name: capitalised words in a row ("European Green Leaf Award"), "of"/"för" allowed inside.
_NAME = re.compile(r"\b[A-ZÅÄÖ][\w+-]*(?:\s+(?:of\s+|för\s+|the\s+)?[A-ZÅÄÖ][\w+-]*)+")
# Endings of English adjectives, which describe a thing rather than make it a kind of its own.
ENGLISH_ADJECTIVE_ENDINGS = ("al", "ic", "ed", "ive", "ous", "ful", "able", "ible", "ary", "ent", "ant", "ing", "ish")
# Words that open what makes a thing a particular one: "ett pris för årets bästa projekt", "a network for
# schools", "ett nätverk inom vården".
QUALIFIERS = frozenset({"för", "for", "inom", "om", "about", "on", "med", "with", "till", "to"})
# Words between the opener and the thing: "a", "any", "något", "nån", and whose it is ("its own office",
# "ett eget kontor").
DETERMINERS = frozenset(
    "a an any some the en ett någon något några nån nåt its their own sitt sin sina eget egen egna".split()
)
# An existence question about what the municipality has ("Har kommunen ett eget kontor …", "Does the
# municipality have its own office …") asks about the municipality, never about the document's own facts.
MUNICIPALITY_SUBJECTS = frozenset({"kommunen", "växjö", "vi", "municipality", "we", "vaxjo"})


# Latin-script languages a question is compared with to tell "not covered" from "not Swedish or English";
# a question mostly in another script (Arabic, Cyrillic, …) is foreign without looking anything up.
OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "da", "nb", "fi", "pl", "tr", "sh")
_LATIN = re.compile(r"[a-zA-ZÀ-ɏ]")
_COMPARED_LANGUAGES = ("sv", "en", *OTHER_LANGUAGES)


@lru_cache(maxsize=4096)
def _frequencies(word: str) -> tuple[float, ...]:
    """A word's Zipf frequency in each of `_COMPARED_LANGUAGES`, in that order. Every question is
    compared, and wordfreq's lists never change while the bot runs: fourteen calls through wordfreq's
    wrapper (its own cache sits behind the rounding and the logarithm) were a tenth of a strategy
    question's CPU, and the same everyday words come back in question after question."""
    return tuple(zipf_frequency(word, language, wordlist="small") for language in _COMPARED_LANGUAGES)


def foreign_language(question: str) -> str | None:
    """The language of a question that is neither Swedish nor English (by word frequencies), else None.

    Only asked when nothing in the strategy matched, so "Was sagt die Strategie über Flugreisen?" gets
    "I answer in Swedish and English" rather than "the strategy doesn't say".
    """
    tokens = words(question)[:40]
    if len(tokens) < 2:
        return None
    latin = sum(1 for token in tokens if _LATIN.search(token))
    if latin * 2 < len(tokens):
        return "other script"
    frequencies = [_frequencies(token) for token in tokens]
    totals = {language: sum(f[i] for f in frequencies) for i, language in enumerate(_COMPARED_LANGUAGES)}
    best = max(totals, key=lambda language: totals[language])
    return None if best in {"sv", "en"} or totals[best] <= max(totals["sv"], totals["en"]) else best


@dataclass(frozen=True)
class Scored:
    """An item (passage or front matter fact) with the concepts it shares with the question."""

    item: Item
    concepts: frozenset[str]
    coverage: float
    rank: float


class Answerer:
    """Answers questions about one strategy document, by the concepts a question asks about."""

    def __init__(self, knowledge: KnowledgeBase, lexicon: Lexicon | None = None) -> None:
        self.knowledge = knowledge
        self.lexicon = lexicon or load_lexicon()
        self.index = ConceptIndex(knowledge, self.lexicon)

    def read(self, question: str) -> Reading:
        mend = {w: self.knowledge.speller.mend(w) for w in words(question)[:MAX_QUESTION_WORDS]}
        return read(question, self.lexicon, mend, self._skippable)

    def _skippable(self, word: str) -> bool:
        """A word that may stand inside a phrase of the lexicon: a stop word or a word found throughout
        the strategy ("Vad ska kommunen vara?")."""
        return word in self.knowledge.stopwords or self.knowledge.everywhere(word)

    def concept_key(self, question: str) -> frozenset[str]:
        """The concepts a question asks about (frames left out): what a verified answer is filed under."""
        reading = self.read(" ".join(question.split()))
        return frozenset(c for c in reading.weights() if not self.lexicon.concepts[c].soft)

    def nearest(self, question: str) -> Source | None:
        """The passage of the strategy closest to a question (sharing most concepts with it), which a
        coordinator's answer to the question rests on; None when it shares none."""
        reading = self.read(" ".join(question.split()))
        weights = {c: w for c, w in reading.weights().items() if c in self.index.covered}
        if not weights:
            return None
        for scored in self._rank(question, reading, weights):
            passage = scored.item.passage
            if passage is not None and scored.concepts - {"when", "who"}:
                return Source(passage.section_label, passage.quote, excerpt(passage, self._units(scored, reading)))
        return None

    def answer(self, question: str, language: str) -> Answer:
        """The answer to a message; two or more questions in it ("Vem följer upp strategin? Och vad ska
        årsrapporten innehålla?") are each answered, when each on its own is, so that neither is lost in
        the ranking of the other's concepts."""
        question = " ".join(question.split())
        whole = self._answer_one(question, language)
        parts = _questions(question)
        if len(parts) < 2 or whole.kind not in {"strategy", "partial", "refused"}:
            return whole
        answers = [self._answer_one(part, language) for part in parts]
        if not all(a.answered and a.kind == "strategy" for a in answers):
            return whole
        sources = list(dict.fromkeys(source for a in answers for source in a.sources))
        if whole.answered and set(sources) <= set(whole.sources):
            return whole
        text = "\n\n".join(dict.fromkeys(a.text for a in answers))
        score = min(a.score for a in answers)
        return Answer(question, True, text, sources, score, "strategy", language)

    def _answer_one(self, question: str, language: str) -> Answer:
        t = Translator(language)
        if not question:
            return Answer(question, False, t("answer_question.empty"), kind="empty", language=language)
        if is_register_question(question):
            return Answer(question, False, t("answer_question.register"), kind="register", language=language)
        if foreign_language(question):
            return Answer(question, False, t("answer_question.other_language"), [], 0.0, "language", language)
        if is_task(question):
            return Answer(question, False, t("answer_question.not_found"), [], 0.0, "refused", language)
        reading = self.read(question)
        weights = reading.weights()
        concepts = self.lexicon.concepts
        referenced = self._referenced(reading, t)
        if referenced is not None:
            return referenced
        other = other_organisation(question)
        if other is not None:
            text = t("answer_question.other_organisation", organisation=other)
            return Answer(question, False, text, kind="refused", language=language)
        acting = acting_organisation(question)
        if acting is not None:
            text = t("answer_question.other_organisation_acts", organisation=acting)
            return Answer(question, False, text, kind="refused", language=language)
        named = named_programme(reading)
        if named is not None:
            text = t("answer_question.not_named", name=named)
            return Answer(question, False, text, kind="refused", language=language)
        name = self._unknown_name(reading)
        if name is not None:
            text = t("answer_question.name_not_mentioned", name=name)
            return Answer(question, False, text, kind="refused", language=language)
        asked_covered = any(
            f.concept in self.index.covered and not concepts[f.concept].soft and reading.asking(f.start)
            for f in reading.found
        )
        # What the question asks about that the strategy does not cover; when the asking part names
        # nothing the strategy covers ("Mitt lösenord har gått ut …, vem ska jag ringa?"), what the
        # situation names is what it is about. Who the asker is, told outside the clause that asks ("As
        # a project leader, what is my unit responsible for?"), is never what is asked when that clause
        # names something the strategy covers, even as theirs.
        clause_covered = any(
            f.concept in self.index.covered and not concepts[f.concept].soft and reading.in_asking_clause(f.start)
            for f in reading.found
        )
        uncovered = [
            found
            for found in reading.found
            if found.concept not in self.index.covered
            and found.strength >= 1.0
            and (reading.in_asking_clause(found.start) or not asked_covered)
            and not (found.start in reading.situation and not reading.in_asking_clause(found.start) and clause_covered)
            and not self._read_as_covered(found, reading)
            and not concepts[found.concept].given
            and not self._asks_for_a_role(found, reading)
        ]
        if uncovered:
            # The words as the asker said them ("visum", "per diem"): what the strategy is silent on.
            outer = [
                f for f in uncovered if not any(o is not f and o.start <= f.start and f.end <= o.end for o in uncovered)
            ]
            # A phrase made with a question word ("what's the name of") or a concept whose words are a piece
            # of a sentence ("tycker politikerna") is named by its concept instead.
            labels = list(
                dict.fromkeys(
                    concepts[f.concept].label(language)
                    if set(reading.tokens[f.start : f.end]) & INTERROGATIVES or concepts[f.concept].by_label
                    else reading.said(f)
                    for f in outer
                )
            )
            text = t("answer_question.not_covered", topic=_and(labels, t))
            return Answer(question, False, text, kind="refused", language=language)
        if asks_own_opinion(question):
            # The bot's own view ("In your view, is it ambitious enough?"): it has none to give.
            return Answer(question, False, t("answer_question.not_found"), [], 0.0, "refused", language)
        if asks_recommendation(question):
            # A recommendation of a thing the strategy does not name as uncovered ("a restaurant").
            return Answer(question, False, t("answer_question.not_found"), [], 0.0, "refused", language)
        specific = {c: w for c, w in weights.items() if not concepts[c].soft and c in self.index.covered}
        if not specific:
            meaningful = [w for w in reading.tokens if not self._skippable(w)]
            if not reading.found and not meaningful:
                # Nothing but question words and words found everywhere ("Vad säger strategin om Växjö?").
                return Answer(question, False, t("answer_question.vague"), kind="vague", language=language)
            if reading.found:
                return Answer(question, False, t("answer_question.vague"), kind="vague", language=language)
            return Answer(question, False, t("answer_question.not_found"), [], 0.0, "refused", language)
        scored = self._rank(question, reading, weights)
        best = scored[0]
        if not best.concepts & set(specific):
            return Answer(question, False, t("answer_question.not_found"), [], 0.0, "refused", language)
        chosen = [best]
        asked = {c for c, w in specific.items() if w >= 1.0}
        if len(scored) > 1 and not asked - best.concepts and _even(best, scored[1]):
            # Two passages of one section that state all the concepts asked and differ only by the
            # tie-breaker ("Vad är meningen med att arbeta internationellt?" and the section on the purpose,
            # in two parts): both are the answer, and neither alone is.
            chosen.append(scored[1])
        missing = set(specific) - best.concepts
        for other_item in scored[1:]:
            if len(chosen) >= MAX_SOURCES or not missing:
                break
            adds = {c for c in other_item.concepts & missing if specific[c] >= 1.0}
            if adds and (other_item.item.meta is None) == (best.item.meta is None):
                chosen.append(other_item)
                missing -= adds
        if best.item.meta is not None and self._asks_what_the_municipality_has(reading):
            passages = [s for s in scored if s.item.passage is not None and s.concepts & set(specific)]
            if not passages:
                return Answer(question, False, t("answer_question.not_found"), [], 0.0, "refused", language)
            best, chosen = passages[0], [passages[0]]
        if best.item.meta is not None:
            answer = self._document_answer(question, [s.item for s in chosen], t, best.coverage)
            if _asks_a_count(reading.tokens) and not _has_figure(answer.text):
                # "How many staff does the document's owner have?": the document's facts name the office,
                # not how many work there.
                text = t("answer_question.no_figures", text=answer.text)
                return Answer(question, False, text, answer.sources, best.coverage, "partial", language)
            return answer
        unsupported = self._not_given(reading, best, t)
        if unsupported is not None:
            return unsupported
        return self._strategy_answer(question, chosen, reading, t, best.coverage)

    @staticmethod
    def _asks_a_date(reading: Reading) -> bool:
        """Whether the question asks for a date in so many words ("vilket datum", "what year", "deadline"):
        with a modal too ("Vilket datum ska nästa uppföljning göras?"), unlike "när ska …", which asks for
        the rule."""
        return any(set(reading.said(f).split()) - {"när", "when"} for f in reading.asked_in_question("when"))

    @staticmethod
    def _asks_what_the_municipality_has(reading: Reading) -> bool:
        """Whether a clause that asks opens by asking whether the municipality has something."""
        for clause in reading.clauses:
            said = list(clause.tokens)
            after = _after_existence_opener(said) if clause.asks else None
            if after is not None and MUNICIPALITY_SUBJECTS & set(said[:after]):
                return True
        return False

    def _unknown_name(self, reading: Reading) -> str | None:
        """A name of several capitalised words, not opening a sentence, in the part that asks, with a word the
        strategy never uses ("European Green Leaf Award", "the Covenant of Mayors"): a particular award,
        programme, network or body, and the strategy names none but its own."""
        asked = {token for clause in reading.clauses if clause.asks for token in clause.tokens}
        for match in _NAME.finditer(reading.question):
            before = reading.question[: match.start()].rstrip()
            if not before or before[-1] in ".!?:\"'”“":
                continue  # a capital that opens a sentence names no one
            said = words(match.group(0))
            if not set(said) <= asked:
                continue
            if any(not self._in_strategy(word) and word.isalpha() for word in said):
                return match.group(0)
        return None

    def _asks_for_a_role(self, found: Found, reading: Reading) -> bool:
        """Whether "vem på"/"who at" asks who in the asker's own unit should do something ("Vem på vår
        förvaltning ska ha koll på det internationella?", "Who in our department should report?"): a role,
        which the strategy gives (a contact person), not a person at another office, whose name it never
        gives."""
        if self.lexicon.concepts[found.concept].asks != "name" or found.end >= len(reading.tokens):
            return False
        clause = next(c for c in reading.clauses if c.start <= found.start < c.start + len(c.tokens))
        own = found.end in reading.situation or reading.tokens[found.end] in OWNERS
        return own and bool(PRESCRIPTIVE & set(clause.tokens))

    def _read_as_covered(self, found: Found, reading: Reading) -> bool:
        """Whether the words that name an uncovered concept also name, as a whole, a concept the strategy
        states: the same words read two ways, and the strategy speaks of one of them."""
        return any(
            other.concept in self.index.covered
            and not self.lexicon.concepts[other.concept].soft
            and other.strength >= found.strength
            and other.start <= found.start
            and found.end <= other.end
            for other in reading.found
        )

    def _rank(self, question: str, reading: Reading, weights: dict[str, float]) -> list[Scored]:
        concepts = self.lexicon.concepts
        idf = self.index.idf
        total = sum(idf[c] * w for c, w in weights.items() if not concepts[c].soft and c in self.index.covered)
        query = sorted(set(index_terms(" ".join(reading.tokens), "sv") + index_terms(question, "en")))
        query = [term for term in query if term in self.knowledge.known]
        scores = np.asarray(self.knowledge.retriever.get_scores(query), dtype=float) if query else None
        top = float(scores.max()) if scores is not None and len(scores) else 0.0
        prescriptive = bool(MODALS & set(reading.tokens))
        ahead = bool(FUTURE_WORDS & set(reading.tokens))
        ranked: list[Scored] = []
        for item in self.knowledge.items:
            if ahead and item.meta is not None and item.meta.key in HISTORY:
                continue  # a record of what happened cannot say what is still to come
            bears = self.index.item_concepts[item.number]
            shared = frozenset(c for c in weights if c in bears)
            found = sum(idf[c] * weights[c] for c in shared if not concepts[c].soft)
            frames = sum(FRAME_WEIGHT * weights[c] for c in shared if concepts[c].soft)
            if prescriptive and "when" in shared:
                frames -= FRAME_WEIGHT * weights["when"]  # "När ska …?" asks for the rule, not a date
            bm25 = float(scores[item.number]) / top if scores is not None and top > 0 else 0.0
            heading = sum(weights[c] for c in shared & self.index.heading_concepts.get(item.number, frozenset()))
            rank = found + frames + HEADING_WEIGHT * heading + TIE_BREAK * bm25
            if item.meta is not None:
                rank -= META_PENALTY  # the text itself, when it says the same, is the better quote
                if prescriptive and item.meta.key in HISTORY:
                    rank -= META_PENALTY
            ranked.append(Scored(item, shared, found / total if total else 0.0, rank))
        ranked.sort(key=lambda s: (-s.rank, s.item.number))
        return ranked

    # -- the strategy mentions it, but does not give what is asked --------------------------------------

    def _not_given(self, reading: Reading, best: Scored, t: Translator) -> Answer | None:
        """A refusal that quotes what the strategy does say when the question asks for a figure, a list
        or names ("which …?" where the text says "several"), or a date the text does not give."""
        passage = best.item.passage
        assert passage is not None
        units = self._units(best, reading)
        texts = [passage.units[i] for i in units]
        if passage.aligned_english() and passage.english:
            texts += [passage.english[i] for i in units]
        tokens = reading.tokens
        key: str | None = None
        extra: dict[str, str] = {}
        # "Hur många gånger …?", "how many times": a frequency, which the text gives in words.
        often = {i for f in reading.found if f.concept == "frequency" for i in range(f.start, f.end)}
        asks_amount = any(
            pair in AMOUNT_FRAMES and i not in often and not _asks_how_much_to_do(tokens, i)
            for i, pair in enumerate(zip(tokens, tokens[1:], strict=False))
        )
        asked_words = {
            w
            for i, w in enumerate(tokens)
            if reading.in_asking_clause(i)
            and tuple(tokens[max(0, i - 2) : i]) not in MANNER_BEFORE_LIMIT
            and not (i > 0 and tokens[i - 1] in BEFORE_A_VERB)
        }
        asks_amount = asks_amount or bool((BUDGET_WORDS | LIMIT_WORDS | SHARE_WORDS) & asked_words)
        # The Swedish verb asks a price wherever it stands; the English "cost" is a verb after "what" or
        # an auxiliary ("does it cost"), not the noun of "a cost or an asset".
        asks_price = any(
            w in PRICE_WORDS
            and reading.in_asking_clause(i)
            and (
                w.startswith("kost") or {"what", "does", "do", "did", "will", "would"} & set(tokens[max(0, i - 4) : i])
            )
            for i, w in enumerate(tokens)
        )
        # "Hur ofta …?", "how many times a year …": the passage must say how often, in words or figures.
        asks_frequency = any(f.concept == "frequency" and reading.asking(f.start) for f in reading.found)
        stated = self.index.item_concepts[best.item.number]
        named = stated.union(*(self.index.unit_concepts[best.item.number][i] for i in units))
        whole = " ".join(passage.units + (passage.english or ()))
        not_given = self._not_given_frames(reading, named, stated, whole)
        if not_given:
            # "Vad händer om vi inte rapporterar?", "Can I refuse to travel?", "how far in advance": the
            # passage on the topic answers only if it gives that too.
            key = "answer_question.not_given"
            extra = {"what": _and([self.lexicon.concepts[c].label(t.language) for c in not_given], t)}
        elif asks_amount or asks_price:
            if not any(_has_figure(text) for text in texts):
                key = "answer_question.no_figures"
        elif asks_frequency and "frequency" not in self.index.item_concepts[best.item.number]:
            key = "answer_question.no_frequency"
        elif (
            reading.asked_in_question("when")
            and (not MODALS & set(tokens) or self._asks_a_date(reading))
            and "when" not in self.index.item_concepts[best.item.number]
        ):
            key = "answer_question.no_date"
        elif (listed := self._listed(reading)) is not None:
            noun, topics, copular = listed
            prescribed = any(
                token in PRESCRIPTIVE and not _in_relative_clause(tokens, i) for i, token in enumerate(tokens)
            )
            # "Vilken konferens ska vi åka på?" asks for one by name, whatever the modal.
            singular = bool(WHICH & set(tokens[:4]))
            if noun is not None:
                key, extra = "answer_question.unnamed_thing", {"thing": noun}
            elif any(self._only_quantified(text, topic) for text in texts for topic in topics):
                key = "answer_question.unnamed"
            elif copular and topics and not topics & named:
                # "Vilka är målen inom målområdet?" answered by a passage on the goal area that states no
                # goals: what is to be listed is not in it.
                key = "answer_question.unnamed"
            elif (not prescribed or singular) and any(self.lexicon.concepts[c].instances for c in topics):
                # "Vilka konferenser åker ni på i år?" asks for names; "Vilka projekt ska redovisas?"
                # asks for the rule, which the text gives.
                key = "answer_question.unnamed"
        if key is None and (missing := self._missing_thing(reading, best, texts)) is not None:
            # "Is there a central EU office that …?": the passage on the rest does not speak of an office.
            # "Finns det något pris för årets bästa projekt?": it speaks only of "flera utmärkelser".
            key, thing = missing
            extra = {"thing": thing} if key == "answer_question.no_such" else {}
        if key is None:
            return None
        source = Source(passage.section_label, passage.quote, excerpt(passage, units))
        text = t(key, text=_said(passage, units, t.language), **extra)
        return Answer(reading.question, False, text, [source], best.coverage, "partial", t.language)

    def _missing_thing(self, reading: Reading, best: Scored, texts: list[str]) -> tuple[str, str] | None:
        """The thing a question asks whether it exists ("Finns det en mall …", "Is there a central EU
        office …", "Does the municipality have a communications plan …"), as said, with the reason to
        refuse: its last word names a concept the strategy states elsewhere but the chosen passage does
        not, or a word the strategy never uses ("no_such"); or it is a particular one ("a prize for the
        best project", "a network for schools") of things the passage (its `texts`) only says there are
        several of ("unnamed")."""
        concepts = self.lexicon.concepts
        stated = self.index.item_concepts[best.item.number]
        for clause in reading.clauses:
            if not clause.asks:
                continue
            said = list(clause.tokens)
            after = _after_existence_opener(said)
            if after is None:
                continue
            while after < len(said) and said[after] in DETERMINERS:
                after += 1
            end = after
            while end < len(said) and said[end].isalpha() and said[end] not in self.knowledge.stopwords:
                end += 1
            if end == after or said[end - 1] in LIGHT_NOUNS | RULE_NOUNS:
                continue
            if said[end - 1] in ROLE_NOUNS and end < len(said) and said[end] in {"i", "in"}:
                # "Har skolan någon roll i att ta emot utbytesstudenter?", "a role in …": a role in a doing exists
                # where the passage says who does it, which the ranking has already matched.
                continue
            position = clause.start + end - 1
            named = {
                f.concept
                for f in reading.found
                if f.start <= position < f.end
                and f.strength >= 1.0
                and not concepts[f.concept].soft
                and f.concept in self.index.covered
            }
            # A thing the lexicon does not know and the strategy never names ("ett särskilt kontor") is not
            # there either.
            unknown = not any(f.start <= position < f.end for f in reading.found) and not self._in_strategy(
                said[end - 1]
            )
            thing = _as_written(reading.question, said[after:end])
            if (
                (named and not named & stated)
                or unknown
                or self._unknown_kind(reading, said, said[after:end], position)
            ):
                return "answer_question.no_such", thing
            qualified = end < len(said) and said[end] in QUALIFIERS
            instances = {c for c in named & stated if concepts[c].instances}
            if qualified and instances:
                # What makes it a particular one, as far as the clause goes: "årets bästa … projekt".
                particular = [
                    w
                    for w in said[end + 1 :]
                    if w.isalpha() and w not in self.knowledge.stopwords and not self.knowledge.everywhere(w)
                ]
                vague = any(self._only_quantified(text, c) for c in instances for text in texts)
                passage_words = {stem_sv(w) for text in texts for w in words(text)}
                if vague or any(stem_sv(w) not in passage_words for w in particular):
                    return "answer_question.unnamed", thing
        return None

    def _unknown_kind(self, reading: Reading, clause: list[str], thing: list[str], position: int) -> bool:
        """Whether the thing asked about is a kind the strategy never speaks of, though its head is a word of
        it: a compound found only by its last part ("handlingsplan", a plan), or an English noun before the
        head that the strategy never uses ("an action plan"). Adjectives ("a designated contact person")
        only describe, and do not count."""
        head = thing[-1]
        by_head = [f for f in reading.found if f.start <= position < f.end]
        if by_head and all(f.by_head for f in by_head) and not self._in_strategy(head):
            return True
        return (
            any(
                word.isalpha()
                and word not in self.knowledge.stopwords
                and not self.knowledge.everywhere(word)
                and not word.endswith(ENGLISH_ADJECTIVE_ENDINGS)
                and not self._in_strategy(word)
                for word in thing[:-1]
            )
            and reading_language(clause) == "en"
        )

    def _in_strategy(self, word: str) -> bool:
        """Whether the strategy's text (not its front matter) has the word, in a form or in a compound."""
        return self.knowledge.in_text(word)

    def _not_given_frames(
        self, reading: Reading, named: frozenset[str], stated: frozenset[str], passage_text: str
    ) -> list[str]:
        """What the question asks for that a passage gives only in its own words (a consequence, a right,
        a lead time, a particular occasion) and that the passage does not give: its words do not `name` it,
        nor does it state what gives it instead (a date, for an occasion)."""
        concepts = self.lexicon.concepts
        asked = dict.fromkeys(f.concept for f in reading.found if concepts[f.concept].given and reading.asking(f.start))
        missing = [c for c in asked if c not in named and not stated & set(concepts[c].given_by)]
        if "occasion" not in asked and (year := self._asked_year(reading)) and year not in passage_text:
            # "What were the emissions from flights in 2022?", "Ändrades strategin efter valet 2018?": a year
            # asks what happened then, which only a passage that tells of that year gives.
            missing.append("occasion")
        elif (
            "occasion" not in asked and _asks_whether_done(reading) and not stated & set(concepts["occasion"].given_by)
        ):
            # "Har strategin utvärderats av en extern konsult?", "Has it been reviewed since?": whether
            # something has been done is a particular occasion too, which a rule does not record; so is
            # whether it will be done at a time to come ("Kommer den att revideras i år?"), below.
            missing.append("occasion")
        elif _asks_whether_it_will_happen(reading):
            # A dated passage tells of an occasion past, never of one to come.
            missing.append("occasion_to_come")
        return missing

    @staticmethod
    def _asked_year(reading: Reading) -> str | None:
        """A year in the part of the question that asks, unless it names a version of the document."""
        naming = {m["after"] or m["before"] for m in _DOCUMENT_YEAR.finditer(reading.question)}
        return next(
            (
                token
                for i, token in enumerate(reading.tokens)
                if _DATE.fullmatch(token) and reading.asking(i) and token not in naming
            ),
            None,
        )

    def _listed(self, reading: Reading) -> tuple[str | None, set[str], bool] | None:
        """For "Vilka nätverk …?", "Which countries …?": the word for what is to be listed when it names
        nothing the strategy knows (None otherwise), the concepts it names, and whether it was asked with a
        copula ("vilka är målen", "what are the aims"), which asks for the things themselves. None when
        no list is asked.

        What is listed is the first word after "vilka"/"which" that is not a modifier: not "EU" before
        another word, nor an adjective found throughout the strategy ("internationella", "international").
        """
        for clause in reading.clauses:
            if not clause.asks:
                continue
            said = list(clause.tokens)
            opener = next(
                (
                    i
                    for i, w in enumerate(said[:4])
                    if w in LIST_OPENERS or w in WHICH or self._what_noun(said, i) or _what_are(said, i)
                ),
                None,
            )
            if opener is None:
                continue
            if tuple(said[opener + 1 : opener + 3]) in LISTING_BACK:
                # "Kommunen har vänorter, sägs det – vilka är de?", "which are they?": the list asked for is of
                # what the sentence before named.
                referred = reading.referred_to()
                named = {
                    f.concept
                    for f in reading.found
                    if self.lexicon.concepts[f.concept].instances and f.start in referred
                }
                return (None, named, False) if named else None
            copular = False
            while opener + 1 < len(said) and said[opener + 1] in LIST_COPULAS:
                opener += 1  # "vilka är de viktigaste målen", "what are the aims": the noun group follows
                copular = True
            if reading_language(said) == "en":
                # An English noun group ends in its noun: "which EU funding programmes", "which goal area".
                group = list(range(opener + 1, min(opener + 4, len(said))))
                while group and said[group[-1]] in self.knowledge.stopwords:
                    group.pop()
                cut = next((i for i, k in enumerate(group) if said[k] in self.knowledge.stopwords), len(group))
                group = group[:cut]
                offsets = [group[-1]] if group else []
            else:
                offsets = list(range(opener + 1, min(opener + 4, len(said))))
            for offset in offsets:
                word = said[offset]
                position = clause.start + offset
                following = said[offset + 1] if offset + 1 < len(said) else ""
                modifier = following and following not in self.knowledge.stopwords
                if modifier and (word in MODIFIERS or (self.knowledge.everywhere(word) and _adjective(word))):
                    continue
                if word in self.knowledge.stopwords or word in LIGHT_NOUNS or not word.isalpha():
                    return None
                if offset == opener + 1 and swedish_subject(following):
                    # "Vilka ser kommunen som partners?": a verb and its subject follow, so "vilka" stands
                    # for what is asked and nothing is listed by name.
                    return None
                # Only what names the word itself counts: "flygbolag" is an airline, which the strategy never
                # names, though "flyg" and "bolag" are words of it.
                named = {
                    f.concept
                    for f in reading.found
                    if f.start <= position < f.end and f.strength >= 1.0 and not f.by_head
                }
                if named:
                    return None, named, copular
                if self.knowledge.everywhere(word) or copular:
                    # After "vilka är"/"what are the" a word that names nothing known is no list of
                    # particular things ("what are the key areas", "the reporting requirements").
                    return None
                by_head = {f.concept for f in reading.found if f.start <= position < f.end and f.strength >= 1.0}
                if by_head and self._in_strategy(word):
                    # "Vilken rapport?" where the text says "årsrapporter": the word is the head of the
                    # strategy's own compound, which says which one.
                    return None, by_head, copular
                return word, set(), copular
        return None

    def _what_noun(self, said: list[str], i: int) -> bool:
        """English "what" before a noun group and its verb ("What language courses does the municipality
        offer?", "What conferences should we attend?", two nouns joined: "What subsidies or tax breaks can
        we give?") asks "which", as "vilka" does; "what is", "what happens if" and "what changed" do not."""
        if said[i] != "what" or i + 1 >= len(said) or said[i + 1] in self.knowledge.stopwords | {"else", "more"}:
            return False  # "what else does it say" asks what more the passage says, not for a list
        verb = next((k for k in range(i + 2, min(i + 6, len(said))) if said[k] in ENGLISH_AUXILIARIES), None)
        return verb is not None and all(
            w not in self.knowledge.stopwords or w in {"or", "and"} for w in said[i + 1 : verb]
        )

    def _only_quantified(self, text: str, concept: str) -> bool:
        """Whether the text names the concept only after "flera"/"several" ("flera internationella nätverk")."""
        tokens = words(text)
        return any(
            found.concept == concept and VAGUE_QUANTIFIERS & set(tokens[max(0, found.start - 2) : found.start])
            for found in self.lexicon.find(tokens)
        )

    def _referenced(self, reading: Reading, t: Translator) -> Answer | None:
        """A question about what a document the strategy only points to says ("Får jag flyga business
        enligt resepolicyn?"): the strategy cannot answer it, but can say where it refers to it."""
        tokens = reading.tokens
        earlier = self._earlier_version(reading, t)
        if earlier is not None:
            return earlier
        for found in reading.found:
            if not self.lexicon.concepts[found.concept].referenced:
                continue
            before = found.start - 1
            while before >= 0 and tokens[before] in SOURCE_SKIPPED:
                before -= 1
            asked_of = (before >= 0 and tokens[before] in SOURCE_BEFORE) or (
                before >= 1 and tuple(tokens[before - 1 : before + 1]) == ("according", "to")
            )
            after = found.end
            while after < len(tokens) and (_DATE.fullmatch(tokens[after]) or DOCUMENT_WORD.match(tokens[after])):
                after += 1  # "the 2009 strategy says"
            asked_of = asked_of or (after < len(tokens) and tokens[after] in SOURCE_AFTER)
            if not asked_of:
                continue
            concept = self.lexicon.concepts[found.concept]
            document = concept.label(t.language) if concept.by_label else " ".join(tokens[found.start : found.end])
            return self._points_to(found.concept, document, reading, t)
        return None

    def _points_to(self, concept: str, document: str, reading: Reading, t: Translator) -> Answer | None:
        """The refusal that quotes where the strategy mentions a document it does not give the text of."""
        mention = self.index.mention(concept)
        if mention is None:
            return None
        passage, unit = mention
        text = t("answer_question.referenced", document=document, text=_said(passage, [unit], t.language))
        source = Source(passage.section_label, passage.quote, excerpt(passage, [unit]))
        return Answer(reading.question, False, text, [source], 0.0, "partial", t.language)

    def _earlier_version(self, reading: Reading, t: Translator) -> Answer | None:
        """ "What did the 2009 strategy say about …?": a version of the document named by a year other than
        this one's, asked what it says, is one the strategy only says it replaces."""
        adopted = self.knowledge.document.meta.get("adopted")
        this_year = adopted.value[:4] if adopted is not None else None
        named = {m["after"] or m["before"] for m in _DOCUMENT_YEAR.finditer(reading.question)}
        if not named - {this_year} or not SOURCE_AFTER & set(reading.tokens):
            return None
        document = self.lexicon.concepts["previous_version"].label(t.language)
        return self._points_to("previous_version", document, reading, t)

    # -- the strategy text ---------------------------------------------------------------------------

    def _units(self, scored: Scored, reading: Reading) -> list[int]:
        """Which units of the passage answer: a whole list, or the best sentence and perhaps the next."""
        passage = scored.item.passage
        assert passage is not None
        if passage.is_list or len(passage.units) <= 1:
            return list(range(len(passage.units)))
        weights = reading.weights()
        concepts = self.lexicon.concepts
        unit_concepts = self.index.unit_concepts[scored.item.number]

        def credit(i: int) -> float:
            return sum(
                self.index.idf[c] * w * (FRAME_WEIGHT if concepts[c].soft else 1.0)
                for c, w in weights.items()
                if c in unit_concepts[i]
            )

        # Of two sentences that give as much of what is asked, the one that says less else is the answer.
        order = sorted(range(len(passage.units)), key=lambda i: (-credit(i), len(unit_concepts[i]), i))
        best = order[0]
        if credit(best) == 0:
            return list(range(len(passage.units))) if len(passage.units) <= 2 else [0]
        chosen = [best]
        if len(order) > 1:
            second = order[1]
            new = {
                c for c, w in weights.items() if c in unit_concepts[second] and not concepts[c].soft and w >= 1.0
            } - unit_concepts[best]
            if credit(second) > 0 and new:
                chosen.append(second)
        return sorted(chosen)

    def _strategy_answer(
        self, question: str, chosen: list[Scored], reading: Reading, t: Translator, score: float
    ) -> Answer:
        first = chosen[0]
        passage = first.item.passage
        assert passage is not None
        said = self._units(first, reading)
        english = t.language == "en"
        if english and passage.aligned_english() and passage.english:
            text = t("answer_question.says_translated", text=_join(passage, said, passage.english))
        elif english:
            text = t("answer_question.says_untranslated", text=_join(passage, said, passage.units))
        else:
            text = t("answer_question.says", text=_join(passage, said, passage.units))
        sources = []
        for scored in chosen:
            other = scored.item.passage
            if other is None:
                continue
            units = said if scored is first else self._units(scored, reading)
            sources.append(Source(other.section_label, other.quote, excerpt(other, units)))
        return Answer(question, True, text, sources, score, "strategy", t.language)

    # -- the document's own facts --------------------------------------------------------------------

    def _document_answer(self, question: str, items: list[Item], t: Translator, score: float) -> Answer:
        meta = self.knowledge.document.meta
        keys: list[str] = []
        for item in items:
            assert item.meta is not None
            for key in META_FAMILIES.get(item.meta.key, (item.meta.key,)):
                if key in meta and key not in keys:
                    keys.append(key)
        sentences: list[str] = []

        def shown(key: str) -> str:
            value = format_date(meta[key].value, t.language)
            english = gloss(self.knowledge.glossary, value) if t.language == "en" else None
            return f"{value} ({english})" if english else value

        if all(k in keys for k in ADOPTION[:2]):
            sentences.append(
                t(
                    "answer_question.document.adopted",
                    body=shown("adopted_by"),
                    date=shown("adopted"),
                    paragraph=meta["paragraph"].value if "paragraph" in meta else "",
                ).replace(" ()", "")
            )
        for key in keys:
            if key in ADOPTION and sentences:
                continue
            entry = f"answer_question.document.{key}"
            value = shown(key)
            if t.has(entry):
                sentences.append(t(entry, value=value))
            else:
                sentences.append(t("answer_question.document.other", label=key.replace("_", " "), value=value))
        lines = "\n".join(meta[k].line for k in keys)
        section = SECTION_SEPARATOR.join([self.knowledge.document.title, t("answer_question.document.section")])
        source = Source(section, lines, lines)
        return Answer(question, True, " ".join(sentences), [source], score, "document", t.language)


class ConceptIndex:
    """Which concepts each item states: a passage its markup (or, without markup, the concepts its words
    name), each unit the concepts its words name, a front matter fact the concepts that list its key and
    those its value names. Items that give a date also answer "when"."""

    def __init__(self, knowledge: KnowledgeBase, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.item_concepts: dict[int, frozenset[str]] = {}
        self.unit_concepts: dict[int, list[frozenset[str]]] = {}
        self.heading_concepts: dict[int, frozenset[str]] = {}
        self._passages: list[Passage] = []
        unknown: set[str] = set()
        for item in knowledge.items:
            if item.passage is not None:
                passage = item.passage
                self._passages.append(passage)
                units = []
                for i, unit in enumerate(passage.units):
                    found = lexicon.concepts_in(unit)
                    if passage.aligned_english() and passage.english:
                        found |= lexicon.concepts_in(passage.english[i])
                    units.append(frozenset(found))
                marked = {c for c in passage.concepts if c in lexicon.concepts}
                unknown.update(c for c in passage.concepts if c not in lexicon.concepts)
                bears = set(marked) if passage.concepts else set().union(*units)
                if len(units) == 1 and marked:
                    units = [frozenset(units[0] | marked)]
                if _DATE.search(" ".join(passage.units)):
                    bears.add("when")
                self.unit_concepts[item.number] = units
                self.item_concepts[item.number] = frozenset(bears)
                if len(passage.section) > 1:
                    heading = lexicon.concepts_in(passage.section[-1])
                    if passage.english_section:
                        heading |= lexicon.concepts_in(passage.english_section[-1])
                    self.heading_concepts[item.number] = frozenset(heading & bears - _FRAMES)
            elif item.meta is not None:
                bears = {c.id for c in lexicon.concepts.values() if item.meta.key in c.meta}
                bears |= lexicon.concepts_in(item.meta.value)
                if _DATE.search(item.meta.value):
                    bears.add("when")
                if item.meta.key in ADOPTION or item.meta.key == "document_owner":
                    bears.add("who")
                self.item_concepts[item.number] = frozenset(bears)
        if unknown:
            log.warning("the strategy's markup names concepts the lexicon does not have: %s", sorted(unknown))
        self.covered = frozenset(c for bears in self.item_concepts.values() for c in bears)
        n = len(knowledge.items)
        df = Counter(c for bears in self.item_concepts.values() for c in bears)
        self.idf = {c: math.log(1 + (n - df.get(c, 0) + 0.5) / (df.get(c, 0) + 0.5)) for c in lexicon.concepts}

    def mention(self, concept: str) -> tuple[Passage, int] | None:
        """The first unit of the strategy that names a concept."""
        for number, units in self.unit_concepts.items():
            for i, bears in enumerate(units):
                if concept in bears:
                    return self._passages[number], i
        return None


# A yes/no question in the passive perfect: "Har strategin utvärderats …?" (a supine in -ts), "Has the
# strategy been reviewed …?", "Have the results been reported?".
PERFECT_OPENERS = frozenset({"har", "hade", "has", "have", "had"})
TIMES_TO_COME = frozenset(
    {("nästa", "år"), ("i", "år"), ("next", "year"), ("this", "year"), ("nästa", "månad"), ("next", "month")}
)
_SUPINE_PASSIVE = re.compile(r"\w{3,}(?:ats|its|tts|ts)$")


def _asks_whether_done(reading: Reading) -> bool:
    """Whether a clause that asks opens with "har"/"has" and goes on in the passive ("utvärderats",
    "been reviewed"): it asks whether something has happened."""
    for clause in reading.clauses:
        # As typed: the speller may mend "reviderats" to "revideras".
        said = reading.written[clause.start : clause.start + len(clause.tokens)]
        if not clause.asks or not said or said[0] not in PERFECT_OPENERS:
            continue
        if said[0] in {"har", "hade"} and any(_SUPINE_PASSIVE.fullmatch(w) for w in said[2:6]):
            return True
        if said[0] in {"has", "have", "had"} and "been" in said[2:6]:
            return True
    return False


def _asks_whether_it_will_happen(reading: Reading) -> bool:
    """Whether a clause that asks opens with a future ("kommer", "will", "is … going to") and names a
    particular time to come ("nästa år", "next year", "i år", "soon")."""
    for clause in reading.clauses:
        said = list(clause.tokens)
        if not clause.asks or not said:
            continue
        future = said[0] in {"kommer", "will"} or (said[0] in {"is", "are"} and "going" in said[1:5])
        pairs = set(zip(said, said[1:], strict=False))
        if future and (pairs & TIMES_TO_COME or {"snart", "soon"} & set(said)):
            return True
    return False


def _after_existence_opener(said: list[str]) -> int | None:
    """Where the thing asked about begins, when the clause opens by asking whether something exists."""
    for opener in EXISTENCE_OPENERS:
        if tuple(said[: len(opener)]) == opener:
            return len(opener)
    if said and said[0] in EXISTENCE_DO:
        have = next((i for i, w in enumerate(said[1:5], 1) if w in EXISTENCE_HAVE), None)
        if have is not None and have + 1 < len(said) and said[have + 1] not in {"to", "got"}:
            return have + 1
    return None


def _as_written(question: str, tokens: list[str]) -> str:
    """Words of the question as the asker wrote them ("central EU office"), found by their folded form."""
    pattern = r"\W+".join(re.escape(token) for token in tokens)
    match = re.search(pattern, question, re.IGNORECASE)
    return match.group(0) if match else " ".join(tokens)


def reading_language(tokens: list[str]) -> str:
    """English when the question's words are English ones (for where a noun group ends)."""
    return "en" if detect_language(" ".join(tokens)) == "en" else "sv"


def _even(best: Scored, second: Scored) -> bool:
    """Whether the second passage is as good an answer as the best: the same section, the same concepts
    shared with the question, and a rank that differs by less than the tie-breaker can add."""
    first, other = best.item.passage, second.item.passage
    return (
        first is not None
        and other is not None
        and first.section_label == other.section_label
        and best.concepts == second.concepts
        and best.rank - second.rank < TIE_BREAK
    )


def _questions(text: str) -> list[str]:
    """The questions of a message, each ending in "?": what is told before the first is its context, and
    what follows the last belongs to it."""
    pieces = [piece for piece in re.split(r"(?<=\?)\s+", text) if piece]
    if len(pieces) > 1 and not pieces[-1].endswith("?"):
        pieces[-2:] = [" ".join(pieces[-2:])]
    return pieces if len(pieces) > 1 else [text]


def _asks_a_count(tokens: list[str]) -> bool:
    """Whether a question asks how many or how much in figures ("hur många", "how many", a budget, a
    share), as opposed to how long something is valid, which a document's facts give in words."""
    pairs = set(zip(tokens, tokens[1:], strict=False))
    return bool(pairs & COUNT_FRAMES) or bool((BUDGET_WORDS | SHARE_WORDS | PRICE_WORDS) & set(tokens))


def _what_are(said: list[str], i: int) -> bool:
    """English "what are the …" asks for a list, as "vilka är …" does; "what is the …" asks for one thing."""
    return said[i] == "what" and said[i + 1 : i + 2] == ["are"]


def _asks_how_much_to_do(tokens: list[str], i: int) -> bool:
    """Whether "hur mycket"/"how much" at `i` asks how much the asker ought to do ("hur mycket vi ska resa",
    "how much should we travel"): a subject and a modal of duty follow, in either order."""
    following = set(tokens[i + 2 : i + 4])
    return bool(following & SUBJECT_PRONOUNS) and bool(following & DUTY_MODALS)


def _in_relative_clause(tokens: list[str], i: int) -> bool:
    """Whether the word at `i` comes right after a relative pronoun that follows a noun ("anställda som
    ska", "staff who must"), not a question word ("vilka som ska", "who should")."""
    return i >= 2 and tokens[i - 1] in RELATIVES and tokens[i - 2] not in INTERROGATIVES | LIST_OPENERS | WHICH


def _adjective(word: str) -> bool:
    """A Swedish adjective before its noun ends in -a, -t or -e ("internationella", "kommunala"); an
    English one in -al or -ic ("international", "strategic")."""
    return word.endswith(("a", "t", "e", "al", "ic", "iska", "ska"))


def _and(labels: list[str], t: Translator) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + f" {t('answer_question.and')} " + labels[-1]


def excerpt(passage: Passage, chosen: list[int]) -> str:
    """The chosen units as written, with "…" where units before, between or after them are left out."""
    if passage.is_list and len(chosen) == len(passage.units):
        return passage.quote
    pieces: list[str] = []
    previous = -1
    for i in chosen:
        if i > previous + 1:
            pieces.append("…")
        pieces.append(passage.units[i])
        previous = i
    if previous < len(passage.units) - 1:
        pieces.append("…")
    return " ".join(pieces)


def _has_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text) or bool(NUMBER_WORDS & set(words(text)))


def _said(passage: Passage, units: list[int], language: str) -> str:
    """The chosen units in the asker's language when a translation lines up, else as written."""
    if language == "en" and passage.aligned_english() and passage.english:
        return _join(passage, units, passage.english)
    return _join(passage, units, passage.units)


def _join(passage: Passage, chosen: list[int], units: tuple[str, ...]) -> str:
    if passage.is_list and len(chosen) == len(units):
        intro = units[0] if passage.intro else None
        items = units[1:] if passage.intro else units
        lines = ([intro] if intro else []) + [f"• {item}" for item in items]
        return "\n".join(lines)
    return " ".join(units[i] for i in chosen)


_MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
    "en": "January February March April May June July August September October November December".split(),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def format_date(value: str, language: str) -> str:
    """2013-10-15 → "15 oktober 2013" / "15 October 2013"; anything else unchanged."""
    if not _ISO_DATE.match(value):
        return value
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {_MONTHS.get(language, _MONTHS['sv'])[day.month - 1]} {day.year}"


@load_once  # built once per process, however many threads ask first
def answerer_for(strategy_file: Path, glossary: Path = DEFAULT_GLOSSARY) -> Answerer:
    """One answerer per strategy file and process: the index is built on first use and then reused."""
    return Answerer(KnowledgeBase.from_file(strategy_file, glossary))

"""Turning text into the terms retrieval compares: words, Snowball stems and the parts of Swedish compounds.

The strategy is Swedish and people ask in Swedish or English, so every word is stemmed both ways and
the index holds both the Swedish text and (when one is shipped) its English translation. Swedish glues
words together ("klimatkompenseras", "kompetensutveckling"), so a compound is also indexed by its parts:
"kompensera klimatet" then finds "klimatkompenseras". Whether a word is a compound is decided by word
frequencies (wordfreq): a split is taken when both parts are common Swedish words and the whole is rarer
than its parts, which keeps established words like "kommunfullmäktige" whole.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_SWEDISH
from wordfreq import zipf_frequency

# Letters and digits; a hyphen or slash splits ("EU-projekt" → "eu", "projekt").
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Swedish particle verbs are written apart in questions and together in nouns:
# "följs upp" ↔ "uppföljning", "tas fram" ↔ "framtagning".
PARTICLES = frozenset({"upp", "ut", "in", "av", "på", "till", "fram", "om", "över", "ner", "bort", "med"})

# A compound part must be at least this common (Zipf scale: 3 ≈ once per million words).
MIN_PART_ZIPF = 3.0
MIN_PART_LENGTH = 3
MIN_COMPOUND_LENGTH = 7
# wordfreq's "small" list holds the words down to Zipf 3, which is all a compound part may be; it takes
# a fraction of the memory of the large list. A rarer whole word counts as 0, which only makes it split.
WORDLIST = "small"


class _Stemmers(threading.local):
    """A Snowball stemmer keeps the word it works on in its own fields, so one shared by two threads
    mixes their words up (an IndexError inside snowballstemmer under load); each thread gets its own."""

    def __init__(self) -> None:
        self.sv = snowballstemmer.stemmer("swedish")
        self.en = snowballstemmer.stemmer("english")


_STEMMERS = _Stemmers()


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


# Chat markup is not part of a question: Slack mentions and channel links (<@U123>, <#C1|name>,
# <!channel>) and links (<https://x|label>), which point at something rather than ask about it.
_MARKUP = re.compile(r"<(?:[@#!]|https?:|mailto:)[^>]*>")


def words(text: str) -> list[str]:
    """The words of a text, case-folded, in order; chat mentions and link addresses are not words."""
    text = _MARKUP.sub(" ", text)
    return _WORD.findall(fold(text))


# The full stop of an abbreviation ("förv. chefen", "bl.a. resor", "e.g. flights") ends no sentence. Only
# the common abbreviations of chat and office Swedish and English, and only before a lowercase word, so
# "… till förv. Sedan …" still ends there.
_ABBREVIATION_STOP = re.compile(
    r"(?<![\w.])(int|intl|förv|avd|adm|org|ang|resp|inkl|exkl|ev|ca|kl|nr|tel|st|osv|etc|pga|mfl|bla|tex|dvs|"
    r"bl\.a|t\.ex|m\.fl|p\.g\.a|d\.v\.s|e\.g|i\.e|approx|dept|vs)\.(?=\s+[a-zåäö])",
    re.IGNORECASE,
)


def without_abbreviation_stops(text: str) -> str:
    """The text with the full stops of abbreviations left out, so that splitting it into sentences or
    clauses does not cut one in two."""
    return _ABBREVIATION_STOP.sub(lambda m: m[1].replace(".", ""), text)


# Snowball takes the neuter definite -et off some nouns ("arbetet", "målet") but not others ("syftet",
# "nätverket", "samhället", "dokumentet"), which then never meet their indefinite form.
_NEUTER_DEFINITE = re.compile(r"^(.*[^aeiouyåäö])et$")
MIN_STEM = 3


# Words whose forms Snowball stems like an unrelated word: "möte/möten" (a meeting) to "möt", as "möta"
# (to meet, "möta omvärldsförändringar"), and "meetings" to "meet" ("to meet changes"), so a question
# about meetings found a passage about meeting changes; "nytt" (new) to "nytt", as "nytta" (benefit), so
# "ett nytt nätverk" spoke of the benefit. Their forms keep a stem of their own.
_OWN_NOUN_STEMS = {
    form: word
    for word, forms in {
        "möte": ("möte", "mötet", "möten", "mötena", "mötes", "mötets", "mötenas"),
        "ny": ("nytt", "nya"),
        "nytta": ("nytta", "nyttan", "nyttor", "nyttorna", "nyttig", "nyttiga", "nyttigt"),
    }.items()
    for form in forms
}
_OWN_NOUN_STEMS_EN = {"meeting": "meeting", "meetings": "meeting", "meeting's": "meeting"}


@lru_cache(maxsize=20000)
def stem_sv(word: str) -> str:
    if word in _OWN_NOUN_STEMS:
        return _OWN_NOUN_STEMS[word]
    stemmed = str(_STEMMERS.sv.stemWord(word))
    definite = _NEUTER_DEFINITE.match(stemmed)
    if definite and stemmed == word and len(definite[1]) >= MIN_STEM:
        return str(_STEMMERS.sv.stemWord(definite[1]))
    return stemmed


@lru_cache(maxsize=20000)
def stem_en(word: str) -> str:
    return _OWN_NOUN_STEMS_EN.get(word) or str(_STEMMERS.en.stemWord(word))


# bm25s's longer English list drops words a question about a policy needs ("who owns it", "at least once").
_KEPT = frozenset({"own", "once", "other", "against", "further"})


@lru_cache(maxsize=1)
def base_stopwords() -> frozenset[str]:
    return (frozenset(STOPWORDS_SWEDISH) | frozenset(STOPWORDS_EN_PLUS)) - _KEPT


@lru_cache(maxsize=20000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The two parts of a Swedish compound, or () when the word is not one.

    A linking -s is dropped from the first part ("verksamhetsutveckling" → verksamhet + utveckling).
    Among the possible splits the one whose rarer part is most common wins.
    """
    if len(word) < MIN_COMPOUND_LENGTH or not word.isalpha():
        return ()
    whole = zipf_frequency(word, "sv", wordlist=WORDLIST)
    best: tuple[float, tuple[str, str]] | None = None
    for cut in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        tail = word[cut:]
        if tail in base_stopwords():
            continue  # a compound never ends in a function word: "diskutera" is no "diskut" + "era"
        tail_zipf = inflected_zipf(tail)
        if tail_zipf < MIN_PART_ZIPF:
            continue
        heads = [word[:cut]]
        if word[cut - 1] == "s" and cut - 1 >= MIN_PART_LENGTH:
            heads.insert(0, word[: cut - 1])  # on a tie the linking -s goes: "års" + "rapporter" is "år" + …
        for head in heads:
            score = min(zipf_frequency(head, "sv", wordlist=WORDLIST), tail_zipf)
            if score >= MIN_PART_ZIPF and score > whole and (best is None or score > best[0]):
                best = (score, (head, tail))
    return best[1] if best else ()


# Plural and definite endings of Swedish nouns: only these are taken off a compound's last part, so
# "förande" (which Snowball stems to "för") is not read as a form of a preposition.
NOUN_ENDINGS = frozenset({"ar", "er", "or", "n", "en", "et", "na", "arna", "erna", "orna", "s", "ns", "ens", "ets"})


def inflected_zipf(word: str) -> float:
    """How common a compound's last part is in any of its forms: the plural or definite form of a
    less common noun is rarer than the word ("etableringar" below the list, "etablering" on it), and
    the compound inflects its last part ("företagsetableringar")."""
    zipf = zipf_frequency(word, "sv", wordlist=WORDLIST)
    stemmed = stem_sv(word)
    if word[len(stemmed) :] in NOUN_ENDINGS and word.startswith(stemmed) and len(stemmed) >= MIN_PART_LENGTH:
        zipf = max(zipf, zipf_frequency(stemmed, "sv", wordlist=WORDLIST))
    return zipf


# Only the particles that are rarely prepositions are glued, so "uppföljning av strategin" stays apart.
GLUED_PARTICLES = frozenset({"upp", "ut", "fram", "bort", "ner", "in"})
# In a question the particle may come a few words after its verb ("följs arbetet upp").
PARTICLE_REACH = 3


def stem(word: str, language: str) -> str:
    return stem_sv(word) if language == "sv" else stem_en(word)


# Indexed once for a passage that names a year or a date, so "när …?" / "when …?" prefers such passages.
DATE_TERM = "0date"
_DATE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def index_terms(text: str, language: str) -> list[str]:
    """The terms a passage is indexed under: the stem of every word, the stems of compound parts, and
    particle verbs glued as in the noun. Stop words stay out; the rest counts as often as it occurs."""
    stop = base_stopwords()
    tokens = words(text)
    terms: list[str] = [DATE_TERM] if _DATE.search(text) else []
    for i, word in enumerate(tokens):
        if word in stop:
            continue
        terms.append(stem(word, language))
        if language == "sv":
            for part in compound_parts(word):
                # Both forms: Snowball stems "klimat" to "klim" but "klimatet" to "klimat".
                terms.extend(unique([part, stem_sv(part)]))
            if i + 1 < len(tokens) and tokens[i + 1] in GLUED_PARTICLES and word.isalpha():
                terms.append(tokens[i + 1] + stem_sv(word))
    return terms


@dataclass(frozen=True)
class QueryWord:
    """One word of a question: the stems it may appear under, and its compound parts' stems."""

    word: str
    variants: frozenset[str]
    parts: tuple[str, ...] = ()


def query_words(text: str) -> list[QueryWord]:
    """The words of a question that carry meaning, each with its Swedish and English stems."""
    stop = base_stopwords()
    tokens = words(text)
    result: list[QueryWord] = []
    for i, word in enumerate(tokens):
        if word in stop and word not in GLUED_PARTICLES:
            continue
        if word in GLUED_PARTICLES:
            continue
        variants = {word, stem_sv(word), stem_en(word)}
        if word.endswith("s") and len(word) > 4:
            variants.add(stem_sv(word[:-1]))  # a genitive Snowball keeps: "Växjös" → "växjö"
        following = tokens[i + 1 : i + 1 + PARTICLE_REACH]
        variants.update(p + stem_sv(word) for p in following if p in GLUED_PARTICLES)
        parts = tuple(p for p in compound_parts(word))
        result.append(QueryWord(word, frozenset(variants), parts))
    return result


def common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def related(query_term: str, indexed: str) -> bool:
    """Whether two stems are forms of one word that Snowball left apart ("kompenser" / "kompensation").

    One may be the other with an ending added (six letters shared or more), or both may have their own
    endings on a long shared beginning (seven letters, all but the last two of the shorter stem). That
    joins derivations ("uppfölj" / "uppföljning", "kompenser" / "kompensation") without joining words
    that only begin alike ("approv" / "approach", "kommunstyrelsen" / "kommunal").
    """
    if query_term == indexed:
        return True
    if query_term.startswith(indexed) and len(query_term) - len(indexed) > 2:
        return False  # the indexed word is the head of a compound in the question ("kommun" / "kommunstyr")
    shared = common_prefix(query_term, indexed)
    if shared == min(len(query_term), len(indexed)):
        return shared >= 6  # one is the other plus an ending: "uppfölj" / "uppföljning"
    # Two endings on one beginning: "kompenser" / "kompensation", but not "kommunstyrelsen" / "kommunal",
    # nor a compound and a word that only share its first part: "förvaltningschef" (a head of department,
    # a kind of "chef") and "förvaltar" (manages) meet inside "förvaltning".
    if any(len(parts[0]) >= shared for parts in (compound_parts(query_term), compound_parts(indexed)) if parts):
        return False
    return shared >= 7 and shared >= min(len(query_term), len(indexed)) - 2


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))

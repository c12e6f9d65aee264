"""A prefiltered pattern finds exactly what the pattern finds: its literals are a necessary condition, so a
text without them has no match, and every text with a match contains one of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu import dates, direction, funding, kinds, participants
from bot.nlu.prefilter import LiteralIndex, Prefiltered, literals, prefiltered
from bot.nlu.text import fold

DATA = Path(__file__).parent / "data"
MESSAGES = [
    json.loads(line)["text"] for path in sorted(DATA.glob("parse_*.jsonl")) for line in path.open() if line.strip()
]

# Every prefiltered pattern the recognisers use, with whether it runs on the text as written.
PATTERNS: list[tuple[str, Prefiltered, bool]] = [
    *((p.name, p.pattern, p.case_sensitive) for p in funding.PROGRAMMES),
    *((name, pattern, False) for name, pattern in funding.NETWORKS),
    *((name, pattern, False) for name, pattern in kinds._DECISIVE + kinds._CUES + kinds._STATUS),
    *((name, pattern, True) for name, pattern in kinds._TRAVEL),  # run on the lower-cased text
    ("about", kinds._ABOUT, False),
    ("coming", direction._COMING, False),
    ("from", direction._FROM, False),
    ("outward", direction._OUTWARD, False),
    ("past", dates._PAST, False),
    ("future", dates._FUTURE, False),
    *((f"participants {i}", pattern, False) for i, (pattern, _, _) in enumerate(participants._SHAPES)),
    ("people of ours", participants._PEOPLE_OF_OURS, False),
]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bkonf(?:erens)?\b", ("konf",)),
        (r"\bkurs\b|\bkursen\b|utbildning", ("kurs", "utbildning")),  # "kursen" contains "kurs"
        (r"(?<!arbets)\w{3,}vecka(?:n)?\b", ("vecka",)),  # a literal after anything at all
        (r"interreg[\s-]*(?:europe|europa)\b", ("interreg",)),
        (r"(?:south|north) baltic", ("north baltic", "south baltic")),
        (r"\bfick (?:ja|nej)", ("fick ja", "fick nej")),  # multiplied out
        (r"t[åa]g", ("tag", "tåg")),
    ],
)
def test_the_literals_every_match_needs(pattern: str, expected: tuple[str, ...]) -> None:
    assert literals(re.compile(pattern)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w+",  # any word
        r"a|bc",  # a literal of one letter is in nearly every text
        r"(?:konferens)?",  # may match nothing
        r"(a)\1konferens|x",  # one alternative without a literal
    ],
)
def test_a_pattern_that_names_no_literal_always_runs(pattern: str) -> None:
    assert literals(re.compile(pattern)) is None
    assert prefiltered(re.compile(pattern)).possible("")


def test_case_insensitive_patterns_always_run() -> None:
    assert literals(re.compile("konferens", re.IGNORECASE)) is None
    assert literals(re.compile("(?i:konferens)|kongress")) is None


@pytest.mark.parametrize(("name", "pattern", "as_written"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_a_prefiltered_pattern_finds_what_the_pattern_finds_in_every_message(
    name: str, pattern: Prefiltered, as_written: bool
) -> None:
    for message in MESSAGES:
        text = (
            message.lower() if as_written and name in dict(kinds._TRAVEL) else message if as_written else fold(message)
        )
        found = [m.span() for m in pattern.regex.finditer(text)]
        assert [m.span() for m in pattern.finditer(text)] == found, (name, message)
        assert pattern.possible(text) or not found, (name, message)


WORDS = st.sampled_from(
    ["interreg", "europa", "south", "baltic", "konferens", "kurs", "tåg", "tag", "fick", "ja", "nej", "vecka",
     "arbetsvecka", "x", " ", "-", "a", "1"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=60), st.lists(WORDS, max_size=12).map("".join)))
def test_on_any_text_the_filter_never_hides_a_match(text: str) -> None:
    for pattern in (
        r"\bkonf(?:erens)?\b",
        r"(?<!arbets)\w{3,}vecka(?:n)?\b",
        r"interreg[\s-]*(?:europe|europa)\b",
        r"(?:south|north) baltic",
        r"\bfick (?:ja|nej)",
        r"t[åa]g",
    ):
        regex = re.compile(pattern)
        assert [m.span() for m in prefiltered(regex).finditer(text)] == [m.span() for m in regex.finditer(text)]


def test_an_index_answers_the_patterns_that_may_match() -> None:
    index = LiteralIndex(
        [
            ("a", prefiltered(re.compile("konferens"))),
            ("b", prefiltered(re.compile(r"\w+"))),
            ("c", prefiltered(re.compile("kurs|utbildning"))),
        ]
    )
    assert index.candidates("en kurs") == {"b", "c"}  # "b" names no literal: it may match anything
    assert index.candidates("") == {"b"}

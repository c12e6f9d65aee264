"""A small chart parser: typed tokens in, every reading that the rules can build out.

Date expressions are built from a few pieces that combine freely ("onsdag" + "nästa vecka", "tredje" +
"tisdagen" + "i oktober" + "2014"), so they are parsed the way Duckling parses them rather than matched
by one pattern per combination. The lexer (`lexicon.lex`) turns the folded text into word tokens with a
kind ("month", "num", "kw:next", …). A rule is a sequence of kinds; where the sequence occurs, with only
spaces (and a comma or one full stop) between its tokens, the rule's function builds a new token with its
own kind ("pd" for a day, "span:week" for a week, "dur" for a duration …), which later rules can use in
turn. Rules run until nothing new appears; `select` then keeps the longest readings that do not overlap.

General parsing libraries were measured for this (see docs/dates.md): they parse a whole input, where
here the expressions have to be found inside free text within a fraction of a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Tense = Literal["past", "future"] | None


@dataclass(frozen=True, slots=True)
class Token:
    """A reading of text[start:end]: its kind says what it is, its value what it means."""

    start: int
    end: int
    kind: str
    value: Any
    generation: int = 0


@dataclass
class Context:
    """What a rule may need besides its tokens: the reference day, the message's tense and its text."""

    today: date
    tense: Tense
    text: str
    start: int = 0  # where the match being built starts and ends, for rules that look at the text around it
    end: int = 0


Build = Callable[[Context, list[Any]], tuple[str, Any] | None]


@dataclass(frozen=True, slots=True)
class Element:
    kinds: frozenset[str]
    tight: bool  # no gap at all before this element ("2015-03-03", "14april")
    optional: bool


@dataclass(frozen=True)
class Rule:
    """One way to build a token from adjacent tokens. `build` gets the matched tokens (None for an optional
    element that was absent) and returns the new token's kind and value, or None to reject the match."""

    name: str
    elements: tuple[Element, ...]
    build: Build
    kinds: frozenset[str] = field(default=frozenset())
    required: tuple[frozenset[str], ...] = ()  # the kinds of each element that must be present


def rule(name: str, pattern: str, build: Build) -> Rule:
    """`pattern` lists the elements, separated by spaces: kinds joined by "|", a leading "~" for no gap before
    the element, a trailing "?" for an optional one ("kw:the? ord|num ~kw:s")."""
    elements = []
    for part in pattern.split():
        tight = part.startswith("~")
        optional = part.endswith("?")
        kinds = frozenset(part.strip("~?").split("|"))
        elements.append(Element(kinds, tight, optional))
    if all(e.optional for e in elements):
        raise ValueError(f"{name}: a rule needs an element that is not optional")
    used = frozenset(k for e in elements for k in e.kinds)
    required = tuple(e.kinds for e in elements if not e.optional)
    return Rule(name, tuple(elements), build, used, required)


# Between two tokens of a phrase: spaces, commas, and at most one full stop ("16. Nov. 2016", "Mån, 18 feb").
_GAP = re.compile(r"[\s,]*(?:\.[\s,]*)?")


class Chart:
    """The tokens found so far, indexed by where they start and by kind."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        self.tokens: list[Token] = []
        self.by_start: dict[int, list[Token]] = {}
        self.by_kind: dict[str, list[Token]] = {}
        self._seen: set[tuple[int, int, str, Any]] = set()
        self._gap_end: dict[int, int] = {}
        for token in tokens:
            self.add(token)

    def add(self, token: Token) -> bool:
        key = (token.start, token.end, token.kind, token.value)
        if key in self._seen:
            return False
        self._seen.add(key)
        self.tokens.append(token)
        self.by_start.setdefault(token.start, []).append(token)
        self.by_kind.setdefault(token.kind, []).append(token)
        return True

    def after_gap(self, position: int) -> int:
        end = self._gap_end.get(position)
        if end is None:
            match = _GAP.match(self.text, position)
            end = match.end() if match else position
            self._gap_end[position] = end
        return end


def _matches(chart: Chart, elements: tuple[Element, ...], index: int, position: int) -> Iterator[list[Token | None]]:
    if index == len(elements):
        yield []
        return
    element = elements[index]
    if element.optional:
        for rest in _matches(chart, elements, index + 1, position):
            yield [None, *rest]
    where = position if element.tight else chart.after_gap(position)
    for token in chart.by_start.get(where, ()):
        if token.kind in element.kinds:
            for rest in _matches(chart, elements, index + 1, token.end):
                yield [token, *rest]


class Grammar:
    """Rules indexed by the kinds they use, so a round looks only at rules that a new token can take part in,
    and only at those whose every element has a token of its kind (checked on bit masks of kinds)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self._touched: dict[tuple[int, int], list[int]] = {}
        self.using: dict[str, list[int]] = {}
        self.bit: dict[str, int] = {}
        for r in self.rules:
            for kind in sorted(r.kinds):
                self.bit.setdefault(kind, 1 << len(self.bit))
        self.needs: list[tuple[int, ...]] = []
        self.entries: list[list[tuple[int, tuple[str, ...]]]] = []
        for index, r in enumerate(self.rules):
            for kind in r.kinds:
                self.using.setdefault(kind, []).append(index)
            self.needs.append(tuple(self.mask(kinds) for kinds in r.required))
            entries = []
            for skipped, element in enumerate(r.elements):
                entries.append((skipped, tuple(element.kinds)))
                if not element.optional:
                    break
            self.entries.append(entries)

    def mask(self, kinds: Iterable[str]) -> int:
        total = 0
        for kind in kinds:
            total |= self.bit.get(kind, 0)
        return total

    def touched_by(self, kinds: set[str], known: int) -> list[int]:
        key = (self.mask(kinds), known)
        found = self._touched.get(key)
        if found is None:
            indices = sorted({i for kind in kinds for i in self.using.get(kind, ())})
            found = [i for i in indices if all(need & known for need in self.needs[i])]
            if len(self._touched) < 4096:  # messages repeat a few shapes: the answers are kept, within bounds
                self._touched[key] = found
        return found


def saturate(chart: Chart, grammar: Grammar, context: Context, max_rounds: int = 8) -> None:
    """Apply the rules until no new token appears. Each round only tries matches that use at least one token
    from the round before (semi-naive evaluation), so a round costs what is new, not what is known."""
    fresh_kinds = {t.kind for t in chart.tokens}
    for generation in range(1, max_rounds + 1):
        produced: list[Token] = []
        known = grammar.mask(chart.by_kind)
        for index in grammar.touched_by(fresh_kinds, known):
            r = grammar.rules[index]
            for skipped, kinds in grammar.entries[index]:
                for kind in kinds:
                    for head in list(chart.by_kind.get(kind, ())):
                        for rest in _matches(chart, r.elements, skipped + 1, head.end):
                            matched: list[Token | None] = [*([None] * skipped), head, *rest]
                            present = [t for t in matched if t is not None]
                            if max(t.generation for t in present) != generation - 1:
                                continue
                            context.start, context.end = head.start, present[-1].end
                            built = r.build(context, [t.value if t is not None else None for t in matched])
                            if built is None:
                                continue
                            token = Token(head.start, present[-1].end, built[0], built[1], generation)
                            if chart.add(token):
                                produced.append(token)
        if not produced:
            return
        fresh_kinds = {t.kind for t in produced}


def select(tokens: Sequence[Token], kinds: Callable[[Token], bool]) -> list[Token]:
    """The longest readings that do not overlap, in text order; of two as long, the one built last (it
    has used more of the grammar)."""
    chosen: list[Token] = []
    for token in sorted((t for t in tokens if kinds(t)), key=lambda t: (-(t.end - t.start), -t.generation, t.start)):
        if all(token.end <= c.start or c.end <= token.start for c in chosen):
            chosen.append(token)
    return sorted(chosen, key=lambda t: t.start)

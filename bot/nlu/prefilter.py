"""Patterns that are not run on a text they cannot match, judged by the literal words every match contains.

Python's `re` tries a pattern at every position of the text, and the recognisers' patterns are long lists
of alternatives ("konferens|kongress|…|webinar"), so one search costs microseconds even where nothing is
found, which is most of the time: a message names one programme of fifty, or none. Every match of such a
pattern contains one of a few literal strings ("konferens", "kongress", …, "vecka" of `\\w{3,}vecka`). They
are read once from the pattern's own syntax tree, and a text that contains none of them (a substring test,
a fast scan in C) gets the pattern's answer for a text without a match at once.

The literals are a necessary condition only, never a sufficient one: whatever passes is searched by the
pattern itself, so a filtered pattern finds exactly what the pattern finds. Anything the reader does not
know (case-insensitive matching, a back-reference, a new opcode) yields no literals, and the pattern then
always runs.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)

# Sets of exact strings are multiplied out up to this size ("(?:europe|europa)" after "interreg "); a
# character class of up to this many characters counts as its characters.
_MAX_EXACT = 64
_MAX_CLASS = 8
# Literals shorter than this are in nearly every text: filtering on them would cost more than it saves.
_MIN_LENGTH = 2

_Strings = frozenset[str]
_EMPTY: _Strings = frozenset({""})


def _score(strings: _Strings) -> int:
    return min(map(len, strings))


def _better(a: _Strings | None, b: _Strings | None) -> _Strings | None:
    """The more telling of two sets of literals: the one whose shortest literal is longer, then the smaller."""
    if a is None:
        return b
    if b is None:
        return a
    return a if (_score(a), -len(a)) >= (_score(b), -len(b)) else b


def _class(items: list[tuple[Any, Any]]) -> _Strings | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY (\w, \s …), a wide range
            return None
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


def _node(op: Any, av: Any) -> tuple[_Strings | None, _Strings | None]:
    """(every string the node can match, if few; literals one of which each of its matches contains)."""
    if op is sre.LITERAL:
        return frozenset({chr(av)}), None
    if op is sre.IN:
        return _class(av), None
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY, None  # \b, ^, lookarounds: they match no characters
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & sre.SRE_FLAG_IGNORECASE:
            return None, None
        return _sequence(sub.data)
    if op is sre.BRANCH:
        parts = [_sequence(alternative.data) for alternative in av[1]]
        exacts = [exact for exact, _ in parts]
        exact = None
        if all(e is not None for e in exacts):
            union = frozenset().union(*exacts)  # type: ignore[arg-type]
            exact = union if len(union) <= _MAX_EXACT else None
        needs = [_better(required, exact) for exact, required in parts]
        if any(n is None or _score(n) == 0 for n in needs):
            return exact, None
        return exact, frozenset().union(*needs)  # type: ignore[arg-type]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        exact, required = _sequence(sub.data)
        if low == 0:
            return (exact | _EMPTY if high == 1 and exact is not None else None), None
        return (exact if low == high == 1 else None), _better(required, exact)
    return None, None  # any character, a back-reference, an unknown opcode: nothing known


def _sequence(items: Any) -> tuple[_Strings | None, _Strings | None]:
    """A concatenation: exact strings multiply out while they stay few; the best literals found are kept."""
    exact: _Strings = _EMPTY
    whole = True  # the exact strings so far are all the sequence can match
    best: _Strings | None = None
    for op, av in items:
        node_exact, node_required = _node(op, av)
        best = _better(best, node_required)
        if node_exact is not None and len(exact) * len(node_exact) <= _MAX_EXACT:
            exact = frozenset(a + b for a in exact for b in node_exact)
            continue
        best = _better(best, exact)
        whole = False
        exact = node_exact if node_exact is not None else _EMPTY
    best = _better(best, exact)
    return (exact if whole else None), best


def literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of the pattern contains, or None when the pattern does not
    say (or its literals are too short to be worth testing)."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # a future parser: run the pattern always rather than guess
        return None
    exact, required = _sequence(parsed.data)
    found = _better(required, exact)
    if found is None or _score(found) < _MIN_LENGTH:
        return None
    # A literal that contains another one adds nothing: "kursen" is found wherever "kurs" is.
    return tuple(sorted(s for s in found if not any(o != s and o in s for o in found)))


class Prefiltered:
    """A compiled pattern, searched only in texts that contain one of its literals. Thread-safe (immutable)."""

    __slots__ = ("regex", "needs")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self.needs = literals(regex)

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def possible(self, text: str) -> bool:
        """False only when the pattern cannot match the text."""
        needs = self.needs
        if needs is None:
            return True
        for literal in needs:  # noqa: SIM110 - called for every pattern and message: no generator
            if literal in text:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.possible(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self.possible(text) else iter(())


def prefiltered(regex: re.Pattern[str]) -> Prefiltered:
    return Prefiltered(regex)


class LiteralIndex(Generic[K]):
    """Which of many patterns can match a text, with one substring test per distinct literal rather than a
    call per pattern (fifty programmes share a few dozen words: "interreg" opens eleven of them)."""

    def __init__(self, patterns: Iterable[tuple[K, Prefiltered]]) -> None:
        always: set[K] = set()
        by_literal: dict[str, list[K]] = {}
        for key, pattern in patterns:
            if pattern.needs is None:
                always.add(key)
            for literal in pattern.needs or ():
                by_literal.setdefault(literal, []).append(key)
        self._always = frozenset(always)
        self._literals = tuple((literal, tuple(keys)) for literal, keys in by_literal.items())

    def candidates(self, text: str) -> set[K]:
        """The patterns that may match the text; the others cannot."""
        found = set(self._always)
        for literal, keys in self._literals:
            if literal in text:
                found.update(keys)
        return found


__all__ = ["LiteralIndex", "Prefiltered", "literals", "prefiltered"]

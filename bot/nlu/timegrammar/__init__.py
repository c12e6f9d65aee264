"""A compositional grammar of Swedish and English date expressions (issue 19; see docs/dates.md).

`read(folded, text, today, tense)` finds every date expression in a message and resolves it to a reading: a
first and last day with a precision, or a problem. The pieces:

- `lexicon`: the closed word classes (months, weekdays, numbers, units, small words) and the lexer;
- `engine`: the chart parser that applies rules until nothing new appears, and picks the longest readings;
- `days`, `periods`, `relative`, `intervals`: the rules, each a small typed step (a day number and a month
  make a day; a weekday and a week make a day; two days and a range word make an interval …);
- `values`: the types they build and the calendar arithmetic (python-dateutil, `holidays` for working days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.timegrammar import days, intervals, periods, relative
from bot.nlu.timegrammar.engine import Chart, Context, Grammar, Tense, Token, saturate, select
from bot.nlu.timegrammar.lexicon import lex
from bot.nlu.timegrammar.periods import resolve_month, resolve_weeks
from bot.nlu.timegrammar.values import (
    PD,
    PDR,
    WD,
    WDR,
    Category,
    Mon,
    Precision,
    Problem,
    Span,
    in_range,
    make_date,
    resolve_pd,
)

RULES = days.RULES + periods.RULES + relative.RULES + intervals.RULES
GRAMMAR = Grammar(RULES)

# Kinds that are a date by themselves; the others ("dn", "dur", "year", "dnr" …) only help build one.
_DATES = frozenset(
    {"pd", "dom", "pdr", "span:day", "span:week", "span:month", "span:year", "wd", "wdr", "mon", "wk", "until",
     "problem"}
)  # fmt: skip

# Words that end an open period ("pågår fram till juni 2027"); plain "till" and "to" also mean "to" ("flyttad
# till juni"), so with them only a year is read as an open end.
_UNTIL_WORDS = frozenset({"until", "tills", "through", "thru", "tom", "fram till", "up till", "up to", "up until"})


# Small words that make a date by themselves ("i fjol", "i går", "by EOM", "Q3", "i morse").
_ANCHOR_KEYWORDS = frozenset({"kw:fjol", "kw:eom", "kw:eoy", "kw:gar", "kw:morgon", "kw:day_part", "kw:q", "kw:night"})


@dataclass(frozen=True)
class Reading:
    """One date expression as understood: `start` None with an `end` is an open period ("till 2028")."""

    start: date | None
    end: date | None
    precision: Precision
    category: Category
    span: tuple[int, int]
    problem: str | None = None


def _weekday(wd: int, how: str, context: Context) -> date:
    """ "i tisdags" is the most recent Tuesday, "på fredag" the coming Friday; a bare weekday follows the tense
    and is the coming one when the message has none."""
    today = context.today
    most_recent = today - timedelta(days=(today.weekday() - wd) % 7 or 7)
    coming = today + timedelta(days=(wd - today.weekday()) % 7 or 7)
    if how in ("i-s", "s"):
        return most_recent
    if how == "pa":
        return coming
    return most_recent if context.tense == "past" else coming


def _span_of(kind: str, value: object, context: Context) -> Span | Problem | None:
    if isinstance(value, Span):
        return value
    if isinstance(value, Problem):
        return value
    if isinstance(value, PD):
        if value.month is None and not value.marked:
            return None
        day = resolve_pd(value, context)
        if not isinstance(day, date):
            return day
        category = value.category if value.month is not None or value.weekday is not None else "bare_day"
        return Span(day, day, "day", category) if in_range(day) else None
    if isinstance(value, PDR):
        return _range(value, context)
    if isinstance(value, WD):
        day = _weekday(value.day, value.how, context)
        return Span(day, day, "day", "relative")
    if isinstance(value, WDR):
        start = _weekday(value.first, value.how, context)
        return Span(start, start + timedelta(days=(value.last - value.first) % 7), "day", "relative")
    if isinstance(value, Mon):
        return resolve_month(value, context) if value.marked else None
    if kind == "wk" and isinstance(value, tuple):
        return resolve_weeks(value, context)
    return None


def _range(pdr: PDR, context: Context) -> Span | Problem | None:
    first = resolve_pd(pdr.first, context)
    if not isinstance(first, date):
        return first
    last = pdr.last
    if last.year is not None and last.month is not None:
        end = make_date(last.year, last.month, last.day)
    elif last.month is not None:
        end = make_date(first.year, last.month, last.day)
        if end is not None and end < first and last.month < first.month:
            end = make_date(first.year + 1, last.month, last.day)  # "28 december–3 januari"
    else:
        end = make_date(first.year, first.month, last.day)
        if end is not None and end < first:
            following = first.replace(day=1) + timedelta(days=32)
            end = make_date(following.year, following.month, last.day)
    if end is None:
        return Problem("impossible_date")
    if last.weekday is not None and end.weekday() != last.weekday:
        return Problem("contradiction")
    if end < first:
        return Problem("end_before_start")
    return Span(first, end, "day", "explicit") if in_range(end) else None


def _reading(token: Token, context: Context) -> Reading | None:
    where = (token.start, token.end)
    if token.kind == "until":
        words, target = token.value
        if isinstance(target, int):
            span: Span | Problem | None = (
                Span(date(target, 1, 1), date(target, 12, 31), "year", "year") if 1900 <= target <= 2100 else None
            )
        else:
            span = _span_of("wk" if isinstance(target, tuple) else "", target, context)
        if not isinstance(span, Span):
            return None
        if span.precision == "year" or (span.precision == "month" and words in _UNTIL_WORDS):
            return Reading(None, span.end, span.precision, span.category, where)
        return Reading(span.start, span.end, span.precision, span.category, where)
    span = _span_of(token.kind, token.value, context)
    if span is None:
        return None
    if isinstance(span, Problem):
        return Reading(None, None, "day", "explicit", where, span.code)
    return Reading(span.start, span.end, span.precision, span.category, where)


def _is_date(token: Token) -> bool:
    if token.kind not in _DATES:
        return False
    value = token.value
    if isinstance(value, Mon):
        return value.marked
    if isinstance(value, PD):
        return value.month is not None or value.marked
    return True


def read(folded: str, text: str, today: date, tense: Tense) -> list[Reading]:
    """Every date expression in the message, longest first where two overlap, in text order."""
    tokens = lex(folded, text)
    if not any(t.kind in _ANCHOR_KEYWORDS or t.kind[:3] not in ("kw:", "sym") for t in tokens):
        return []  # only small words ("i", "the", "och"): nothing a date could be built on
    context = Context(today, tense, folded)
    chart = Chart(folded, tokens)
    saturate(chart, GRAMMAR, context)
    readings = []
    for token in select(chart.tokens, _is_date):
        reading = _reading(token, context)
        if reading is not None:
            readings.append(reading)
    return readings

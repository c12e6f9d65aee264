"""Rules for intervals: any two days joined by a range word ("12–14 mars", "30/9–2/10", "from Friday the 11th
until Tuesday the 15th", "today till tomorrow", "den 10:e till 12:e nästa månad", "next month, the 8th to the
9th"), and open ends ("till 2028", "fram till juni 2027", "until June next year")."""

from __future__ import annotations

from typing import Any

from bot.nlu.timegrammar.days import Built
from bot.nlu.timegrammar.engine import Context, Rule, rule
from bot.nlu.timegrammar.periods import span_built
from bot.nlu.timegrammar.values import DNR, PD, PDR, Span, make_date

RANGE = "sym:-|kw:to|kw:and|sym:&"
DAYS = "pd|dom"


def _t_o_m(_: Context, v: list[Any]) -> Built:
    """ "t.o.m." (till och med) is "to", written with stops."""
    return "kw:to", "tom"


def _fill(first: PD, last: PD) -> PDR | None:
    """What one end of a range says and the other leaves out ("12–14 mars": the month; "March 12–14, 2026":
    the year) is the same for both ends."""
    if first.month is None and last.month is not None:
        first = PD(last.year if first.year is None else first.year, last.month, first.day, first.weekday, "explicit")
    if last.month is None and first.month is not None:
        last = PD(first.year, first.month, last.day, last.weekday, "explicit")
    if first.year is None and last.year is not None:
        first = PD(last.year, first.month, first.day, first.weekday, first.category)
    return PDR(first, last)


def _day_number_pd(n: int) -> PD:
    return PD(None, None, n, marked=True)


def _as_pd(value: Any) -> PD:
    return value if isinstance(value, PD) else _day_number_pd(value[0])


def _range(_: Context, v: list[Any]) -> Built:
    if any(isinstance(x, tuple) for x in (v[0], v[-1])) and any(
        isinstance(x, PD) and x.category != "explicit" for x in (v[0], v[-1])
    ):
        return None  # a bare number ends a range only of written dates: "this morning – 6 people" is none
    first, last = _as_pd(v[0]), _as_pd(v[-1])
    if first.month is None and last.month is None and not (first.weekday is not None or last.weekday is not None):
        if isinstance(v[0], tuple) or isinstance(v[-1], tuple):
            return "dnr", DNR(first.day, last.day)
        if not (first.marked and last.marked):
            return None
    filled = _fill(first, last)
    return ("pdr", filled) if filled else None


def _between(c: Context, v: list[Any]) -> Built:
    return _range(c, [v[1], v[-1]])


def _range_with_year(_: Context, v: list[Any]) -> Built:
    pdr: PDR = v[0]
    year = v[-1]
    if year.width != 4 or pdr.last.year is not None or pdr.first.month is None:
        return None
    first = PD(year.n, pdr.first.month, pdr.first.day, pdr.first.weekday)
    last = PD(year.n, pdr.last.month, pdr.last.day, pdr.last.weekday)
    return "pdr", PDR(first, last)


def _days_of_month(_: Context, v: list[Any]) -> Built:
    """ "4 to 22 this month", "den 10:e till 12:e nästa månad", "next month, the 8th to the 9th"."""
    days = next(x for x in v if isinstance(x, DNR))
    month = next(x for x in v if isinstance(x, Span))
    if month.precision != "month" or month.start.month != month.end.month:
        return None
    start = make_date(month.start.year, month.start.month, days.first)
    end = make_date(month.start.year, month.start.month, days.last)
    if start is None or end is None or end < start:
        return None
    return span_built(Span(start, end, "day", "explicit"))


def _until(_: Context, v: list[Any]) -> Built:
    """ "till 2028", "fram till juni 2027", "t.o.m. 15 mars", "until June next year": an end said alone."""
    words = [x for x in v[:-1] if isinstance(x, str)]
    return "until", (" ".join(words), v[-1])


RULES: list[Rule] = [
    rule("t.o.m.", "kw:t_letter ~sym:. ~kw:and ~sym:. ~kw:m_letter", _t_o_m),
    rule("range", f"{DAYS}|dn {RANGE} kw:the? {DAYS}|dn", _range),
    rule("between", f"kw:between {DAYS}|dn kw:and kw:the? {DAYS}|dn", _between),
    rule("range with year", "pdr num", _range_with_year),
    rule("days of a month", "dnr kw:of|kw:in? span:month", _days_of_month),
    rule("month then days", "span:month kw:the? dnr", _days_of_month),
    rule("until", "kw:fram|kw:up? kw:to pd|span:day|span:week|span:month|span:year|year|mon|wd|wk", _until),
]

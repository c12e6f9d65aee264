"""Rules for periods: weeks, months, quarters, years, and days picked out of them.

"this", "next" and "last" count calendar cycles (weeks for weekdays, years for months): "nästa onsdag" is
Wednesday of next week and "last September" is September of last year, however near the coming one is.
That is the project's contract (docs/dates.md), where Duckling counts occurrences instead.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from bot.nlu.timegrammar.days import Built, full
from bot.nlu.timegrammar.engine import Context, Rule, rule
from bot.nlu.timegrammar.values import (
    WD,
    WDR,
    Mon,
    Span,
    in_range,
    make_date,
    monday,
    month_end,
    month_span,
    pick,
    quarter_span,
    week_span,
    year_span,
)

# How many cycles from the current one a word counts.
CYCLE_OFFSET = {"this": 0, "next": 1, "last": -1, "next2": 2, "last2": -2, "coming": 1}


# "förra veckan i mars" is not the last week of March: only "last" and "sista" count from a month's end.
_NOT_FINAL = frozenset({"forra", "past", "previous", "foregaende", "senaste"})


def _offset(word_kind: str) -> int:
    return CYCLE_OFFSET[word_kind]


# The keyword tokens carry the word as typed; the grammar needs its meaning again here.
from bot.nlu.timegrammar.lexicon import KEYWORDS  # noqa: E402


def meaning(word: str) -> str:
    return KEYWORDS.get(word, word)


def span_built(span: Span | None) -> Built:
    if span is None or not (in_range(span.start) and in_range(span.end)):
        return None
    return f"span:{span.precision}", span


def cycle(today: date, unit: str, offset: int, coming: bool = False) -> Span | None:
    """The week, month, quarter, year or weekend `offset` cycles from the current one."""
    if unit == "week":
        return week_span(today + timedelta(weeks=offset))
    if unit == "month":
        first = today.replace(day=1) + relativedelta(months=offset)
        return month_span(first.year, first.month)
    if unit == "quarter":
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) + relativedelta(months=3 * offset)
        return quarter_span(first.year, (first.month - 1) // 3 + 1)
    if unit == "year":
        return year_span(today.year + offset)
    if unit == "weekend":
        if coming:  # "the coming weekend": the next one that has not begun
            offset = 0 if today.weekday() < 5 else 1
        saturday = monday(today) + timedelta(days=5, weeks=offset)
        return Span(saturday, saturday + timedelta(days=1), "day", "relative_week")
    return None


def _cycle_unit(c: Context, v: list[Any]) -> Built:
    """ "nästa vecka", "förra månaden", "this quarter", "next yr", "kommande helg", "the following week"."""
    word, unit = meaning(v[0]), v[-1]
    if unit.form == "plur" or unit.abbrev and unit.name == "week":
        return None
    coming = word == "coming"
    return span_built(cycle(c.today, unit.name, _offset(word), coming))


def _this_unit(c: Context, v: list[Any]) -> Built:
    """ "den här veckan", "i veckan", "i månaden", "i år", "under veckan"."""
    unit = v[-1]
    if v[0] not in ("i", "under", "den"):
        return None  # English "in week 45" and the Swedish particle in "skickas in vecka 12" are not "this week"
    if v[0] != "den" and unit.form != "def" and not (unit.name == "year" and unit.form == "sing"):
        return None
    if unit.abbrev:
        return None
    if unit.name == "weekend" and v[0] == "i":
        # "i helgen" is the weekend just gone in the past tense and the coming (or current) one otherwise.
        span = cycle(c.today, "weekend", 0)
        if span and c.tense == "past" and c.today.weekday() < 5:
            span = cycle(c.today, "weekend", -1)
        return span_built(span)
    return span_built(cycle(c.today, unit.name, 0))


def _the_weekend(c: Context, v: list[Any]) -> Built:
    return span_built(cycle(c.today, "weekend", 0)) if v[-1].form != "plur" else None


def _last_year_fjol(c: Context, v: list[Any]) -> Built:
    return span_built(year_span(c.today.year - 1))


def _after_next(sign: int) -> Any:
    """ "the week after next", "veckan efter nästa", "the month after the next", "the week before last"."""

    def build(c: Context, v: list[Any]) -> Built:
        unit = next(x for x in v if hasattr(x, "name"))
        if unit.form == "plur":
            return None
        return span_built(cycle(c.today, unit.name, 2 * sign))

    return build


# --- numbered weeks ------------------------------------------------------------------------------------


def _iso_monday(year: int, week: int) -> date | None:
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def _across_a_comma(c: Context) -> bool:
    """ "a job shadowing week, 8-12 June": a comma ends the phrase, so the numbers after it are no week's."""
    return "," in c.text[c.start : c.end]


def _week_number(c: Context, v: list[Any]) -> Built:
    """ "vecka 12", "v. 38", "week 45", "wk 40": an ISO week (Monday to Sunday), its year still open."""
    number = v[-1]
    if _across_a_comma(c):
        return None
    if number.width == 0 or number.width > 2 or not 1 <= number.n <= 53:
        return None
    return "wk", (number.n, number.n)


def _week_numbers(c: Context, v: list[Any]) -> Built:
    """ "veckorna 14–15", "weeks 14-15", "v. 12 och 13"."""
    first, last = v[1], v[-1]
    if _across_a_comma(c):
        return None
    if any(n.width == 0 or n.width > 2 or not 1 <= n.n <= 53 for n in (first, last)) or last.n < first.n:
        return None
    return "wk", (first.n, last.n)


def _week_number_range(_: Context, v: list[Any]) -> Built:
    (first, _), (last, _) = v[0], v[-1]
    return ("wk", (first, last)) if last >= first else None


def iso_weeks(first: int, last: int, year: int) -> Span | None:
    start, end = _iso_monday(year, first), _iso_monday(year, last)
    if start is None or end is None:
        return None
    return Span(start, end + timedelta(days=6), "week", "week")


def resolve_weeks(weeks: tuple[int, int], c: Context) -> Span | None:
    """The year of a numbered week: the tense's, else the nearest (a week is "now" until its Sunday)."""
    first, last = weeks
    options = [m for y in (c.today.year - 1, c.today.year, c.today.year + 1) if (m := _iso_monday(y, first))]
    if not options:
        return None
    start = pick(options, c.today, c.tense, lambda d: d + timedelta(days=6))
    return iso_weeks(first, last, start.isocalendar().year)


def _weeks_of_year(_: Context, v: list[Any]) -> Built:
    (first, last), year = v[0], v[-1]
    year_number = year if isinstance(year, int) else year.start.year
    return span_built(iso_weeks(first, last, year_number))


def _nth_week(c: Context, v: list[Any]) -> Built:
    """ "första veckan i oktober 2014", "the third week of 2027", "last week of 2015": weeks of a year are its
    ISO weeks; weeks of a month are the whole Monday-to-Sunday weeks inside it."""
    which, period = v[0], v[-1]
    if which in _NOT_FINAL:
        return None
    nth = -1 if isinstance(which, str) else which
    if isinstance(period, int):
        period = year_span(period)
    elif isinstance(period, Mon):
        period = resolve_month(period, c)
    if period is None or nth == 0 or nth > 5:
        return None
    if period.precision == "year":
        year = period.start.year
        start = _iso_monday(year, date(year, 12, 28).isocalendar().week) if nth == -1 else _iso_monday(year, nth)
        return span_built(week_span(start, "week")) if start else None
    if period.precision != "month":
        return None
    first_monday = period.start + timedelta(days=(7 - period.start.weekday()) % 7)
    if nth == -1:
        last_sunday = period.end - timedelta(days=(period.end.weekday() + 1) % 7)
        start = last_sunday - timedelta(days=6)
    else:
        start = first_monday + timedelta(weeks=nth - 1)
    if start + timedelta(days=6) > period.end:
        return None
    return span_built(Span(start, start + timedelta(days=6), "week", "week"))


def _week_of_day(c: Context, v: list[Any]) -> Built:
    """ "the week of october 7th": the Monday-to-Sunday week that holds the day."""
    from bot.nlu.timegrammar.values import resolve_pd

    day = resolve_pd(v[-1], c)
    return span_built(week_span(day, "week")) if isinstance(day, date) else None


# --- months ------------------------------------------------------------------------------------------------


def resolve_month(mon: Mon, c: Context) -> Span:
    options = [date(y, mon.month, 1) for y in (c.today.year - 1, c.today.year, c.today.year + 1)]
    first = pick(options, c.today, c.tense, month_end)
    return month_span(first.year, first.month)


def _marked_month(_: Context, v: list[Any]) -> Built:
    """ "i mars", "in March", "under mars", "i början av mars", "the end of March": a month said as a date."""
    mon: Mon = v[-1]
    if mon.abbrev:
        return None
    return "mon", Mon(mon.month, True)


def _part_of_period(c: Context, v: list[Any]) -> Built:
    """ "i slutet av nästa vecka", "i början av 2027", "mid next month", "i slutet av året": part of a period
    is dated as the whole period, at its precision, since where in it is not said exactly."""
    period = v[-1]
    if isinstance(period, int):
        return span_built(year_span(period)) if 1900 <= period <= 2100 else None
    if not hasattr(period, "name"):
        return span_built(period) if isinstance(period, Span) else None
    if period.form != "def" and not (period.name == "year" and period.form == "sing"):
        return None
    return span_built(cycle(c.today, period.name, 0))


def _month_of_year(_: Context, v: list[Any]) -> Built:
    """ "oktober 2014", "June 2016", "sept 2026"."""
    mon: Mon = v[0]
    year = v[-1]
    if isinstance(year, int):
        if not 1900 <= year <= 2100:
            return None
        return span_built(month_span(year, mon.month, "month"))
    if year.precision != "year":
        return None
    return span_built(month_span(year.start.year, mon.month))


def _cycle_month(c: Context, v: list[Any]) -> Built:
    """ "nästa mars", "last sept", "this September", "kommande mars": the month in next, last or this year;
    "kommande" is the next one to come."""
    word, mon = meaning(v[0]), v[-1]
    if word == "coming":
        year = c.today.year if mon.month > c.today.month else c.today.year + 1
        return span_built(month_span(year, mon.month))
    return span_built(month_span(c.today.year + _offset(word), mon.month))


def _month_after_next(c: Context, v: list[Any]) -> Built:
    """ "March after next", "nästa mars igen": two years on."""
    mon = v[0] if isinstance(v[0], Mon) else v[1]
    return span_built(month_span(c.today.year + 2, mon.month))


def _month_range(c: Context, v: list[Any]) -> Built:
    """ "mars–maj", "mars 2025 – december 2028", "from March to May"."""
    first, last = v[0], v[-1]
    if any(isinstance(m, Mon) and m.abbrev for m in (first, last)):
        return None
    if isinstance(last, Mon):
        if isinstance(first, Span):
            year = first.start.year if last.month >= first.start.month else first.start.year + 1
            last = month_span(year, last.month)
        else:
            last = resolve_month(last, c)
    if isinstance(first, Mon):
        year = last.start.year if first.month <= last.start.month else last.start.year - 1
        first = month_span(year, first.month)
    if last.end < first.start:
        last = month_span(last.start.year + 1, last.start.month)
    return span_built(Span(first.start, last.end, "month", "month"))


# --- years, decades and quarters ------------------------------------------------------------------------


def _year_said(c: Context, v: list[Any]) -> Built:
    """ "i 2025", "under 2025", "hela 2025", "år 2025", "in 2025", "throughout 2025"."""
    year = v[-1]
    if meaning(v[0]) == "in" and v[0] not in ("i", "in", "under", "during", "hela", "throughout"):
        return None
    return span_built(year_span(year)) if 1900 <= year <= 2100 else None


def _year_alone(c: Context, v: list[Any]) -> Built:
    """A message that is nothing but a year ("2024", the answer to "when?") is that year."""
    if c.text[: c.start].strip(" \t\n.,!?:;") or c.text[c.end :].strip(" \t\n.,!?:;"):
        return None
    return span_built(year_span(v[0])) if 1900 <= v[0] <= 2100 else None


def _month_alone(c: Context, v: list[Any]) -> Built:
    """A message that is nothing but a month name ("mars") is that month."""
    if c.text[: c.start].strip(" \t\n.,!?:;") or c.text[c.end :].strip(" \t\n.,!?:;") or v[0].abbrev:
        return None
    return "mon", Mon(v[0].month, True)


def _year_range(_: Context, v: list[Any]) -> Built:
    """ "från 2025 till 2028", "mellan 2025 och 2028", "under 2025–2026"."""
    first, last = v[1], v[-1]
    if not (1900 <= first <= last <= 2100):
        return None
    return span_built(Span(date(first, 1, 1), date(last, 12, 31), "year", "year"))


def _decade(_: Context, v: list[Any]) -> Built:
    """ "the 1970s", "1970's", "1970-talet"."""
    year = v[0]
    if year % 10 or not 1900 <= year <= 2090:
        return None
    return span_built(Span(date(year, 1, 1), date(year + 9, 12, 31), "year", "year"))


def _quarter_span(c: Context, quarter: int, year: int | None) -> Built:
    if not 1 <= quarter <= 4:
        return None
    year = c.today.year if year is None else year
    return span_built(quarter_span(year, quarter)) if 1900 <= year <= 2100 else None


def _quarter(c: Context, v: list[Any]) -> Built:
    """ "tredje kvartalet", "3:e kvartal", "the 4th qtr of 2018", "the third quarter this year"."""
    year = v[-1]
    if isinstance(year, Span):
        if year.precision != "year":
            return None
        year = year.start.year
    return _quarter_span(c, v[0], year)


def _year_quarter(c: Context, v: list[Any]) -> Built:
    """ "2016 the third quarter"."""
    return _quarter_span(c, v[-2], v[0])


def _q_number(c: Context, v: list[Any]) -> Built:
    """ "Q3", "Q3 2026"."""
    return _quarter_span(c, v[1].n, v[-1]) if v[1].width == 1 else None


# --- seasons ------------------------------------------------------------------------------------------------


def season_span(season: str, year: int) -> Span:
    """A season as three whole months (precision month): "våren 2027" is March to May 2027."""
    from bot.nlu.timegrammar.lexicon import SEASON_MONTHS

    first = date(year, SEASON_MONTHS[season], 1)
    return Span(first, month_end(first + relativedelta(months=2)), "month", "month")


def _season_said(c: Context, v: list[Any]) -> Built:
    """ "under våren", "i höst", "in the summer", "i våras": the one the tense points to, else the nearest;
    "i våras" is the last one. ("i vår" is also "in our", so the bare Swedish "vår" needs more than "i".)"""
    season, form = v[-1]
    if form == "base" and v[0] == "i" and season == "spring":
        return None
    tense = "past" if form == "s" else c.tense
    years = (c.today.year - 1, c.today.year, c.today.year + 1)
    if season == "winter" and form != "s":
        return None  # which winter "i vinter" is depends on the month; asked rather than guessed
    options = [season_span(season, y).start for y in years]
    start = pick(options, c.today, tense, lambda d: month_end(d + relativedelta(months=2)))
    return span_built(season_span(season, start.year))


def _season_of_year(_: Context, v: list[Any]) -> Built:
    """ "våren 2027", "spring 2027", "hösten nästa år"."""
    (season, form), year = v[0], v[-1]
    if season == "winter" or form == "s":
        return None
    year_number = year if isinstance(year, int) else year.start.year if year.precision == "year" else None
    if year_number is None or not 1900 <= year_number <= 2100:
        return None
    return span_built(season_span(season, year_number))


def _cycle_season(c: Context, v: list[Any]) -> Built:
    """ "nästa vår", "förra hösten", "this summer": in next, last or this year."""
    word, (season, form) = meaning(v[0]), v[-1]
    if season == "winter" or form == "s" or word == "coming":
        return None
    return span_built(season_span(season, c.today.year + _offset(word)))


# --- days picked out of months and weeks ------------------------------------------------------------------


def _nth_weekday(c: Context, v: list[Any]) -> Built:
    """ "första tisdagen i oktober", "last Monday of March", "sista söndag i mars 2014", "the first friday in
    this month"; without a year the month is the nearest one in which that day falls (or the tense's)."""
    which, weekday, period = v[0], v[1], v[-1]
    if weekday.form in ("s", "plur") or which in _NOT_FINAL:
        return None
    nth = -1 if isinstance(which, str) else which
    if nth == 0 or nth > 5:
        return None

    def in_month(first: date) -> date | None:
        if nth == -1:
            last = month_end(first)
            return last - timedelta(days=(last.weekday() - weekday.day) % 7)
        day = first + timedelta(days=(weekday.day - first.weekday()) % 7, weeks=nth - 1)
        return day if day.month == first.month else None

    if isinstance(period, Mon):
        options = [
            d for y in (c.today.year - 1, c.today.year, c.today.year + 1) if (d := in_month(date(y, period.month, 1)))
        ]
        return full(pick(options, c.today, c.tense), "explicit") if options else None
    if not isinstance(period, Span) or period.precision != "month" or period.start.month != period.end.month:
        return None
    return full(in_month(period.start), "explicit")


def _nth_weekday_this_month(c: Context, v: list[Any]) -> Built:
    """ "den andra söndagen", "first Sunday", "third Tuesday": of this month."""
    return _nth_weekday(c, [v[-2], v[-1], month_span(c.today.year, c.today.month)])


def _nth_day(c: Context, v: list[Any]) -> Built:
    """ "tredje dagen i oktober", "last day of october 2015", "sista dagen i oktober"."""
    which, unit, period = v[0], v[1], v[-1]
    if unit.form == "plur" or which in _NOT_FINAL:
        return None
    nth = -1 if isinstance(which, str) else which

    def in_month(first: date) -> date | None:
        return month_end(first) if nth == -1 else make_date(first.year, first.month, nth)

    if isinstance(period, Mon):
        options = [
            d for y in (c.today.year - 1, c.today.year, c.today.year + 1) if (d := in_month(date(y, period.month, 1)))
        ]
        return full(pick(options, c.today, c.tense), "explicit") if options else None
    if not isinstance(period, Span) or period.precision != "month" or period.start.month != period.end.month:
        return None
    return full(in_month(period.start), "explicit")


def weekday_in_week(week: Span, day: int) -> date:
    return week.start + timedelta(days=day)


def _weekday_of_week(c: Context, v: list[Any]) -> Built:
    """ "onsdag nästa vecka", "söndag i förra veckan", "wednesday of next week", "på fredag nästa vecka",
    "tisdag vecka 12", and the other order, "next week on Friday", "last week's sunday"."""
    wd = next(x for x in v if isinstance(x, (WD, WDR)))
    week = next(x for x in v if isinstance(x, Span))
    if week.precision != "week" or week.end - week.start != timedelta(days=6):
        return None
    if isinstance(wd, WD):
        if wd.how == "i-s":
            return None
        return full(weekday_in_week(week, wd.day), week.category if week.category == "week" else "relative")
    if wd.how == "i-s":
        return None
    start, end = weekday_in_week(week, wd.first), weekday_in_week(week, wd.last)
    if end < start:
        return None
    return span_built(Span(start, end, "day", "explicit" if week.category == "week" else "relative"))


def this_weeks(day: int, today: date) -> date:
    return monday(today) + timedelta(days=day)


def _cycle_weekday(c: Context, v: list[Any]) -> Built:
    """ "nästa torsdag", "förra söndagen", "this Friday", "kommande fredag", "nästa torsdag och fredag"."""
    word, wd = meaning(v[0]), v[-1]
    if wd.how not in ("bare",):
        return None
    first = wd.day if isinstance(wd, WD) else wd.first
    if word == "coming":
        start = c.today + timedelta(days=(first - c.today.weekday()) % 7 or 7)
    else:
        start = this_weeks(first, c.today) + timedelta(weeks=_offset(word))
        if word == "this" and c.tense == "future" and start < c.today:
            start += timedelta(weeks=1)
    if isinstance(wd, WD):
        return full(start)
    end = start + timedelta(days=(wd.last - wd.first) % 7)
    return span_built(Span(start, end, "day", "relative"))


def _weekday_after_next(c: Context, v: list[Any]) -> Built:
    """ "wednesday after next", "nästa onsdag igen": Wednesday of the week after next."""
    wd = next(x for x in v if isinstance(x, WD))
    if wd.how != "bare":
        return None
    return full(this_weeks(wd.day, c.today) + timedelta(weeks=2))


CYCLE = "kw:this|kw:next|kw:last|kw:coming|kw:next2|kw:last2"
UNITS = "unit:week|unit:month|unit:quarter|unit:year|unit:weekend"
WEEK_SPANS = "span:week"

RULES: list[Rule] = [
    rule("this/next/last unit", f"{CYCLE} {UNITS}", _cycle_unit),
    rule("den här unit", f"kw:the kw:here {UNITS}", lambda c, v: _this_unit(c, ["den", v[-1]])),
    rule("i unit", f"kw:in {UNITS}", _this_unit),
    rule("the weekend", "kw:the|kw:on unit:weekend", _the_weekend),
    rule("i fjol", "kw:in? kw:fjol", _last_year_fjol),
    rule("unit after next", f"kw:the? {UNITS} kw:after kw:the? kw:next", _after_next(1)),
    rule("unit before last", f"kw:the? {UNITS} kw:before kw:last", _after_next(-1)),
    rule("week number", "unit:week num", _week_number),
    rule("week numbers", "unit:week num sym:-|kw:to|kw:and num", _week_numbers),
    rule("week number range", "wk sym:-|kw:to|kw:and wk", _week_number_range),
    rule("weeks of year", "wk kw:of|kw:in? year|span:year", _weeks_of_year),
    rule("nth week", "ord|kw:last|kw:final unit:week kw:of|kw:in? year|span:year|span:month|mon", _nth_week),
    rule("week of day", "kw:the? unit:week kw:of pd", _week_of_day),
    rule("marked month", "kw:in|kw:early mon", _marked_month),
    rule("beginning of month", "kw:in? kw:the? kw:beginning|kw:end kw:of mon", _marked_month),
    rule(
        "part of a period",
        "kw:in? kw:the? kw:beginning|kw:end kw:of kw:the? span:week|span:month|span:year|year|unit:week|unit:month|unit:year",
        _part_of_period,
    ),
    rule("month of year", "mon kw:of|kw:in? year|span:year", _month_of_year),
    rule("this/next/last month name", f"{CYCLE} mon", _cycle_month),
    rule("month after next", "mon kw:after kw:the? kw:next", _month_after_next),
    rule("next month again", "kw:next mon kw:again", _month_after_next),
    rule("month range", "mon|span:month sym:-|kw:to mon|span:month", _month_range),
    rule("year said", "kw:in|kw:year_word year", _year_said),
    rule(
        "early in a year", "kw:early year", lambda c, v: span_built(year_span(v[-1])) if 1900 <= v[-1] <= 2100 else None
    ),
    rule("year alone", "year", _year_alone),
    rule("month alone", "month", _month_alone),
    rule("year range", "kw:from|kw:between|kw:in year sym:-|kw:to|kw:and year", _year_range),
    rule("decade", "year ~sym:'? ~kw:s", _decade),
    rule("decade, Swedish", "year ~sym:- ~kw:talet", _decade),
    rule("quarter", "kw:the? ord unit:quarter kw:of|kw:in? year|span:year", lambda c, v: _quarter(c, v[1:])),
    rule("quarter of this year", "kw:the? ord unit:quarter", lambda c, v: _quarter_span(c, v[1], None)),
    rule("year quarter", "year kw:the? ord unit:quarter", _year_quarter),
    rule("Q3", "kw:q ~num year?", _q_number),
    rule("season", "kw:in kw:the? season", _season_said),
    rule("season of year", "season kw:of|kw:in? year|span:year", _season_of_year),
    rule("this/next/last season", f"{CYCLE} season", _cycle_season),
    rule("nth weekday of month", "ord|kw:last|kw:final wday kw:of|kw:in mon|span:month", _nth_weekday),
    rule("nth weekday of this month", "ord wday", _nth_weekday_this_month),
    rule("nth day of month", "ord|kw:last|kw:final unit:day kw:of|kw:in mon|span:month", _nth_day),
    rule("weekday of week", f"wd|wdr kw:in|kw:of|kw:from? {WEEK_SPANS}", _weekday_of_week),
    rule("week then weekday", f"{WEEK_SPANS} kw:on|kw:from? wd|wdr", _weekday_of_week),
    rule("week's weekday", f"{WEEK_SPANS} ~sym:' ~kw:s wd", _weekday_of_week),
    rule("this/next/last weekday", f"{CYCLE} wd|wdr", _cycle_weekday),
    rule("weekday after next", "wd kw:after kw:next", _weekday_after_next),
    rule("next weekday again", "kw:next wd kw:again", _weekday_after_next),
]

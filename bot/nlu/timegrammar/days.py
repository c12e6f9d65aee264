"""Rules for single days: day numbers, day and month, numeric dates, weekdays and days named from today."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from bot.nlu.timegrammar.engine import Context, Rule, rule
from bot.nlu.timegrammar.lexicon import LEXICON, MonthWord, Num, Weekday
from bot.nlu.timegrammar.values import (
    PD,
    WD,
    WDR,
    Mon,
    Problem,
    in_range,
    make_date,
    month_span,
    possible,
    two_digit_year,
)

Built = tuple[str, Any] | None


def full(day: date | None, category: str = "relative") -> Built:
    if day is None or not in_range(day):
        return None
    return "pd", PD(day.year, day.month, day.day, category=category)  # type: ignore[arg-type]


# --- numbers -------------------------------------------------------------------------------------------


def _compound_ordinal(_: Context, v: list[Any]) -> Built:
    """ "twenty-first", "thirty first": the tens as a word, then an ordinal."""
    tens, unit = v[0], v[-1]
    if tens.width == 0 and tens.n in (20, 30) and 1 <= unit <= 9:
        return "ord", tens.n + unit
    return None


def _compound_cardinal(_: Context, v: list[Any]) -> Built:
    tens, unit = v[0], v[-1]
    if tens.width == 0 and unit.width == 0 and tens.n in (20, 30) and 1 <= unit.n <= 9:
        return "num", Num(tens.n + unit.n)
    return None


def _vague_count(_: Context, v: list[Any]) -> Built:
    """ "ett par", "a couple of", "a few": an article before a vague count."""
    if v[0].article and v[1].width == 0 and v[1].n in (2, 3):
        return "num", Num(v[1].n)
    return None


def _day_number(_: Context, v: list[Any]) -> Built:
    value = v[0]
    if isinstance(value, Num):
        if value.article or value.width > 2 or not 1 <= value.n <= 31:
            return None
        return "dn", (value.n, False)
    return ("dn", (value, True)) if 1 <= value <= 31 else None


def _year(_: Context, v: list[Any]) -> Built:
    value: Num = v[0]
    return ("year", value.n) if value.width == 4 else None


_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def _marked_day(c: Context, v: list[Any]) -> Built:
    """ "den 15:e", "den 15", "the 15th", "the first": a day number said as a date. After "the" only an
    ordinal counts ("the 2 of us" is no date); Swedish writes "den 15" for the 15th."""
    the, (n, ordinal) = v[0], v[1]
    if not ordinal and the != "den":
        return None
    if not ordinal and (following := _NEXT_WORD.match(c.text, c.end)):
        readings = LEXICON.get(following.group(1), ())
        if not readings or any(kind.startswith("unit:") for kind, _ in readings):
            return None  # "den 3 personer", "den 2 veckor långa kursen": a count, not the 3rd
    return "dom", PD(None, None, n, category="bare_day", marked=True)


# --- day and month ---------------------------------------------------------------------------------------


def _day_month(c: Context, v: list[Any]) -> Built:
    (n, _ordinal), month = v[0], v[-1]
    if c.start > 0 and c.text[c.start - 1] in "/.":
        return None  # the end of a numeric date ("2/12 mars" is no 12 March)
    return _md(n, month.month)


def _md(day: int, month: int) -> Built:
    if not possible(month, day):
        return "problem", Problem("impossible_date")
    return "pd", PD(None, month, day)


def _marked_day_month(_: Context, v: list[Any]) -> Built:
    return _md(v[0].day, v[-1].month)


_NUMERIC_CONTINUES = re.compile(r"[/.]\d")


def _month_day(c: Context, v: list[Any]) -> Built:
    """ "februari 15", "march 3rd", "Feb13", "Jul 18" — not the start of a numeric date ("jul, 18/12")."""
    month, (n, _ordinal) = v[0], v[-1]
    if _NUMERIC_CONTINUES.match(c.text, c.end) or month.also_a_word and "," in c.text[c.start : c.end]:
        return None
    return _md(n, month.month)


def _month_marked_day(_: Context, v: list[Any]) -> Built:
    return _md(v[-1].day, v[0].month)


def _with_year(_: Context, v: list[Any]) -> Built:
    """ "3 mars 2015", "April 14, 2015". A four-digit number after a date is its year; one no activity can
    have ("5 december 1391") makes the date impossible rather than leaving a year to be guessed."""
    pd, number = v[0], v[-1]
    if pd.year is not None or pd.month is None or number.width != 4:
        return None
    day = make_date(number.n, pd.month, pd.day)
    if day is None or not in_range(day):
        return "problem", Problem("impossible_date")
    return "pd", PD(day.year, day.month, day.day, pd.weekday)


_END_OF_PHRASE = re.compile(r"\s*(?:$|[.,;!?)])")


def _with_short_year(c: Context, v: list[Any]) -> Built:
    """ "fjortonde april 15", "14th April 15": a two-digit year after a day-first date, when the message or
    the phrase ends there (so "12 mars 15 deltagare" keeps its 15 participants)."""
    (n, _ordinal), month, number = v[0], v[-2], v[-1]
    if number.width != 2 or not _END_OF_PHRASE.match(c.text, c.end):
        return None
    return _numeric_full(two_digit_year(number.n, c.today), month.month, n)


def _numeric_full(year: int, month: int, day: int) -> Built:
    if not possible(month, day) and 1 <= month <= 12:
        return "problem", Problem("impossible_date")
    found = make_date(year, month, day)
    if found is None:
        return None
    if not in_range(found):
        return "problem", Problem("impossible_date")
    return "pd", PD(found.year, found.month, found.day)


# --- numeric dates -------------------------------------------------------------------------------------


def _ymd(_: Context, v: list[Any]) -> Built:
    """2015-03-03, 2015-3-3, 2016/12/01, 2015.5.13: year first, then month, then day."""
    year, month, day = v[0], v[2], v[4]
    if year.width != 4 or month.width > 2 or day.width > 2:
        return None
    return _numeric_full(year.n, month.n, day.n)


def _y_month_d(_: Context, v: list[Any]) -> Built:
    """2019-sep-1, 2019/sep/01."""
    year, month, day = v[0], v[2], v[4]
    if year.width != 4 or day.width > 2:
        return None
    return _numeric_full(year.n, month.month, day.n)


def _day_first(a: int, b: int) -> tuple[int, int] | None:
    """(month, day) of two numbers written day first, Swedish style ("3/5" is 3 May), unless only the
    other order is a date ("2/15", "10/31": the 15th and the 31st cannot be months)."""
    if 1 <= b <= 12 and 1 <= a <= 31:
        return b, a
    if 1 <= a <= 12 and 13 <= b <= 31:
        return a, b
    return None


def _dmy(c: Context, v: list[Any]) -> Built:
    """3/3/2015, 31-10-74, 21.04.2016, 9-18-15, 02/22/2016: day first unless the numbers only fit month first."""
    a, separator, b, separator2, y = v
    if separator != separator2 or a.width > 2 or b.width > 2 or y.width not in (2, 4):
        return None
    order = _day_first(a.n, b.n)
    if order is None:
        return ("problem", Problem("impossible_date")) if a.n <= 31 and b.n <= 31 else None
    year = y.n if y.width == 4 else two_digit_year(y.n, c.today)
    return _numeric_full(year, *order)


_FRACTION_FOLLOWERS = re.compile(
    r"\s*(?:av|of|dels?|parts?|dag|dagar|days?|timme|timmar|hours?|procent|per|kr|sek|eur|euro|personer|people)\b"
)


def _dm(c: Context, v: list[Any]) -> Built:
    """2/5, 15/02, 2/15 — a day and month without year ("3/4 av deltagarna" is a fraction, not a date)."""
    a, _, b = v
    if a.width == 0 or b.width == 0 or a.width > 2 or b.width > 2:
        return None
    if c.start > 0 and c.text[c.start - 1] in "0123456789/.,":
        return None
    if _FRACTION_FOLLOWERS.match(c.text, c.end) or c.text[c.end : c.end + 1] == "/":
        return None
    order = _day_first(a.n, b.n)
    if order is None:
        return None
    return "pd", PD(None, *order)


def _dm_dash(c: Context, v: list[Any]) -> Built:
    """15-02: with a dash, only a zero-padded day-month reads as a date; "2-15", "9-12", "13-15" are more
    often ranges of days or hours than dates."""
    a, _, b = v
    if a.width != 2 or b.width != 2 or not (a.n < 10 or b.n < 10):
        return None
    if c.text[c.end : c.end + 1] in ("/", "-", "."):
        return None
    if not (1 <= b.n <= 12 and possible(b.n, a.n)):
        return None
    return "pd", PD(None, b.n, a.n)


def _year_month(c: Context, v: list[Any]) -> Built:
    """2015-3, 2015/3, 2015.3 and 3/2015: a month of a year."""
    first, _, second = v
    year, month = (first, second) if first.width == 4 else (second, first)
    if year.width != 4 or month.width not in (1, 2) or not 1 <= month.n <= 12 or not 1900 <= year.n <= 2100:
        return None
    if c.text[c.end : c.end + 1] in ("/", "-", ".") and c.text[c.end + 1 : c.end + 2].isdigit():
        return None
    return "span:month", month_span(year.n, month.n, "explicit")


# --- weekdays --------------------------------------------------------------------------------------------


def _weekday(_: Context, v: list[Any]) -> Built:
    day: Weekday = v[0]
    return ("wd", WD(day.day)) if day.form in ("base", "def") else None


def _i_weekday_s(_: Context, v: list[Any]) -> Built:
    """ "i tisdags": the most recent Tuesday."""
    word, day = v[0], v[-1]
    return ("wd", WD(day.day, "i-s")) if word == "i" and day.form == "s" else None


def _on_weekday(_: Context, v: list[Any]) -> Built:
    """ "på fredag" is the coming Friday; "on Friday" follows the tense."""
    word, day = v[0], v[-1]
    if isinstance(day, Weekday):
        if day.form not in ("base", "def"):
            return None
        day = WD(day.day)
    if day.how != "bare":
        return None
    return "wd", WD(day.day, "pa" if word == "pa" else "on")


def _weekday_range(_: Context, v: list[Any]) -> Built:
    """ "ons–fre", "Monday to Wednesday", "torsdag och fredag", "måndags och tisdags"."""
    first, last = v[0], v[-1]
    if first.form == "s" and last.form in ("s", "base"):
        return "wdr", WDR(first.day, last.day, "s")
    if first.form in ("base", "def") and last.form in ("base", "def"):
        return "wdr", WDR(first.day, last.day)
    return None


def _between_weekdays(c: Context, v: list[Any]) -> Built:
    return _weekday_range(c, [v[1], v[-1]])


def _i_weekday_range(_: Context, v: list[Any]) -> Built:
    word, days = v[0], v[-1]
    if word != "i" or days.how != "s":
        return None
    return "wdr", WDR(days.first, days.last, "i-s")


def _weekday_with_date(_: Context, v: list[Any]) -> Built:
    """ "Måndag den 18 februari", "Fri, Jul 18", "Tuesday the 19th", "Thu 15th": a weekday said with a date
    must agree with it, and chooses among the dates it leaves open (the year, or the month)."""
    weekday: Weekday = v[0]
    pd: PD = v[-1]
    if weekday.form == "plur" or weekday.form == "s" or pd.weekday is not None:
        return None
    return "pd", PD(pd.year, pd.month, pd.day, weekday.day, pd.category, pd.marked)


def _date_with_weekday(c: Context, v: list[Any]) -> Built:
    return _weekday_with_date(c, [v[-1], v[0]])


def _weekday_ordinal(_: Context, v: list[Any]) -> Built:
    """ "Tuesday 19th", "Thu 15th", "Friday the fifteen": a weekday and a day number make a day."""
    weekday: Weekday = v[0]
    the = v[1] if len(v) == 3 else None
    n, ordinal = v[-1]
    if weekday.form in ("plur", "s") or not (ordinal or the is not None):
        return None
    return "pd", PD(None, None, n, weekday.day, "bare_day", marked=True)


# --- days named from today -------------------------------------------------------------------------------


def _relative_day(c: Context, v: list[Any]) -> Built:
    offset = v[-1] if isinstance(v[-1], int) else 0
    return full(c.today + timedelta(days=offset))


def _i_word(offset: int) -> Any:
    def build(c: Context, v: list[Any]) -> Built:
        if v[0] != "i":
            return None
        return full(c.today + timedelta(days=offset))

    return build


def _i_dag(c: Context, v: list[Any]) -> Built:
    if v[0] != "i" or v[1].form != "sing" or v[1].abbrev:
        return None
    return full(c.today)


def _this_part_of_day(c: Context, v: list[Any]) -> Built:
    return full(c.today) if v[0] in ("this", "denna", "detta") else None


def _last_night(c: Context, v: list[Any]) -> Built:
    return full(c.today - timedelta(days=1)) if v[0] == "last" else None


def _day_beside(sign: int) -> Any:
    """ "the day after tomorrow", "the day before yesterday", "dagen efter imorgon"."""

    def build(c: Context, v: list[Any]) -> Built:
        if v[-3].form != "sing" and v[-3].form != "def":
            return None
        return full(c.today + timedelta(days=v[-1] + sign))

    return build


def _next_day(c: Context, v: list[Any]) -> Built:
    """ "nästa dag", "the next day", "this day": counted from today when no other day is near (docs/dates.md)."""
    word, unit = v[0], v[-1]
    if unit.form == "plur":
        return None
    if word in ("this", "denna", "detta", "current"):
        return full(c.today)
    return full(c.today + timedelta(days=1))


def _month_word(_: Context, v: list[Any]) -> Built:
    month: MonthWord = v[0]
    return None if month.also_a_word else ("mon", Mon(month.month, False, month.abbrev))


RULES: list[Rule] = [
    rule("compound ordinal", "num ~sym:- ~ord", _compound_ordinal),
    rule("compound ordinal, spaced", "num ord", _compound_ordinal),
    rule("compound cardinal", "num ~sym:- ~num", _compound_cardinal),
    rule("compound cardinal, spaced", "num num", _compound_cardinal),
    rule("vague count", "num num kw:of?", _vague_count),
    rule("day number", "num|ord", _day_number),
    rule("year", "num", _year),
    rule("marked day", "kw:the dn", _marked_day),
    rule("day month", "dn kw:of? month", _day_month),
    rule("marked day month", "dom kw:of? month", _marked_day_month),
    rule("month day", "month kw:the? dn", _month_day),
    rule("month marked day", "month dom", _month_marked_day),
    rule("date with year", "pd num", _with_year),
    rule("date with short year", "dn kw:of? month num", _with_short_year),
    rule("year-month-day", "num ~sym:-|sym:/|sym:. ~num ~sym:-|sym:/|sym:. ~num", _ymd),
    rule("year-monthname-day", "num ~sym:-|sym:/ ~month ~sym:-|sym:/ ~num", _y_month_d),
    rule("day/month/year", "num ~sym:-|sym:/|sym:. ~num ~sym:-|sym:/|sym:. ~num", _dmy),
    rule("day/month", "num sym:/ num", _dm),
    rule("day-month", "num ~sym:- ~num", _dm_dash),
    rule("year-month", "num ~sym:-|sym:/|sym:. ~num", _year_month),
    rule("weekday", "wday", _weekday),
    rule("i weekday-s", "kw:in wday", _i_weekday_s),
    rule("on weekday", "kw:on wday|wd", _on_weekday),
    rule("weekday range", "wday|wdshort sym:-|kw:to|kw:and|sym:& kw:on? wday|wdshort", _weekday_range),
    rule("between weekdays", "kw:between|kw:from wday|wdshort kw:and|kw:to|sym:- wday|wdshort", _between_weekdays),
    rule("i weekday range", "kw:in wdr", _i_weekday_range),
    rule("weekday with date", "wday|wdshort kw:the? pd", _weekday_with_date),
    rule("weekday with marked day", "wday|wdshort dom", _weekday_with_date),
    rule("date with weekday", "pd wday|wdshort", _date_with_weekday),
    rule("weekday with day number", "wday|wdshort kw:the? dn", _weekday_ordinal),
    rule("relative day", "rday", _relative_day),
    rule("i relative day", "kw:in rday", _relative_day),
    rule("i går", "kw:in kw:gar", _i_word(-1)),
    rule("i morgon", "kw:in kw:morgon", _i_word(1)),
    rule("i morse, i kväll", "kw:in kw:day_part", _i_word(0)),
    rule("i dag", "kw:in unit:day", _i_dag),
    rule("this morning", "kw:this kw:day_part", _this_part_of_day),
    rule("last night", "kw:last kw:night", _last_night),
    rule("day after", "kw:the? unit:day kw:after rday", _day_beside(1)),
    rule("day before", "kw:the? unit:day kw:before rday", _day_beside(-1)),
    rule("next day", "kw:next|kw:this unit:day", _next_day),
    rule("month word", "month", _month_word),
]

"""Rules for time counted from today: durations ("för två år sedan", "om tre veckor", "two weeks from now",
"2 thursdays ago", "om två arbetsdagar") and spans counted in whole units ("nästa 3 veckor", "last 2 days",
"inom 2 veckor", "rest of the month", "by EOM")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.nlu.timegrammar.days import Built, full
from bot.nlu.timegrammar.engine import Context, Rule, rule
from bot.nlu.timegrammar.lexicon import Num, Unit, Weekday
from bot.nlu.timegrammar.periods import cycle, meaning, span_built
from bot.nlu.timegrammar.values import (
    PD,
    Dur,
    Problem,
    Span,
    add_working_days,
    in_range,
    make_date,
    month_end,
    resolve_pd,
)

_UNIT_DURATION = {
    "day": lambda n: Dur(days=n, finest="day"),
    "week": lambda n: Dur(weeks=n, finest="week"),
    "fortnight": lambda n: Dur(weeks=2 * n, finest="week"),
    "month": lambda n: Dur(months=n, finest="month"),
    "quarter": lambda n: Dur(months=3 * n, finest="month"),
    "year": lambda n: Dur(years=n, finest="year"),
}


def _duration(_: Context, v: list[Any]) -> Built:
    """ "3 veckor", "två år", "a week", "en dag", "a fortnight", "ett par veckor", "3year"."""
    count: Num = v[0]
    unit: Unit = v[-1]
    if unit.abbrev and unit.name == "week" or unit.name not in _UNIT_DURATION or count.width > 3:
        return None
    if count.article and unit.form == "plur":
        return None
    return "dur", _UNIT_DURATION[unit.name](count.n)


def _sum(_: Context, v: list[Any]) -> Built:
    """ "2 år 1 månad och 21 dagar", "1 month, 21 days": a duration in several units."""
    first, second = v[0], v[-1]
    order = ("day", "week", "month", "year")
    if order.index(first.finest) <= order.index(second.finest):
        return None  # larger units come first
    return "dur", first + second


def moved(today: date, duration: Dur, sign: int, anchored: bool = False) -> Built:
    """today ± duration. A count of years alone ("för två år sedan", "two years hence") names the month it
    lands in, since a day would claim more than was said; counted from a day ("3 years from today") it
    names that day."""
    day = today + sign * duration.delta()
    if not in_range(day):
        return None
    if duration.finest == "year" and not anchored:
        return span_built(Span(*_month_bounds(day), "month", "relative"))
    return full(day)


def _month_bounds(day: date) -> tuple[date, date]:
    return day.replace(day=1), month_end(day)


def _ago(c: Context, v: list[Any]) -> Built:
    """ "för tre veckor sedan", "7 dagar sedan", "a fortnight ago", "two years ago"."""
    duration = next(x for x in v if isinstance(x, Dur))
    return moved(c.today, duration, -1)


def _in(c: Context, v: list[Any]) -> Built:
    """ "om 3 veckor", "in a week", "om en dag". Swedish "i 3 dagar" is how long, not when, so only "om" and
    English "in" count."""
    if v[0] not in ("om", "in"):
        return None
    return moved(c.today, v[1], 1)


def _from_now(c: Context, v: list[Any]) -> Built:
    """ "två veckor från nu", "3 years from today", "a day from right now", "om två veckor från nu"."""
    duration = next(x for x in v if isinstance(x, Dur))
    anchor = v[-1]
    if isinstance(anchor, int) and anchor != 0:
        return None
    return moved(c.today, duration, 1, anchored=not isinstance(anchor, str))


def _hence(c: Context, v: list[Any]) -> Built:
    return moved(c.today, v[0], 1)


def _later(c: Context, v: list[Any]) -> Built:
    """ "2 år och 21 dagar senare", "2 years 21 days later": from today when nothing else is the anchor."""
    return moved(c.today, v[0], 1, anchored=True)


def _around_day(sign: int) -> Any:
    """ "två dagar efter idag", "fyra dagar före igår", "3 days after 12 March"."""

    def build(c: Context, v: list[Any]) -> Built:
        duration: Dur = v[0]
        anchor = resolve_pd(v[-1], c)
        if not isinstance(anchor, date):
            return None
        return moved(anchor, duration, sign, anchored=True)

    return build


def _weekday_count(_: Context, v: list[Any]) -> Built:
    count: Num = v[0]
    weekday: Weekday = v[-1]
    if weekday.form != "plur" and not (count.n == 1 and weekday.form in ("base", "def")):
        return None
    return "wdcount", (count.n, weekday.day)


def _weekdays_ago(c: Context, v: list[Any]) -> Built:
    """ "2 thursdays ago": the second Thursday before today."""
    n, day = v[0]
    last = c.today - timedelta(days=(c.today.weekday() - day) % 7 or 7)
    return full(last - timedelta(weeks=n - 1))


def _weekdays_ahead(c: Context, v: list[Any]) -> Built:
    """ "två söndagar från nu", "om två söndagar": the second Sunday after today."""
    n, day = next(x for x in v if isinstance(x, tuple))
    following = c.today + timedelta(days=(day - c.today.weekday()) % 7 or 7)
    return full(following + timedelta(weeks=n - 1))


def _working_days(_: Context, v: list[Any]) -> Built:
    count: Num = v[0]
    unit: Unit = v[-1]
    if unit.name == "day" and not any(isinstance(x, str) for x in v[1:-1]):
        return None
    return "bizdur", count.n


def _in_working_days(c: Context, v: list[Any]) -> Built:
    """ "om två arbetsdagar", "in 3 business days": weekends and Swedish public holidays do not count."""
    if v[0] not in ("om", "in"):
        return None
    return full(add_working_days(c.today, v[-1]))


def _counted(c: Context, v: list[Any]) -> Built:
    """ "nästa 3 veckor", "senaste två dagar", "past 2 weeks", "next 3 months": whole units before or after the
    current one ("last 2 weeks" on a Tuesday is the two Monday-to-Sunday weeks before this one)."""
    word, count, unit = meaning(v[0]), v[1], v[-1]
    if count.article or unit.name not in ("day", "week", "month", "year") or unit.abbrev and unit.name == "week":
        return None
    n = count.n
    if not 1 <= n <= 100:
        return None
    sign = 1 if word in ("next", "coming") else -1
    if word not in ("next", "coming", "last"):
        return None
    near = cycle(c.today, unit.name, sign) if unit.name != "day" else None
    if unit.name == "day":
        first = c.today + timedelta(days=sign)
        far = c.today + timedelta(days=sign * n)
        start, end = min(first, far), max(first, far)
        return span_built(Span(start, end, "day", "relative"))
    assert near is not None
    far_span = cycle(c.today, unit.name, sign * n)
    assert far_span is not None
    start, end = (near.start, far_span.end) if sign > 0 else (far_span.start, near.end)
    return span_built(Span(start, end, near.precision, "relative" if unit.name != "year" else "year"))


def _within(c: Context, v: list[Any]) -> Built:
    """ "inom 2 veckor", "within 2 weeks": from today to the day before that much later."""
    duration: Dur = v[-1]
    end = c.today + duration.delta() - timedelta(days=1)
    return span_built(Span(c.today, max(end, c.today), "day", "relative"))


def _rest_of(c: Context, v: list[Any]) -> Built:
    """ "resten av veckan", "rest of the month", "rest of my week": today to the end of the current one."""
    unit: Unit = v[-1]
    if unit.form == "plur" or unit.name not in ("week", "month", "year"):
        return None
    span = cycle(c.today, unit.name, 0)
    return span_built(Span(c.today, span.end, "day", "relative")) if span else None


def _by_end(c: Context, v: list[Any]) -> Built:
    """ "by EOM", "by the end of next month", "by the end of the year": from today to that end."""
    target = v[-1]
    if isinstance(target, str):
        span = cycle(c.today, "month" if target == "eom" else "year", 0)
    elif isinstance(target, Unit):
        span = cycle(c.today, target.name, 0) if target.form != "plur" else None
    else:
        span = target
    if span is None or span.end < c.today:
        return None
    return span_built(Span(c.today, span.end, "day", "relative"))


def _month_day_of(c: Context, v: list[Any]) -> Built:
    """ "den 20 nästa månad", "the 20th of next month", "20th of next month": a day of a month said relatively."""
    day = v[0].day if isinstance(v[0], PD) else v[0][0]
    month: Span = v[-1]
    if month.precision != "month" or month.start.month != month.end.month:
        return None
    found = make_date(month.start.year, month.start.month, day)
    return full(found, "explicit") if found else ("problem", Problem("impossible_date"))


RULES: list[Rule] = [
    rule("duration", "num kw:of? unit:day|unit:week|unit:month|unit:year|unit:quarter|unit:fortnight", _duration),
    rule("duration sum", "dur kw:and|sym:&? dur", _sum),
    rule("ago", "kw:for? dur kw:ago", _ago),
    rule("in", "kw:om|kw:in dur", _in),
    rule("from now", "kw:om? dur kw:from kw:right? kw:now|rday", _from_now),
    rule("hence", "dur kw:hence", _hence),
    rule("later", "dur kw:later", _later),
    rule("after a day", "dur kw:after pd", _around_day(1)),
    rule("before a day", "dur kw:before pd", _around_day(-1)),
    rule("weekday count", "num wday", _weekday_count),
    rule("weekdays ago", "wdcount kw:ago", _weekdays_ago),
    rule("weekdays from now", "wdcount kw:from kw:now", _weekdays_ahead),
    rule("in weekdays", "kw:om wdcount", _weekdays_ahead),
    rule("working days", "num kw:business? unit:workday|unit:day", _working_days),
    rule("in working days", "kw:om|kw:in bizdur", _in_working_days),
    rule("counted units", "kw:next|kw:coming|kw:last num unit:day|unit:week|unit:month|unit:year", _counted),
    rule("within", "kw:within dur", _within),
    rule("rest of", "kw:rest kw:of? kw:the|kw:this|kw:my? unit:week|unit:month|unit:year", _rest_of),
    rule("by end", "kw:by kw:eom|kw:eoy", _by_end),
    rule("by the end of", "kw:by kw:the? kw:end kw:of kw:the? unit:week|unit:month|unit:year", _by_end),
    rule("by the end of a month", "kw:by kw:the? kw:end kw:of span:month|span:year|span:week", _by_end),
    rule("day of relative month", "dom|dn kw:of|kw:in? span:month", _month_day_of),
]

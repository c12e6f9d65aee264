"""Dates in Swedish and English chat messages, relative to a reference day.

Staff write dates the way they speak: "12–14 mars", "2/5", "i tisdags", "vecka 38", "last Wednesday",
"from the 2nd to the 4th of September", "next Thursday and Friday". General date libraries are built for
one date in a sentence and get most of these wrong (dateparser finds almost no ranges and guesses the
year without looking at tense), so the expressions are recognised here and the arithmetic is left to
python-dateutil.

A date without a year takes its year from the tense of the message ("var", "attended" → the past;
"ska", "will" → the future) and otherwise from the nearest occurrence. All matching runs on folded text
(`bot.nlu.text.fold`), so "igar" is "igår" and "mandags" is "måndags".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

from bot.nlu.text import fold, rx

Tense = Literal["past", "future"] | None
Precision = Literal["day", "week", "month"]
ProblemCode = Literal["impossible_date", "end_before_start", "date_out_of_range"]


def _folded_keys(table: dict[str, int]) -> dict[str, int]:
    return {fold(key): value for key, value in table.items()}


MONTHS: dict[str, int] = _folded_keys({
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "augusti": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12, "okt": 10,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
})  # fmt: skip
# Month names alone ("i september") are dates; abbreviations alone ("dec", "jan") are too often not.
FULL_MONTH_NAMES = frozenset(name for name in MONTHS if len(name) > 3 or name in ("maj", "may"))

WEEKDAYS: dict[str, int] = _folded_keys({
    "måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5, "söndag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
})  # fmt: skip
# Short forms, only understood in a range ("mån–tis", "Mon-Wed").
WEEKDAY_SHORT: dict[str, int] = _folded_keys({
    "mån": 0, "tis": 1, "ons": 2, "tors": 3, "tor": 3, "fre": 4, "lör": 5, "sön": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
})  # fmt: skip

NUMBER_WORDS: dict[str, int] = _folded_keys({
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "några": 3, "a few": 3, "a couple of": 2, "couple of": 2, "ett par": 2, "par": 2,
})  # fmt: skip

_PAST = rx(
    r"\b(var|varit|deltog|deltagit|besökte|besökt|åkte|reste|rest|flög|hade|tog|gick|träffade|träffat|"
    r"lämnade|lämnat|skickade|skickat|skickades|beviljades|beviljade|avslutades|avslutade|avslutat|"
    r"genomförde|genomfördes|genomfört|anordnade|ordnade|höll|hölls|presenterade|fick|kom|arrangerade|"
    r"was|were|attended|visited|went|flew|took|had|held|submitted|sent|received|finished|completed|"
    r"hosted|organi[sz]ed|presented|met|travell?ed|participated|took part|ended|came|gave|did|spoke|joined|"
    r"staffed|mentored|wrote|skrev|skickad|inskickad|inlämnad|genomförd|avslutad|beviljad)\b"
)
_FUTURE = rx(
    r"\b(ska|skall|kommer att|kommer|planerar|planeras|tänker|åker|reser|flyger|besöker|deltar|"
    r"kommande|blir|nästa|skickas|lämnas|startar|börjar|om \w+ (dagar|veckor|månader)|imorgon|i morgon|"
    r"övermorgon|will|'ll|shall|going to|plan to|plans to|planning|planned for|upcoming|next|are going|"
    r"am going|is going|tomorrow|intend|are attending|am attending|are visiting|am visiting|starts|due)\b"
)

_DAY = r"(?P<{n}>[0-3]?\d)(?::?(?:e|a|st|nd|rd|th))?"
_MONTH = r"(?P<{n}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<{n}>(?:19|20)\d\d)"
# "o" is how "och" is often typed in chat ("torsdag o fredag", "2 o 3 dec").
_DASH = r"(?:\s*(?:-|till|to|until|through|thru|tom|t\.o\.m\.?|och|and)\s*|\s+o\s+)"
_THE = r"(?:the\s+|den\s+)?"
_OF = r"(?:\s+of)?\s+"


def _part(template: str, name: str) -> str:
    return template.replace("{n}", name)


# Each pattern names its parts d1, m1, y1 (start) and d2, m2, y2 (end); a missing end part is the start's.
_EXPLICIT: list[re.Pattern[str]] = [
    # 2026-03-12, 2026-03-12 – 2026-03-14, 2026-03-12–14
    rx(
        r"\b(?P<y1>(?:19|20)\d\d)-(?P<m1>\d{2})-(?P<d1>\d{2})"
        r"(?:\s*(?:-|till|to)\s*(?:(?P<y2>(?:19|20)\d\d)-(?P<m2>\d{2})-)?(?P<d2>\d{2})\b)?"
    ),
    # from the 2nd to the 4th of September, mellan den 12 och 14 mars, 12–14 mars 2027
    rx(
        r"\b(?:from\s+|between\s+|mellan\s+|från\s+(?:och\s+med\s+)?)?"
        + _THE
        + _part(_DAY, "d1")
        + _DASH
        + _THE
        + _part(_DAY, "d2")
        + _OF
        + _part(_MONTH, "m1")
        + r"(?:,?\s+"
        + _part(_YEAR, "y1")
        + r")?\b"
    ),
    # 30 mars–2 april, 12th of March to 3rd of April 2026
    rx(
        r"\b(?:from\s+|between\s+|mellan\s+|från\s+)?"
        + _THE
        + _part(_DAY, "d1")
        + _OF
        + _part(_MONTH, "m1")
        + r"(?:\s+"
        + _part(_YEAR, "y1")
        + r")?"
        + _DASH
        + _THE
        + _part(_DAY, "d2")
        + _OF
        + _part(_MONTH, "m2")
        + r"(?:,?\s+"
        + _part(_YEAR, "y2")
        + r")?\b"
    ),
    # March 12-14, March 12th to 14th, 2026
    rx(
        r"\b"
        + _part(_MONTH, "m1")
        + r"\s+"
        + _THE
        + _part(_DAY, "d1")
        + _DASH
        + _THE
        + _part(_DAY, "d2")
        + r"(?:,?\s+"
        + _part(_YEAR, "y1")
        + r")?\b"
    ),
    # March 30 to April 2, March 2nd – March 13th
    rx(
        r"\b"
        + _part(_MONTH, "m1")
        + r"\s+"
        + _part(_DAY, "d1")
        + _DASH
        + _part(_MONTH, "m2")
        + r"\s+"
        + _part(_DAY, "d2")
        + r"(?:,?\s+"
        + _part(_YEAR, "y1")
        + r")?\b"
    ),
    # 2/5–4/5, 2/5 - 4/5 2027, 12–14/3
    rx(
        r"(?<![\d/])(?P<d1>[0-3]?\d)(?:/(?P<m1>[01]?\d))?\s*(?:-|till|to)\s*(?P<d2>[0-3]?\d)/(?P<m2>[01]?\d)"
        r"(?:[/ ]\s*" + _part(_YEAR, "y1") + r")?(?![\d/])"
    ),
    # 12 mars, den 12:e mars 2027, 12th of March
    rx(r"\b" + _THE + _part(_DAY, "d1") + _OF + _part(_MONTH, "m1") + r"(?:,?\s+" + _part(_YEAR, "y1") + r")?\b"),
    # March 12th, March 12, 2026
    rx(
        r"\b"
        + _part(_MONTH, "m1")
        + r"\s+"
        + _THE
        + _part(_DAY, "d1")
        + r"(?!\d)(?:,?\s+"
        + _part(_YEAR, "y1")
        + r")?\b"
    ),
    # 2/5, 2/5 2027, 2/5/2027
    rx(
        r"(?<![\d/.,])(?P<d1>[0-3]?\d)/(?P<m1>[01]?\d)(?:[/ ]\s*" + _part(_YEAR, "y1") + r")?(?![\d/])"
        r"(?!\s+(?:av|of|dels?|parts?|dag|dagar|days?|timme|timmar|hours?|procent|per)\b)"  # "3/4 av deltagarna"
    ),
]

_WEEK = rx(
    r"\b(?:vecka|veckan|veckorna|v\.?|w\.?|wk\.?|week|weeks)\s*(?P<w1>\d{1,2})"
    r"(?:\s*(?:-|och|and|to|till)\s*(?:v\.?\s*|week\s*|vecka\s*)?(?P<w2>\d{1,2}))?"
    r"(?:\s*,?\s*(?:(?P<year>(?:19|20)\d\d)|(?P<rel>nästa år|next year|förra året|last year|i år|this year)))?\b"
)
_RELATIVE_WEEK = rx(
    r"\b(?P<which>veckan efter nästa|nästnästa vecka|nästa nästa vecka|(?:the )?week after next|"
    r"förrförra veckan|(?:the )?week before last|nästa vecka|kommande vecka|next week|förra veckan|last week|"
    r"i veckan|denna vecka|den här veckan|this week)\b"
)
# How many weeks from this one; the phrases not listed are this week.
_WEEKS_AHEAD = _folded_keys({
    "veckan efter nästa": 2, "nästnästa vecka": 2, "nästa nästa vecka": 2, "the week after next": 2,
    "week after next": 2, "nästa vecka": 1, "kommande vecka": 1, "next week": 1,
    "förra veckan": -1, "last week": -1, "förrförra veckan": -2, "the week before last": -2, "week before last": -2,
})  # fmt: skip
_RELATIVE_MONTH = rx(
    r"\b(?P<which>förra månaden|förra månad|last month|nästa månad|next month|den här månaden|denna månad|"
    r"this month|i månaden)\b"
)
_MONTH_ONLY = rx(
    r"\b(?:(?P<prep>i|in|under|during|i början av|i slutet av|början av|slutet av|early|late|the end of|"
    r"the beginning of|end of|beginning of)\s+)?(?P<m1>"
    + "|".join(sorted(FULL_MONTH_NAMES, key=len, reverse=True))
    + r")(?:\s+(?P<y1>(?:19|20)\d\d))?\b"
)
_RELATIVE_DAY_OFFSETS = _folded_keys({
    "i förrgår": -2, "förrgår": -2, "igår": -1, "i går": -1, "igårkväll": -1, "i går kväll": -1,
    "idag": 0, "i dag": 0, "i morse": 0, "imorse": 0, "i förmiddags": 0, "i eftermiddags": 0, "i eftermiddag": 0,
    "i kväll": 0, "ikväll": 0, "imorgon": 1, "i morgon": 1, "i övermorgon": 2, "övermorgon": 2,
    "the day before yesterday": -2, "day before yesterday": -2, "yesterday": -1, "last night": -1,
    "today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0, "tomorrow": 1,
    "the day after tomorrow": 2, "day after tomorrow": 2,
})  # fmt: skip
_RELATIVE_DAY = re.compile(
    r"\b(?P<word>" + "|".join(sorted((re.escape(k) for k in _RELATIVE_DAY_OFFSETS), key=len, reverse=True)) + r")\b"
)
_NUMBER = r"(?P<n>\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>dagar|dag|veckor|vecka|månader|månad|days|day|weeks|week|months|month)"
_AGO = rx(r"\b(?:för\s+)?" + _NUMBER + r"\s+" + _UNIT + r"\s+(?:sedan|sen|ago)\b")
_IN = rx(r"\b(?:om|in)\s+" + _NUMBER + r"\s+" + _UNIT + r"\b")
_WEEKDAY_NAMES = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_WEEKDAY = rx(
    r"\b(?P<prefix>i|förra|nästa|kommande|på|this|next|last|on|den här|denna|coming|this coming)?\s*"
    r"(?P<day>" + _WEEKDAY_NAMES + r")(?P<suffix>s|en|ens)?"
    r"(?:(?:\s*(?:-|och|and|till|to|&)\s*|\s+o\s+)(?:(?:på|on)\s+)?(?P<day2>" + _WEEKDAY_NAMES + r")(?:s|en)?)?\b"
)
_SHORT_NAMES = "|".join(sorted(WEEKDAY_SHORT, key=len, reverse=True))
_WEEKDAY_RANGE = rx(r"\b(?P<day>" + _SHORT_NAMES + r")\.?\s*(?:-|till|to)\s*(?P<day2>" + _SHORT_NAMES + r")\.?(?![\w])")
# A bare day of the month: "on the 5th", "den 5:e"; the month comes from elsewhere or is the nearest.
_BARE_DAY = re.compile(
    r"\b(?:on\s+)?(?:the|den)\s+(?P<day>[0-3]?\d)(?::?(?:e|a|st|nd|rd|th))(?![\w/.]|\s+(?:of\s+)?\w+\d)"
)


@dataclass(frozen=True)
class DateProblem:
    """Something the person wrote that looks like a date but cannot be one."""

    code: ProblemCode
    text: str


@dataclass
class DateFinding:
    start: date | None = None
    end: date | None = None
    precision: Precision = "day"
    spans: list[tuple[int, int]] = field(default_factory=list)
    problems: list[DateProblem] = field(default_factory=list)
    problem_spans: list[tuple[int, int]] = field(default_factory=list)
    # Date expressions that were not part of the chosen period ("… 12 mars och i Berlin 20 april").
    others: list[tuple[int, int]] = field(default_factory=list)

    def problem(self, code: ProblemCode, span: tuple[int, int]) -> None:
        self.problems.append(DateProblem(code, ""))
        self.problem_spans.append(span)

    @property
    def found(self) -> bool:
        return self.start is not None


@dataclass
class _Candidate:
    start: date
    end: date | None
    span: tuple[int, int]
    precision: Precision
    kind: Literal["explicit", "week", "relative", "weekday", "bare_day", "relative_week", "month"]
    also: tuple[tuple[int, int], ...] = ()  # other words it was read from ("next month … on the 10th")


# When a message holds several dates, the most specific one dates the activity ("Nästa vecka är det jul,
# men vecka 2 kommer en grupp"); among equals, the first.
_SPECIFICITY = {"explicit": 0, "week": 1, "relative": 2, "weekday": 2, "bare_day": 2, "relative_week": 3, "month": 4}


def normalise(text: str) -> str:
    """The folded copy every pattern here runs on (same length as the text, so spans stay valid)."""
    return fold(text)


# Words that fold to a tense word but are not one: "vår" (our; spring) folds to "var" (was).
_NOT_TENSE = frozenset({"vår"})


def _tense_words(pattern: re.Pattern[str], text: str, folded: str) -> int:
    return sum(1 for m in pattern.finditer(folded) if text[m.start() : m.end()].lower() not in _NOT_TENSE)


def detect_tense(text: str) -> Tense:
    """Past or future from the verbs of the message; None when it does not say."""
    folded = fold(text)
    past = _tense_words(_PAST, text, folded)
    future = _tense_words(_FUTURE, text, folded)
    if past > future:
        return "past"
    if future > past:
        return "future"
    return None


def _with_year(month: int, day: int, year: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _pick(options: list[date], today: date, tense: Tense, last_day: Callable[[date], date] = lambda d: d) -> date:
    """Of several occurrences, the one the tense points to, else the nearest to today."""
    if tense == "past":
        past = [d for d in options if d <= today]
        if past:
            return max(past)
    if tense == "future":
        future = [d for d in options if last_day(d) >= today]
        if future:
            return min(future)
    return min(options, key=lambda d: (min(abs((d - today).days), abs((last_day(d) - today).days)), d < today))


def choose_year(month: int, day: int, today: date, tense: Tense) -> date | None:
    """The occurrence of a day and month that the tense points to, else the one nearest to today."""
    options = [d for y in (today.year - 1, today.year, today.year + 1) if (d := _with_year(month, day, y))]
    return _pick(options, today, tense) if options else None


def _valid(month: int, day: int) -> bool:
    # 2028 is a leap year: "29 februari" is a real date in some years.
    return 1 <= month <= 12 and _with_year(month, day, 2028) is not None


def _month_of(value: str | None) -> int | None:
    if value is None:
        return None
    return int(value) if value.isdigit() else MONTHS.get(value.rstrip("."))


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _explicit(text: str, today: date, tense: Tense, found: DateFinding) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _EXPLICIT:
        for match in pattern.finditer(text):
            span = match.span()
            if _overlaps(span, taken):
                continue
            taken.append(span)
            parts = match.groupdict()
            m1 = _month_of(parts.get("m1"))
            m2 = _month_of(parts.get("m2")) or m1
            m1 = m1 or m2
            if m1 is None or m2 is None:
                continue
            d1 = int(parts["d1"])
            d2 = int(parts["d2"]) if parts.get("d2") else None
            if not _valid(m1, d1) or (d2 is not None and not _valid(m2, d2)):
                found.problem("impossible_date", span)
                continue
            y1 = int(parts["y1"]) if parts.get("y1") else None
            y2 = int(parts["y2"]) if parts.get("y2") else None
            y1 = y1 or y2
            start = _with_year(m1, d1, y1) if y1 else choose_year(m1, d1, today, tense)
            if start is None:
                found.problem("impossible_date", span)
                continue
            end: date | None = None
            if d2 is not None:
                end = _with_year(m2, d2, y2 or start.year)
                if end is not None and end < start and y2 is None and m2 < m1:
                    end = _with_year(m2, d2, start.year + 1)  # "28 december–3 januari"
                if end is None:
                    found.problem("impossible_date", span)
                    continue
                if end < start:
                    found.problem("end_before_start", span)
                    continue
            candidates.append(_Candidate(start, None if end == start else end, span, "day", "explicit"))
    return candidates


def _iso_week_start(year: int, week: int) -> date | None:
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def _weeks(text: str, today: date, tense: Tense, found: DateFinding) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for match in _WEEK.finditer(text):
        w1 = int(match["w1"])
        w2 = int(match["w2"]) if match["w2"] else w1
        relative = {"nasta ar": 1, "next year": 1, "forra aret": -1, "last year": -1, "i ar": 0, "this year": 0}
        if match["year"]:
            years = [int(match["year"])]
        elif match["rel"]:
            years = [today.year + relative[match["rel"]]]
        else:
            years = [today.year - 1, today.year, today.year + 1]
        options = [s for y in years if (s := _iso_week_start(y, w1))]
        if not options:
            found.problem("impossible_date", match.span())
            continue
        # A week counts as "now" until its Friday has passed.
        start = _pick(options, today, tense, lambda s: s + timedelta(days=4))
        last = _iso_week_start(start.isocalendar().year, w2) if w2 >= w1 else None
        if last is None:
            found.problem("end_before_start", match.span())
            continue
        candidates.append(_Candidate(start, last + timedelta(days=4), match.span(), "week", "week"))
    for match in _RELATIVE_WEEK.finditer(text):
        which = match["which"]
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=_WEEKS_AHEAD.get(which, 0))
        candidates.append(_Candidate(monday, monday + timedelta(days=4), match.span(), "week", "relative_week"))
    return candidates


def _months(text: str, today: date, tense: Tense) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for match in _MONTH_ONLY.finditer(text):
        name = match["m1"]
        if not match["prep"] and not match["y1"]:
            continue  # "we may go", "Maj från kulturförvaltningen": a month alone needs "i" or a year
        month = MONTHS[name]
        if match["y1"]:
            first = date(int(match["y1"]), month, 1)
        else:
            options = [date(y, month, 1) for y in (today.year - 1, today.year, today.year + 1)]
            first = _pick(options, today, tense, lambda d: d + relativedelta(months=1, days=-1))
        candidates.append(_Candidate(first, first + relativedelta(months=1, days=-1), match.span(), "month", "month"))
    for match in _RELATIVE_MONTH.finditer(text):
        which = match["which"]
        first = today.replace(day=1)
        if which in ("forra manaden", "forra manad", "last month"):
            first -= relativedelta(months=1)
        elif which in ("nasta manad", "next month"):
            first += relativedelta(months=1)
        candidates.append(_Candidate(first, first + relativedelta(months=1, days=-1), match.span(), "month", "month"))
    return candidates


def _weekday(weekday: int, prefix: str, suffix: str, today: date, tense: Tense) -> date:
    """The day a weekday phrase points to.

    "i tisdags" is the most recent Tuesday; "last Wednesday" and "förra onsdagen" the Wednesday of last
    week; "nästa torsdag" and "next Thursday" the Thursday of next week; "på fredag" the coming Friday;
    a bare weekday follows the tense, and is the coming one when the message has none.
    """
    monday = today - timedelta(days=today.weekday())
    this_week = monday + timedelta(days=weekday)
    most_recent = today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
    coming = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    if prefix == "i" and suffix == "s":
        return most_recent
    if prefix in ("forra", "last"):
        return this_week - timedelta(days=7)
    if prefix in ("nasta", "next"):
        return this_week + timedelta(days=7)
    if prefix in ("pa", "kommande", "coming", "this coming"):
        return coming
    if prefix in ("this", "den har", "denna"):
        return this_week
    return most_recent if tense == "past" else coming


def _relative(text: str, today: date, tense: Tense) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for match in _RELATIVE_DAY.finditer(text):
        day = today + timedelta(days=_RELATIVE_DAY_OFFSETS[match["word"]])
        candidates.append(_Candidate(day, None, match.span(), "day", "relative"))
    for pattern, sign in ((_AGO, -1), (_IN, 1)):
        for match in pattern.finditer(text):
            n = int(match["n"]) if match["n"].isdigit() else NUMBER_WORDS[match["n"]]
            unit = match["unit"]
            if unit.startswith(("dag", "day")):
                delta = relativedelta(days=n)
            elif unit.startswith(("veck", "week")):
                delta = relativedelta(weeks=n)
            else:
                delta = relativedelta(months=n)
            candidates.append(_Candidate(today + sign * delta, None, match.span(), "day", "relative"))
    for match in _WEEKDAY.finditer(text):
        prefix = (match["prefix"] or "").strip()
        start = _weekday(WEEKDAYS[match["day"]], prefix, match["suffix"] or "", today, tense)
        end = None
        if match["day2"]:
            end = start + timedelta(days=(WEEKDAYS[match["day2"]] - start.weekday()) % 7)
        candidates.append(_Candidate(start, end if end != start else None, match.span(), "day", "weekday"))
    for match in _WEEKDAY_RANGE.finditer(text):
        start = _weekday(WEEKDAY_SHORT[match["day"]], "", "", today, tense)
        end = start + timedelta(days=(WEEKDAY_SHORT[match["day2"]] - start.weekday()) % 7)
        candidates.append(_Candidate(start, end if end != start else None, match.span(), "day", "weekday"))
    return candidates


def _bare_days(text: str, today: date, tense: Tense) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for match in _BARE_DAY.finditer(text):
        day = int(match["day"])
        months = [today + relativedelta(months=k) for k in (-1, 0, 1)]
        options = [d for m in months if (d := _with_year(m.month, day, m.year))]
        if options:
            candidates.append(_Candidate(_pick(options, today, tense), None, match.span(), "day", "bare_day"))
    return candidates


def find_dates(text: str, today: date, tense: Tense | Literal["auto"] = "auto") -> DateFinding:
    """The start and end of what the message describes, with the spans it read them from."""
    folded = fold(text)
    if tense == "auto":
        tense = detect_tense(text)
    found = DateFinding()
    candidates = _explicit(folded, today, tense, found)
    taken = [c.span for c in candidates] + found.problem_spans
    for group in (_weeks(folded, today, tense, found), _relative(folded, today, tense), _months(folded, today, tense)):
        for candidate in group:
            if not _overlaps(candidate.span, taken):
                candidates.append(candidate)
                taken.append(candidate.span)
    explicit_starts = [c.span[0] for c in candidates if c.kind == "explicit"]
    # "fredag 16 januari": the weekday only repeats the date that follows it.
    candidates = [
        c for c in candidates if not (c.kind == "weekday" and any(0 <= s - c.span[1] <= 3 for s in explicit_starts))
    ]
    months = [c for c in candidates if c.kind == "month"]
    for bare in _bare_days(folded, today, tense):
        if _overlaps(bare.span, taken):
            continue
        if months:  # "next month … on the 10th"
            month = months[0].start
            day = _with_year(month.month, bare.start.day, month.year)
            if day is None:
                continue
            candidates.remove(months[0])
            bare = _Candidate(day, None, bare.span, "day", "bare_day", also=(months[0].span,))
        candidates.append(bare)
        taken.append(bare.span)

    found.problems = [
        DateProblem(p.code, text[s:e].strip()) for p, (s, e) in zip(found.problems, found.problem_spans, strict=True)
    ]
    if not candidates:
        return found
    candidates.sort(key=lambda c: (_SPECIFICITY[c.kind], c.span[0]))
    first = candidates[0]
    start, end, precision, spans = first.start, first.end, first.precision, [first.span, *first.also]
    # "Reste i söndags … möte mån–tis", "3 juni, hem 5 juni": dates close together are one trip.
    for other in sorted(candidates[1:], key=lambda c: c.span[0]):
        if other.precision == "day" and precision == "day" and end is None:
            last = other.end or other.start
            if 0 < (last - start).days <= 31:
                end = last
                spans.extend([other.span, *other.also])
                break
    found.start, found.end, found.precision, found.spans = start, end, precision, spans
    found.others = [c.span for c in candidates if c.span not in spans]
    return found


_DAY_ONLY = (
    r"(?:on\s+|den\s+|the\s+|on\s+the\s+)*(?P<day>[0-3]?\d)(?::?(?:e|a|st|nd|rd|th))?\b(?!\s*[/.-]?\s*\d)"
    r"(?!\s*(?:of\s+)?(?:jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec))"
)
_END_DAY = rx(
    r"\b(?:slutade|slutar|avslutades|ended|ends|finished|till|until|t\.o\.m\.?|tom|hem|tillbaka|returned|back|"
    r"came back|kom hem|kom tillbaka|to)\s+" + _DAY_ONLY
)
_START_DAY = rx(r"\b(?:började|startade|started|began|begins|från|from|since)\s+" + _DAY_ONLY)


def day_correction(text: str, start: date | None, end: date | None) -> tuple[str, date] | None:
    """A bare day that moves the start or the end: "actually it ended on the 15th", "vi började den 11:e".

    The month is the one already known, or the next one when the day has passed ("28 mars … till den 2").
    """
    folded = fold(text)
    for which, pattern in (("end", _END_DAY), ("start", _START_DAY)):
        match = pattern.search(folded)
        anchor = start if which == "end" or end is None else end
        if not match or anchor is None:
            continue
        day = int(match["day"])
        moved = _with_year(anchor.month, day, anchor.year)
        if which == "end" and moved is not None and moved < anchor:
            following = anchor + relativedelta(months=1)
            moved = _with_year(following.month, day, following.year)
        if moved is not None:
            return which, moved
    return None

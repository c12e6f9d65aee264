"""Dates in Swedish and English chat messages, relative to a reference day.

Staff write dates the way they speak: "12–14 mars", "2/5", "i tisdags", "vecka 38", "onsdag nästa vecka",
"sista måndagen i mars", "för två år sedan", "from the 2nd to the 4th of September". The expressions are
read by a small compositional grammar (`bot.nlu.timegrammar`, described in docs/dates.md); this module
chooses, among the expressions of one message, the period the activity took place in.

A date without a year takes its year from the tense of the message ("var", "attended" → the past;
"ska", "will" → the future) and otherwise from the nearest occurrence. All matching runs on folded text
(`bot.nlu.text.fold`), so "igar" is "igår" and "mandags" is "måndags".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from dateutil.relativedelta import relativedelta

from bot.nlu.prefilter import Prefiltered, prefiltered
from bot.nlu.text import fold, rx
from bot.nlu.timegrammar import Reading, read
from bot.nlu.timegrammar.values import SPECIFICITY, make_date

Tense = Literal["past", "future"] | None
Precision = Literal["day", "week", "month", "year"]
ProblemCode = Literal["impossible_date", "end_before_start", "date_out_of_range"]

# Each runs only on messages that contain one of its words (bot.nlu.prefilter).
_PAST = prefiltered(
    rx(
        r"\b(var|varit|deltog|deltagit|besökte|besökt|åkte|reste|rest|flög|hade|tog|gick|träffade|träffat|"
        r"lämnade|lämnat|skickade|skickat|skickades|beviljades|beviljade|avslutades|avslutade|avslutat|"
        r"genomförde|genomfördes|genomfört|anordnade|ordnade|höll|hölls|presenterade|fick|kom|arrangerade|"
        r"was|were|attended|visited|went|flew|took|had|held|submitted|sent|received|finished|completed|"
        r"hosted|organi[sz]ed|presented|met|travell?ed|participated|took part|ended|came|gave|did|spoke|joined|"
        r"staffed|mentored|wrote|skrev|skickad|inskickad|inlämnad|genomförd|avslutad|beviljad)\b"
    )
)
_FUTURE = prefiltered(
    rx(
        r"\b(ska|skall|kommer att|kommer|planerar|planeras|tänker|åker|reser|flyger|besöker|deltar|"
        r"kommande|blir|nästa|skickas|lämnas|startar|börjar|om \w+ (dagar|veckor|månader)|imorgon|i morgon|"
        r"övermorgon|will|'ll|shall|going to|plan to|plans to|planning|planned for|upcoming|next|are going|"
        r"am going|is going|tomorrow|intend|are attending|am attending|are visiting|am visiting|starts|due)\b"
    )
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
        """A period was found: a start, or only an end ("pågår fram till juni 2027")."""
        return self.start is not None or self.end is not None


def normalise(text: str) -> str:
    """The folded copy every pattern here runs on (same length as the text, so spans stay valid)."""
    return fold(text)


# Words that fold to a tense word but are not one: "vår" (our; spring) folds to "var" (was).
_NOT_TENSE = frozenset({"vår"})


def _tense_words(pattern: Prefiltered, text: str, folded: str) -> int:
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


@dataclass
class _Candidate:
    start: date | None
    end: date | None
    precision: Precision
    specificity: int
    spans: list[tuple[int, int]]
    bare_day: bool = False


def _single_month(reading: Reading) -> bool:
    return (
        reading.precision == "month"
        and reading.start is not None
        and reading.end is not None
        and (reading.start.year, reading.start.month) == (reading.end.year, reading.end.month)
    )


def find_dates(text: str, today: date, tense: Tense | Literal["auto"] = "auto") -> DateFinding:
    """The start and end of what the message describes, with the spans it read them from."""
    folded = fold(text)
    if tense == "auto":
        tense = detect_tense(text)
    found = DateFinding()
    readings = read(folded, text, today, tense)
    candidates: list[_Candidate] = []
    open_ends: list[Reading] = []
    for reading in readings:
        if reading.problem is not None:
            if reading.problem in ("impossible_date", "end_before_start"):
                found.problem(reading.problem, reading.span)  # type: ignore[arg-type]
            continue
        if reading.start is None:
            open_ends.append(reading)
            continue
        candidates.append(
            _Candidate(
                reading.start,
                None if reading.end == reading.start else reading.end,
                reading.precision,
                SPECIFICITY[reading.category],
                [reading.span],
                bare_day=reading.category == "bare_day",
            )
        )
    found.problems = [
        DateProblem(p.code, text[s:e].strip()) for p, (s, e) in zip(found.problems, found.problem_spans, strict=True)
    ]

    # "Next month: study visit on the 10th": a bare day takes its month from a month said elsewhere.
    months = [c for c in candidates if c.precision == "month" and c.start and c.end and c.start.month == c.end.month]
    for bare in [c for c in candidates if c.bare_day]:
        if not months or bare.start is None:
            break
        month = months[0]
        assert month.start is not None
        day = make_date(month.start.year, month.start.month, bare.start.day)
        if day is None:
            continue
        candidates.remove(month)
        months.remove(month)
        bare.start, bare.spans = day, bare.spans + month.spans

    if not candidates:
        if open_ends:
            only = open_ends[0]
            found.start, found.end, found.precision, found.spans = None, only.end, only.precision, [only.span]
        return found
    candidates.sort(key=lambda c: (c.specificity, c.spans[0][0]))
    first = candidates[0]
    start, end, precision, spans = first.start, first.end, first.precision, list(first.spans)
    assert start is not None
    # "Reste i söndags … möte mån–tis", "3 juni, hem 5 juni": dates close together are one trip.
    for other in sorted(candidates[1:], key=lambda c: c.spans[0][0]):
        if other.precision == "day" and precision == "day" and end is None and other.start is not None:
            last = other.end or other.start
            if 0 < (last - start).days <= 31:
                end = last
                spans.extend(other.spans)
                break
    # "mars 2025 och pågår till 2028": an open end closes the period that starts it.
    for until in open_ends:
        if until.end is not None and until.end > (end or start):
            end, spans = until.end, spans + [until.span]
            if precision == "day" and until.precision != "day":
                precision = until.precision
            break
    found.start, found.end, found.precision, found.spans = start, end, precision, spans
    found.others = [c.spans[0] for c in candidates if c.spans[0] not in spans] + [
        u.span for u in open_ends if u.span not in spans
    ]
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


def _with_year(month: int, day: int, year: int) -> date | None:
    return make_date(year, month, day)


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

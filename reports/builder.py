"""Building the annual report from a year's activities: a pure function, no database and no clock.

The strategy decides the shape: (1) ongoing and finished EU projects, other international projects and
submitted applications; (2) other international work during the year; (3) the results that work has given.
`storage.vocab.report_section` puts each kind in section 1 or 2; section 3 gathers the results of
activities from both. Besides the sections the report counts activities per kind, travel per mode with
each flight's climate compensation, and lists what is missing, so the contact person knows whom to ask.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date

from reports.model import GAP_KINDS, ActivityRecord, Entry, Gap, GapKind, KindCount, ModeCount, Report, Travel, UnitInfo
from reports.period import OPEN_KINDS, months_in_year, span, year_bounds
from storage.vocab import (
    CLIMATE_COMPENSATED,
    DATE_PRECISIONS,
    KINDS,
    SECTION_OTHER_WORK,
    SECTION_PROJECTS,
    STATUSES,
    TRAVEL_MODES,
    report_section,
)

# Characters that XML (DOCX, XLSX) cannot hold and that only ever arrive by accident: control characters
# other than tab and newline, lone surrogates, and the two non-characters U+FFFE and U+FFFF.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\u00a0]+")

# An activity that is only planned (or an application turned down) has no results to report yet.
_NO_RESULTS_EXPECTED = frozenset({"planned", "rejected"})
# An application whose outcome is known, or which has not been sent yet.
_APPLICATION_SETTLED = frozenset({"granted", "rejected", "planned"})


def _is_tidy(text: str) -> bool:
    """One line of printable text, NFC, with no doubled or outer spaces: nothing for `clean` to do."""
    return (
        text.isprintable()
        and not text.startswith(" ")
        and not text.endswith(" ")
        and "  " not in text
        and unicodedata.is_normalized("NFC", text)
    )


def clean(text: str | None, *, one_line: bool = False) -> str | None:
    """Text safe for every writer: NFC, no control characters, no stray spacing; None when empty."""
    if text is None:
        return None
    if _is_tidy(text):  # nearly all text is; the slow path below is for the rest
        return text or None
    text = _UNWRITABLE.sub("", unicodedata.normalize("NFC", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    text = " ".join(line for line in lines if line) if one_line else "\n".join(lines).strip()
    return text or None


def _line(text: str | None, memo: dict[str, str | None]) -> str | None:
    """`clean(text, one_line=True)`, remembered in `memo` for the text that repeats from row to row."""
    if text is None:
        return None
    cleaned = memo.get(text, _UNSEEN)
    if cleaned is _UNSEEN:
        cleaned = memo[text] = clean(text, one_line=True)
    return cleaned  # type: ignore[return-value]


_UNSEEN = object()
_KIND_ORDER = {kind: number for number, kind in enumerate(KINDS)}
# The catalogs' codes as sets: each record's codes are checked against them.
_KINDS, _MODES, _STATUSES = frozenset(KINDS), frozenset(TRAVEL_MODES), frozenset(STATUSES)
_ANSWERS, _PRECISIONS = frozenset(CLIMATE_COMPENSATED), frozenset(DATE_PRECISIONS)


def normalise(record: ActivityRecord, memo: dict[str, str | None] | None = None) -> ActivityRecord:
    """The record with clean text and codes the catalogs know (anything else becomes unknown/other).

    Places, programmes, units and the people who logged repeat across a year's activities: with a
    `memo` shared over them (one report's), each distinct text is cleaned once. It lives only as long as
    the report is being built, so no name outlives it in the process.
    """
    memo = {} if memo is None else memo
    country = _line(record.country, memo)
    compensated = record.climate_compensated
    participants = record.participants
    return ActivityRecord(
        record.id,
        record.kind if record.kind in _KINDS else "other",
        clean(record.title, one_line=True) or "–",
        record.start_date,
        record.end_date,
        _line(record.city, memo),
        country.upper() if country and len(country) == 2 else None,
        record.travel_mode if record.travel_mode in _MODES else None,
        compensated if compensated in _ANSWERS else "unknown",
        _line(record.programme, memo),
        _line(record.project_name, memo),
        record.status if record.status in _STATUSES else None,
        participants if isinstance(participants, int) and participants > 0 else None,
        clean(record.results),
        _line(record.unit_name, memo),
        _line(record.logged_by, memo),
        record.logged_on,
        record.date_precision if record.date_precision in _PRECISIONS else None,
        record.cofunding_considered if record.cofunding_considered in ("yes", "no") else None,
    )


def _order(entry: Entry, *, by_unit: bool, folded: dict[str | None, str]) -> tuple[str, int, date, str, int]:
    a = entry.activity
    unit = ""
    if by_unit:
        unit = folded.get(a.unit_name, "")
        if not unit:
            unit = folded[a.unit_name] = (a.unit_name or "\uffff").casefold()
    return (unit, _KIND_ORDER[a.kind], a.start_date or a.end_date or date.max, a.title.casefold(), a.id)


def has_taken_place(activity: ActivityRecord, today: date) -> bool:
    """Finished, or its last day has passed. A project's start says nothing about whether it is over."""
    if activity.status == "finished":
        return True
    last = activity.end_date if activity.kind in OPEN_KINDS else (activity.end_date or activity.start_date)
    return last is not None and last <= today


def lacks(kind: GapKind, activity: ActivityRecord, today: date) -> bool:
    """Whether the activity is missing what this gap is about. The rules of the report's last part."""
    if kind == "no_results":
        return (
            not activity.results
            and activity.kind != "application"
            and activity.status not in _NO_RESULTS_EXPECTED
            and has_taken_place(activity, today)
        )
    if kind == "flight_compensation":
        return activity.travel_mode == "flight" and activity.climate_compensated == "unknown"
    if kind == "application_outcome":
        return activity.kind == "application" and activity.status not in _APPLICATION_SETTLED
    return activity.start_date is None and activity.end_date is None


def _travel(entries: Iterable[Entry]) -> Travel:
    modes: Counter[str | None] = Counter()
    flights: list[Entry] = []
    for entry in entries:
        mode = entry.activity.travel_mode
        # Projects and applications are not trips; they count only when someone said how they travelled.
        if mode is None and entry.section == SECTION_PROJECTS:
            continue
        modes[mode] += 1
        if mode == "flight":
            flights.append(entry)
    order = [*TRAVEL_MODES, None]
    by_mode = tuple(ModeCount(mode, modes[mode]) for mode in order if modes[mode])
    flights.sort(key=lambda e: (e.activity.start_date or date.max, e.activity.title.casefold(), e.activity.id))
    return Travel(by_mode=by_mode, flights=tuple(flights))


def _monthly(year: int, entries: Iterable[Entry]) -> tuple[dict[str, int], ...]:
    """Activities under way in each month, by kind: a project running all year counts in every month."""
    months: list[Counter[str]] = [Counter() for _ in range(12)]
    dec31 = year_bounds(year)[1]
    for entry in entries:
        a = entry.activity
        days = span(a.kind, a.start_date, a.end_date, a.status, a.logged_on, open_until=dec31)
        if days is None:
            continue
        for month in months_in_year(year, *days):
            months[month - 1][a.kind] += 1
    return tuple(dict(counter) for counter in months)


def build_report(
    activities: Iterable[ActivityRecord],
    *,
    year: int,
    language: str,
    unit: UnitInfo | None,
    generated_on: date,
) -> Report:
    """The report of `unit` (None: all units) for `year` from activities already chosen for that year.

    `generated_on` decides which activities have taken place and so should have results by now.
    """
    by_unit = unit is None
    memo: dict[str, str | None] = {}
    entries = [Entry(record, report_section(record.kind)) for record in (normalise(a, memo) for a in activities)]
    folded: dict[str | None, str] = {}
    entries.sort(key=lambda e: _order(e, by_unit=by_unit, folded=folded))
    projects = tuple(e for e in entries if e.section == SECTION_PROJECTS)
    other_work = tuple(e for e in entries if e.section == SECTION_OTHER_WORK)
    ordered = projects + other_work
    kinds = Counter(e.kind for e in ordered)
    gaps = tuple(Gap(kind, tuple(e for e in ordered if lacks(kind, e.activity, generated_on))) for kind in GAP_KINDS)
    return Report(
        year=year,
        language=language,
        unit=unit,
        generated_on=generated_on,
        projects=projects,
        other_work=other_work,
        results=tuple(e for e in ordered if e.activity.results),
        counts=tuple(KindCount(kind, report_section(kind), kinds[kind]) for kind in KINDS if kinds[kind]),
        travel=_travel(ordered),
        gaps=tuple(g for g in gaps if g.entries),
        monthly=_monthly(year, ordered),
    )

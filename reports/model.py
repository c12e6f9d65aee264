"""The annual report as typed data: what the builder produces and every writer reads.

The model holds codes and dates, not sentences: a kind is `"conference"`, a date is a `date`. Each writer
turns them into text in the report's language (`reports.text.ReportText`), so the XLSX can keep real
dates in its cells while the DOCX says "12–14 mars 2026", and both come from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

# What the strategy needs from an activity that the logged data may lack; the order is the report's order.
GapKind = Literal["no_results", "flight_compensation", "application_outcome", "no_dates"]
GAP_KINDS: tuple[GapKind, ...] = ("no_results", "flight_compensation", "application_outcome", "no_dates")


class ActivityRecord(NamedTuple):
    """One logged activity as the report needs it, detached from the database session.

    The query fills these from a few joined columns; tests and benchmarks build them directly, which is
    what keeps the builder a pure function. A named tuple rather than a frozen dataclass: just as
    immutable, and made ten times faster (a frozen dataclass sets each of its 19 fields through
    `object.__setattr__`), which counts when the whole municipality's year is 20,000 of them, made twice.
    """

    id: int
    kind: str
    title: str
    start_date: date | None = None
    end_date: date | None = None
    city: str | None = None
    country: str | None = None
    travel_mode: str | None = None
    climate_compensated: str = "unknown"
    programme: str | None = None
    project_name: str | None = None
    status: str | None = None
    participants: int | None = None
    results: str | None = None
    unit_name: str | None = None
    logged_by: str | None = None
    # The day it was logged: what places an activity without dates in its year, and read only for those.
    logged_on: date | None = None
    # week | month | year when the dates stand for a vaguer period; None for exact days.
    date_precision: str | None = None
    # The answer to the strategy's question whether external co-funding was considered (yes | no | None).
    cofunding_considered: str | None = None


@dataclass(frozen=True)
class UnitInfo:
    """The unit a report is for; a report for all units has none."""

    name: str
    short_name: str | None = None
    contact_name: str | None = None


class Entry(NamedTuple):
    """An activity placed in the report: its report section (1 or 2) and its text fields cleaned."""

    activity: ActivityRecord
    section: int

    @property
    def kind(self) -> str:
        return self.activity.kind

    @property
    def title(self) -> str:
        return self.activity.title


@dataclass(frozen=True)
class KindCount:
    kind: str
    section: int
    count: int


@dataclass(frozen=True)
class ModeCount:
    """How many activities travelled this way; `mode` None means the person did not say."""

    mode: str | None
    count: int


@dataclass(frozen=True)
class Travel:
    by_mode: tuple[ModeCount, ...]
    flights: tuple[Entry, ...]

    def flights_with(self, compensated: str) -> int:
        return sum(1 for f in self.flights if f.activity.climate_compensated == compensated)


@dataclass(frozen=True)
class Gap:
    """One kind of thing missing from the data, with the activities that lack it."""

    kind: GapKind
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Report:
    """The report of one unit (or all units) for one calendar year, in one language."""

    year: int
    language: str
    unit: UnitInfo | None
    generated_on: date
    projects: tuple[Entry, ...]
    other_work: tuple[Entry, ...]
    results: tuple[Entry, ...]
    counts: tuple[KindCount, ...]
    travel: Travel
    gaps: tuple[Gap, ...]
    # For each month 1–12: how many activities of each kind were under way that month.
    monthly: tuple[dict[str, int], ...] = field(default_factory=tuple)
    # The approved good examples of the year (the strategy: "vi sprider våra goda exempel"), one line each.
    good_examples: tuple[str, ...] = ()

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every activity of the report, section 1 first."""
        return self.projects + self.other_work

    @property
    def total(self) -> int:
        return len(self.projects) + len(self.other_work)

    @property
    def all_units(self) -> bool:
        return self.unit is None

    def section(self, number: int) -> tuple[Entry, ...]:
        return {1: self.projects, 2: self.other_work, 3: self.results}[number]

    def gap(self, kind: GapKind) -> Gap:
        return next((g for g in self.gaps if g.kind == kind), Gap(kind, ()))

    @property
    def missing(self) -> int:
        """How many things are missing, counted per gap (one activity can lack two things)."""
        return sum(len(g.entries) for g in self.gaps)

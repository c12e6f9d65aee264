"""The words of a report in its language: labels from the catalogs, dates and countries from CLDR.

Babel supplies what no catalog of ours should repeat: month names and the names of every country in
Swedish and English ("BE" → Belgien / Belgium). Periods are written the way each language writes them
in running text, with the shared parts said once: "12–14 mars 2026", "30 mars–2 april 2026",
"29 december 2025–2 januari 2026" ("12–14 March 2026" in English, in the British order a Swedish
municipality's English uses).
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date, get_month_names

from bot import formatting
from bot.i18n import Translator
from reports.model import GAP_KINDS, ActivityRecord, Entry, GapKind, Report
from reports.period import is_open_ended

DASH = "–"  # an en dash, for ranges and for "nothing recorded"

_DAY_MONTH_YEAR = "d MMMM y"
_DAY_MONTH = "d MMMM"
# Babel's formatting takes tens of microseconds; a year has 365 days and a report repeats them, so the
# two functions below remember their answers (a large report formats the same day thousands of times).


@cache
def _locale(language: str) -> Locale:
    return Locale.parse("en_GB" if language == "en" else language)


@lru_cache(maxsize=4096)
def format_day(day: date, language: str) -> str:
    return format_date(day, _DAY_MONTH_YEAR, locale=_locale(language))


@lru_cache(maxsize=16384)
def format_period(first: date | None, last: date | None, language: str) -> str:
    """A day or a range of days, saying the month and year once when they are shared."""
    first, last = first or last, last or first
    if first is None or last is None:
        return DASH
    if last < first:
        last = first
    locale = _locale(language)
    if first == last:
        return format_date(first, _DAY_MONTH_YEAR, locale=locale)
    end = format_date(last, _DAY_MONTH_YEAR, locale=locale)
    if first.year != last.year:
        return f"{format_date(first, _DAY_MONTH_YEAR, locale=locale)}{DASH}{end}"
    if first.month != last.month:
        return f"{format_date(first, _DAY_MONTH, locale=locale)}{DASH}{end}"
    return f"{first.day}{DASH}{end}"


def month_abbreviations(language: str) -> list[str]:
    """Jan … Dec as a chart axis shows them ("jan.", "mars", "maj" in Swedish)."""
    return list(get_month_names("abbreviated", context="stand-alone", locale=_locale(language)).values())


def country_name(code: str | None, language: str) -> str | None:
    return formatting.country_name(code, language) if code else None


class ReportText:
    """Everything a writer says about a report, in the report's language.

    The labels of codes (a kind, a status, a country) are looked up once per report and remembered: a
    report of the whole municipality asks for the same few dozen of them in each of 20,000 rows.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        self.language = report.language
        self.t = Translator(report.language)
        self._lacking: dict[Entry, tuple[GapKind, ...]] | None = None
        self._labels: dict[str, dict[str | None, str]] = {}
        self._countries: dict[str, str | None] = {}

    def lacking(self, entry: Entry) -> tuple[GapKind, ...]:
        """What this entry lacks, in the report's order of gaps: one look-up per row, where asking each
        gap whether it holds the entry would be four."""
        if self._lacking is None:
            self._lacking = {}
            for kind in GAP_KINDS:
                for gapped in self.report.gap(kind).entries:
                    self._lacking[gapped] = (*self._lacking.get(gapped, ()), kind)
        return self._lacking.get(entry, ())

    def _label(self, catalog: str, code: str | None) -> str:
        """The label of `code` under `catalog` (`vocab.kind`), remembered for the rest of the report."""
        labels = self._labels.get(catalog)
        if labels is None:
            labels = self._labels[catalog] = {}
        label = labels.get(code)
        if label is None:
            label = labels[code] = self.t(f"{catalog}.{code}")
        return label

    def __call__(self, key: str, **values: object) -> str:
        return self.t(f"report.{key}", **values)

    # Codes → labels ---------------------------------------------------------------------------------

    def kind(self, code: str) -> str:
        return self._label("vocab.kind", code)

    def status(self, code: str | None) -> str:
        return self._label("vocab.status", code) if code else DASH

    def mode(self, code: str | None) -> str:
        return self._label("vocab.travel_mode", code) if code else self("travel.not_stated")

    def compensated(self, code: str) -> str:
        return self._label("vocab.climate_compensated", code)

    def section_title(self, number: int) -> str:
        return f"{number}. {self.t(f'vocab.section.{number}')}"

    def gap_title(self, kind: str, count: int) -> str:
        return self(f"missing.{kind}", count=self.number(count))

    def number(self, value: int) -> str:
        return self.t.number(value)

    # Values -----------------------------------------------------------------------------------------

    def day(self, value: date) -> str:
        return format_day(value, self.language)

    def period(self, activity: ActivityRecord) -> str:
        """The dates of an activity; an open project is "från 1 mars 2025" ("from 1 March 2025")."""
        if activity.start_date and is_open_ended(
            activity.kind, activity.start_date, activity.end_date, activity.status
        ):
            return self("dates.since", date=self.day(activity.start_date))
        if activity.date_precision and activity.date_precision != "day":
            # "november 2026", "vecka 12 2027": a vaguer period is shown as it was said, not as exact days.
            return formatting.format_period(
                activity.start_date, activity.end_date, self.language, activity.date_precision
            )
        return format_period(activity.start_date, activity.end_date, self.language)

    def details(self, activity: ActivityRecord) -> str:
        """What the report says of an activity besides its columns: its project's name (when not its
        title), how many took part, and the answer to the strategy's co-funding question."""
        parts = []
        if activity.project_name and activity.project_name.casefold() not in activity.title.casefold():
            parts.append(self("details.project", name=activity.project_name))
        if activity.participants:
            parts.append(self("details.participants", count=self.number(activity.participants)))
        if activity.cofunding_considered in ("yes", "no"):
            parts.append(self(f"details.cofunding_{activity.cofunding_considered}"))
        return "; ".join(parts)

    def titled(self, activity: ActivityRecord) -> str:
        """The activity's title with its details in brackets, for the tables of the text formats."""
        details = self.details(activity)
        return f"{activity.title} ({details})" if details else activity.title

    def missing_short(self, kind: GapKind) -> str:
        """What an activity lacks in a word or two ("resultat"), for a column of the spreadsheets."""
        return self._label("report.missing_short", kind)

    def precision(self, code: str) -> str:
        """How precisely the dates were said ("Månad"), for a period that is not exact days."""
        return self._label("vocab.date_precision", code)

    def country(self, code: str | None) -> str | None:
        if code is None:
            return None
        if code not in self._countries:
            self._countries[code] = country_name(code, self.language)
        return self._countries[code]

    def place(self, activity: ActivityRecord) -> str:
        parts = [p for p in (activity.city, self.country(activity.country)) if p]
        return ", ".join(parts) if parts else DASH

    def or_dash(self, value: str | None) -> str:
        return value if value else DASH

    # Whole-report phrases ---------------------------------------------------------------------------

    @property
    def unit_name(self) -> str:
        return self.report.unit.name if self.report.unit else self("all_units")

    @property
    def title(self) -> str:
        return self("title", year=self.report.year, unit=self.unit_name)

    @property
    def subtitle(self) -> str:
        return self("subtitle")

    @property
    def short_title(self) -> str:
        """The title a file or an upload is named by."""
        return self("file_name", year=self.report.year, unit=self.unit_name)

    def introduction(self) -> str:
        return self("introduction", date=self.day(self.report.generated_on))

    def summary(self) -> str:
        report = self.report
        if not report.total:
            return self("summary.none", year=report.year)
        return self(
            "summary.text",
            year=report.year,
            total=self.number(report.total),
            projects=self.number(len(report.projects)),
            other=self.number(len(report.other_work)),
            results=self.number(len(report.results)),
        )

    def flights_summary(self) -> str:
        travel = self.report.travel
        return self(
            "travel.flights_summary",
            flights=self.number(len(travel.flights)),
            yes=self.number(travel.flights_with("yes")),
            no=self.number(travel.flights_with("no")),
            unknown=self.number(travel.flights_with("unknown")),
        )

    def empty_section(self) -> str:
        return self("empty_section", year=self.report.year)

    def gap_line(self, entry: Entry) -> str:
        """ "Culture Summit, 5–7 oktober 2026 (Erik Lind)": enough to know whom to ask."""
        a = entry.activity
        line = a.title
        when = self.period(a)
        if when != DASH:
            line += f", {when}"
        who = [p for p in (a.logged_by, a.unit_name if self.report.all_units else None) if p]
        if who:
            line += f" ({', '.join(who)})"
        return line

"""The report's content: the strategy's three sections, counts, travel, and what is missing."""

from __future__ import annotations

from datetime import date

from reports.builder import build_report, clean
from reports.model import ActivityRecord, Report, UnitInfo


def _titles(entries: tuple) -> list[str]:  # type: ignore[type-arg]
    return [e.title for e in entries]


def test_projects_and_applications_in_section_1_the_rest_in_section_2(report_sv: Report) -> None:
    assert _titles(report_sv.projects) == [
        "Läsfrämjande i Östersjöregionen",
        "Green Culture Cities",
        "Vänortssamarbete med Kaunas",
        "Kreativa Europa: Nordic Youth Theatre",
        "Ungdomsutbyte Växjö–Gdańsk",
    ]
    assert {e.kind for e in report_sv.other_work} == {
        "conference",
        "network_meeting",
        "study_visit",
        "incoming_visit",
        "training",
        "other",
    }
    assert report_sv.total == 14


def test_section_3_holds_the_results_of_both_sections(report_sv: Report) -> None:
    results = _titles(report_sv.results)
    assert "Läsfrämjande i Östersjöregionen" in results  # a project
    assert "Eurocities Culture Forum" in results  # a conference
    assert "Culture Summit" not in results  # nothing written yet
    assert all(e.activity.results for e in report_sv.results)


def test_counts_per_kind_add_up(report_sv: Report) -> None:
    counts = {c.kind: c.count for c in report_sv.counts}
    assert counts == {
        "eu_project": 2,
        "international_project": 1,
        "application": 2,
        "conference": 3,
        "network_meeting": 1,
        "study_visit": 2,
        "incoming_visit": 1,
        "training": 1,
        "other": 1,
    }
    assert sum(counts.values()) == report_sv.total


def test_travel_by_mode_with_every_flight(report_sv: Report) -> None:
    modes = {m.mode: m.count for m in report_sv.travel.by_mode}
    assert modes == {"flight": 3, "train": 1, "bus": 1, "digital": 2, "none": 1, None: 1}
    flights = report_sv.travel.flights
    assert [(f.title, f.activity.climate_compensated) for f in flights] == [
        ("Eurocities Culture Forum", "yes"),
        ("Culture Summit", "unknown"),
        ("Nordic Museum Days", "no"),
    ]


def test_what_is_missing(report_sv: Report) -> None:
    gaps = {g.kind: _titles(g.entries) for g in report_sv.gaps}
    assert gaps == {
        # Taken place without results; the planned December conference and the open project are not asked.
        "no_results": ["Culture Summit", "Dokk1, Aarhus bibliotek"],
        "flight_compensation": ["Culture Summit"],
        "application_outcome": ["Ungdomsutbyte Växjö–Gdańsk"],
        "no_dates": ["Samtal med Svenska institutet om residens"],
    }
    assert report_sv.missing == 5


def test_monthly_counts_follow_the_dates(report_sv: Report) -> None:
    march = report_sv.monthly[2]
    assert march == {"eu_project": 2, "international_project": 1, "application": 1, "conference": 1}
    # The study visit over New Year counts in January of 2026, the undated talk in June (when logged).
    assert report_sv.monthly[0]["study_visit"] == 1
    assert report_sv.monthly[5]["other"] == 1


def _record(**fields: object) -> ActivityRecord:
    return ActivityRecord(**{"id": 1, "kind": "conference", "title": "Möte", **fields})  # type: ignore[arg-type]


def test_odd_data_is_made_safe_rather_than_fatal() -> None:
    records = [
        _record(id=1, kind="hackathon", title="  Okänd\x00 typ\x07 ", country="be", travel_mode="rocket"),
        _record(id=2, title="", climate_compensated="maybe", status="postponed", results="   "),
    ]
    report = build_report(records, year=2026, language="sv", unit=UnitInfo("X"), generated_on=date(2026, 11, 26))
    second, first = report.other_work  # conferences come before "other"
    assert first.kind == "other" and first.title == "Okänd typ"
    assert first.activity.country == "BE" and first.activity.travel_mode is None
    assert second.title == "–" and second.activity.status is None and second.activity.results is None
    assert second.activity.climate_compensated == "unknown"


def test_clean_keeps_lines_but_not_control_characters() -> None:
    assert clean("Rad ett\r\n\x0bRad  två\n\n") == "Rad ett\nRad två"
    assert clean("Rad ett\nRad två", one_line=True) == "Rad ett Rad två"
    assert clean(" \t ") is None


def test_an_empty_year_is_a_report_with_nothing_missing() -> None:
    report = build_report([], year=2026, language="sv", unit=UnitInfo("X"), generated_on=date(2026, 11, 26))
    assert report.total == 0 and report.gaps == () and report.travel.by_mode == ()
    assert all(month == {} for month in report.monthly)

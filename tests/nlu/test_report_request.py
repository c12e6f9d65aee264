"""Telling a request for the report from a question about it, or from logging a trip."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.report_request import ReportRequest, named_units, parse, score

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    "text",
    [
        "rapport för KFF 2025",
        "årsrapporten tack",
        "report 2026",
        "Kan du ta fram årsrapporten?",
        "Ta fram rapporten för förra året",
        "Skicka mig rapporten för alla förvaltningar",
        "Could you send me the annual report?",
        "Can I get the report for 2025?",
        "I need the report for all units",
        "Hur får jag fram rapporten?",
    ],
)
def test_requests_for_the_report(text: str) -> None:
    assert score(text) >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Vad ska årsrapporten innehålla?",
        "Vem ska skicka årsrapporten?",
        "När ska rapporten vara inne?",
        "What must the annual report contain?",
        "Who should send the report?",
        "I want to report a trip to Brussels",
        "How do I report my flight?",
        "Jag vill rapportera en resa till Bryssel",
        "Jag skrev en rapport från konferensen i Bryssel",
        "Rapport från konferensen i Bryssel: vi träffade tre städer och bestämde att söka pengar ihop",
        "hej",
    ],
)
def test_not_requests_for_the_report(text: str) -> None:
    assert score(text) < 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rapport", ReportRequest()),
        ("rapport för 2025", ReportRequest(year=2025)),
        ("report for 2024, please", ReportRequest(year=2024)),
        ("rapporten för förra året", ReportRequest(year=2025)),
        ("last year's report", ReportRequest(year=2025)),
        ("årets rapport i år", ReportRequest(year=2026)),
        ("rapport för alla 2025", ReportRequest(year=2025, all_units=True)),
        ("report for all units", ReportRequest(all_units=True)),
        ("rapport för samtliga förvaltningar", ReportRequest(all_units=True)),
    ],
)
def test_year_and_all_units(text: str, expected: ReportRequest) -> None:
    assert parse(text, TODAY) == expected


def test_units_are_found_by_name_short_name_or_alias() -> None:
    units = [
        (1, ["Kultur- och fritidsförvaltningen", "KFF", "kultur och fritid"]),
        (2, ["Utbildningsförvaltningen", "UF"]),
    ]
    assert named_units("rapport för Kultur- och fritidsförvaltningen", units) == [1]
    assert named_units("rapport kff 2026", units) == [1]
    assert named_units("report for Kultur och fritid", units) == [1]
    assert named_units("rapport för uf", units) == [2]
    assert named_units("rapport om ufo", units) == []
    assert named_units("rapport", units) == []

"""Vague dates stay vague: a month, a week or a year keeps its precision, and an open-ended project its end."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.activity import parse_activity


@pytest.mark.parametrize(
    ("text", "today", "start", "end", "precision"),
    [
        ("Konferens i Malmö förra månaden", date(2026, 5, 6), date(2026, 4, 1), date(2026, 4, 30), "month"),
        ("Studiebesök i Oslo i januari", date(2026, 10, 21), date(2027, 1, 1), date(2027, 1, 31), "month"),
        ("Nästa vecka är jag på kurs i Lund", date(2026, 3, 11), date(2026, 3, 16), date(2026, 3, 22), "week"),
        (
            "Last month I was at a conference in Lisbon",
            date(2026, 12, 3),
            date(2026, 11, 1),
            date(2026, 11, 30),
            "month",
        ),
        ("Projektet med Lviv pågår hela 2027", date(2026, 12, 3), date(2027, 1, 1), date(2027, 12, 31), "year"),
        (
            "The exchange with Kiel runs throughout 2027",
            date(2026, 12, 3),
            date(2027, 1, 1),
            date(2027, 12, 31),
            "year",
        ),
    ],
)
def test_a_vague_date_keeps_its_precision(text: str, today: date, start: date, end: date, precision: str) -> None:
    draft = parse_activity(text, today)
    assert (draft.start_date, draft.end_date, draft.date_precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Vårt Interreg-projekt pågår till 2028", date(2028, 12, 31)),
        ("EU-projektet löper från mars 2025 till december 2028", date(2028, 12, 31)),
        ("Our Erasmus+ project runs until June next year", date(2027, 6, 30)),
    ],
)
def test_an_open_ended_project_keeps_its_end(text: str, end: date) -> None:
    assert parse_activity(text, date(2026, 10, 21)).end_date == end


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("I went to Lyon for a job shadowing week, 8-12 June", date(2026, 6, 8), date(2026, 6, 12)),
        ("Kursvecka, 14–18 september i Lund", date(2026, 9, 14), date(2026, 9, 18)),
    ],
)
def test_numbers_after_a_comma_are_not_week_numbers(text: str, start: date, end: date) -> None:
    draft = parse_activity(text, date(2026, 6, 24))
    assert (draft.start_date, draft.end_date) == (start, end)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Besök från vänorten Kaunas nästa tisdag, de stannar två dagar", date(2026, 5, 13)),
        ("Delegation from Tartu arriving on 19 May, staying for three days", date(2026, 5, 21)),
    ],
)
def test_a_start_and_a_length_of_stay_end_the_period(text: str, end: date) -> None:
    assert parse_activity(text, date(2026, 5, 6)).end_date == end

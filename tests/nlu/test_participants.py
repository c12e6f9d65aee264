"""How many of our own people took part, as chat messages say it in Swedish and English."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.activity import parse_activity
from bot.nlu.participants import find_participants

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Vi var fyra på mässan i Hannover", 4),
        ("vi var 9 st från förvaltningen", 9),
        ("Vi var en grupp på elva på studieresa", 11),
        ("Två av oss åker till Tammerfors", 2),
        ("Jag och en kollega från miljö var i Oslo", 2),
        ("jag och fem andra rektorer besökte Åbo", 6),
        ("Tre kollegor från skolan och jag var i Kiel", 4),
        ("Åkte med sex lärare till Lund", 7),
        ("Tolv deltagare från kommunen", 12),
        ("Totalt tjugo personer deltog", 20),
        ("We were eleven on the trip", 11),
        ("we were a group of 12 at the fair", 12),
        ("all four of us attended", 4),
        ("Me and two colleagues went to Riga", 3),
        ("Three colleagues from planning and I visited Delft", 4),
        ("Travelled together with 2 colleagues", 3),
        ("a total of 15 people from the municipality", 15),
    ],
)
def test_the_number_of_our_people_is_read(text: str, count: int) -> None:
    assert find_participants(text) == count


@pytest.mark.parametrize(
    "text",
    [
        "Vi var i Bryssel 12-14 mars",  # a date, not a group
        "vi var två dagar i Oslo",  # a duration
        "Vi var en vecka i Berlin",
        "We were 3 days in Gdansk",
        "Vi var 2-3 personer från kommunen",  # a range is no count
        "Konferens i Riga med ett par kollegor",  # a vague count
        "Jag var på konferens i Malmö",
        "We attended a few meetings with colleagues",
    ],
)
def test_dates_durations_and_vague_counts_are_no_participants(text: str) -> None:
    assert find_participants(text) is None


def test_visitors_at_an_incoming_visit_are_not_our_participants() -> None:
    draft = parse_activity("Tar emot en delegation med 12 personer från Tartu på fredag", TODAY)
    assert draft.kind == "incoming_visit"
    assert draft.participants is None
    ours = parse_activity("Vi var fem som tog emot gästerna från Kaunas igår", TODAY)
    assert ours.participants == 5


def test_the_count_reaches_the_parse_contract() -> None:
    draft = parse_activity("Three of us flew to Riga for a network meeting on 3 March", TODAY)
    assert draft.contract()["participants"] == 3


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Vi var sex från utbildningsförvaltningen på studiebesök i Tallinn", "study_visit"),
        ("Två från kulturnämnden på konferens i Oslo", "conference"),
    ],
)
def test_the_unit_people_come_from_does_not_name_the_activity(text: str, kind: str) -> None:
    assert parse_activity(text, TODAY).kind == kind

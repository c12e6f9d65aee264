"""What a message implies about the journey: landing is a flight, and a mode said once serves two trips."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.activity import parse_activity, split_activities

TODAY = date(2026, 5, 6)


@pytest.mark.parametrize(
    "text",
    [
        "Landade precis hemma efter konferensen i Lissabon",
        "Vi har landat i Tallinn inför nätverksmötet",
        "Landed in Vienna for the conference this morning",
        "Flög hem från studiebesöket i Gent igår",
        "Flew back from the network meeting in Turku yesterday",
    ],
)
def test_landing_and_flying_home_are_flights(text: str) -> None:
    assert parse_activity(text, TODAY).travel_mode == "flight"


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Jag var på konferens i Bryssel 12 mars och på möte i Berlin 20 april, tåg båda gångerna", "train"),
        ("Took the ferry to both: a study visit in Tallinn on 3 March and a conference in Riga on 10 April", "boat"),
    ],
)
def test_a_travel_mode_said_once_applies_to_both_activities(text: str, mode: str) -> None:
    parts = split_activities(text, TODAY)
    assert parts is not None
    assert [parse_activity(part, TODAY).travel_mode for part in parts] == [mode, mode]


def test_compensation_said_once_applies_to_both_activities() -> None:
    parts = split_activities("Flew to Oslo on 3 March and to Riga on 10 April, both flights offset", TODAY)
    assert parts is not None
    assert [parse_activity(part, TODAY).climate_compensated for part in parts] == ["yes", "yes"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Konferens i Wien 1–3 sep, flyg t/r (kompenserat)", "yes"),
        ("Flew to Dublin for a conference, the flight was compensated", "yes"),
        ("Flög till Rom, inte kompenserat", "no"),
    ],
)
def test_compensation_said_up_front_answers_the_climate_question(text: str, answer: str) -> None:
    assert parse_activity(text, TODAY).climate_compensated == answer

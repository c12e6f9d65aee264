"""People from elsewhere coming to us is an incoming visit, and its place is where they come from."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.activity import parse_activity

TODAY = date(2026, 5, 6)


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("På fredag tar vi emot sex politiker från Gdynia", "Gdynia"),
        ("Igår tog förvaltningen emot en grupp från Tartu", "Tartu"),
        ("Vi får besök från vänorten Kaunas nästa vecka", "Kaunas"),
        ("Lärare från Bologna kommer hit i juni", "Bologna"),
        ("Vi är värdar för en delegation från Rostock 3 juni", "Rostock"),
        ("We're hosting a delegation from Tartu on 19 May", "Tartu"),
        ("Teachers from Lyon are coming over to Växjö next week", "Lyon"),
        ("A delegation from Szczecin visits us on Monday", "Szczecin"),
        ("We welcomed a group of planners from Aarhus yesterday", "Aarhus"),
    ],
)
def test_guests_coming_here_make_an_incoming_visit_from_their_town(text: str, origin: str) -> None:
    draft = parse_activity(text, TODAY)
    assert draft.kind == "incoming_visit"
    assert draft.city == origin


@pytest.mark.parametrize(
    "text",
    [
        "Vi åkte till Kaunas på studiebesök förra veckan",
        "Tog emot priset för årets miljökommun i Stockholm",  # an award, not guests
        "We visited our partners in Tartu in April",
        "Flew to Riga to meet the delegation from the ministry",
    ],
)
def test_our_own_trips_are_not_incoming(text: str) -> None:
    assert parse_activity(text, TODAY).kind != "incoming_visit"

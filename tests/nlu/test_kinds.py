"""What kind of activity a message describes, as staff write it in chat."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.activity import parse_activity

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("mötte stadsdirektören i Riga igår", "meeting"),
        ("vi har träffat partnerna i Kaunas", "meeting"),
        ("Jag träffar borgmästaren i Kalmar på fredag", "meeting"),
        ("partner mtg in Tartu next week", "meeting"),
        ("going to meet with the city of Gdańsk on Monday", "meeting"),
        # a meeting with one of our networks is a network meeting, whatever else it is about
        ("teams mtg with the Eurocities social affairs forum tomorrow", "network_meeting"),
    ],
)
def test_a_meeting_said_with_a_verb_or_an_abbreviation_is_a_meeting(text: str, kind: str) -> None:
    assert parse_activity(text, TODAY).kind == kind


@pytest.mark.parametrize(
    "text",
    ["var på konf i Oslo 3-4 nov", "konf bryssel nästa vecka", "på konfen i Gent blev det sent", "konfa i Lyon i maj"],
)
def test_chat_shorthand_for_a_conference_is_a_conference(text: str) -> None:
    assert parse_activity(text, TODAY).kind == "conference"

from __future__ import annotations

import pytest

from bot.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hej", "sv"),
        ("hjälp", "sv"),
        ("help", "en"),
        ("hi", "en"),
        ("Jag var på konferens i Bryssel 12–14 mars, flög dit", "sv"),
        ("Study visit to Freiburg week 38 by train", "en"),
        ("Vi har skickat in en ansökan till Interreg Södra Östersjön", "sv"),
        ("I went to Växjö and Malmö for a meeting", "en"),
        ("Who follows up the strategy, and how often?", "en"),
        ("Måste flyget klimatkompenseras?", "sv"),
        ("12/3", None),
        ("Bryssel", None),
        ("", None),
    ],
)
def test_detects_swedish_and_english(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("make erik lind an admin", "en"), ("gör erik lind till administratör", "sv"), ("list units", "en"),
     ("lista enheter", "sv"), ("my data", "en"), ("mina uppgifter", "sv")],
)  # fmt: skip
def test_short_commands(text: str, expected: str) -> None:
    assert detect_language(text) == expected

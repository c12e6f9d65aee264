"""Places in Swedish and English spellings, and ordinary words that are not places."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.activity import parse_activity
from bot.nlu.places import find_places, main_place

TODAY = date(2026, 11, 26)


def place(text: str, incoming: bool = False) -> tuple[str | None, str | None]:
    found = main_place(find_places(text), incoming=incoming)
    return (found.text if found and found.city else None, found.country if found else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Konferens i Bryssel", ("Bryssel", "BE")),
        ("möte i Köpenhamn", ("Köpenhamn", "DK")),
        ("Seminarium i Wien", ("Wien", "AT")),
        ("resa till München", ("München", "DE")),
        ("möte i Tammerfors", ("Tammerfors", "FI")),
        ("besök i Åbo", ("Åbo", "FI")),
        ("konferens i Lissabon", ("Lissabon", "PT")),
        ("Workshop in Frankfurt am Main", ("Frankfurt am Main", "DE")),
        ("Besök i Den Haag", ("Den Haag", "NL")),
        ("konferens i bryssel", ("Bryssel", "BE")),  # written in lower case
        ("Gdansk conference", ("Gdansk", "PL")),  # written without accents
        ("Erasmus+ course in Valencia", ("Valencia", "ES")),  # the European one
        ("Studieresa till Tyskland", (None, "DE")),
        ("flög till norge på konferens", (None, "NO")),  # an everyday word because it is a country
        ("we went to finland for a study visit", (None, "FI")),
        ("Studieresa till Helsingfors, färja från Stockholm", ("Helsingfors", "FI")),
        ("Möte i Vilnius, flög via Riga", ("Vilnius", "LT")),
        ("Tåget till Hamburg och vidare till Bremen", ("Bremen", "DE")),
        ("Avstämning med Kalmar kommun", ("Kalmar", "SE")),
        ("Studiebesök från Finland (Vasa)", ("Vasa", "FI")),
    ],
)
def test_places(text: str, expected: tuple[str | None, str | None]) -> None:
    assert place(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("konferens i göteborg om välfärdsteknik", ("Göteborg", "SE")),
        ("möte i stockholm med SKR", ("Stockholm", "SE")),
        ("utbildning i lund 9-10 dec", ("Lund", "SE")),
        ("nätverksträff i kalmar", ("Kalmar", "SE")),
        ("studiebesök till uppsala", ("Uppsala", "SE")),
    ],
)
def test_swedish_towns_written_in_lower_case_are_places(text: str, expected: tuple[str, str]) -> None:
    """Staff type "i göteborg" in chat; the name is a frequent word only because it is a town's name."""
    assert place(text) == expected


def test_a_part_of_a_towns_name_in_lower_case_is_not_that_town() -> None:
    assert find_places("vi bor i söder") == []  # the south, not Södermalm


@pytest.mark.parametrize(
    "text",
    ["nätverksmöte i fjällen, flyger från Köpenhamn", "conference next week, taking the train from Hamburg",
     "workshop, flög från Kastrup via Amsterdam"],
)  # fmt: skip
def test_where_the_journey_began_is_not_where_the_activity_was(text: str) -> None:
    """Better to ask where it was than to log the airport one left from as the conference city."""
    assert place(text) == (None, None)


def test_the_place_one_comes_home_from_is_where_the_activity_was() -> None:
    assert place("på väg hem från Berlin efter konferensen") == ("Berlin", "DE")
    assert place("just back from Brussels, flew home") == ("Brussels", "BE")


def test_for_a_received_visit_the_visitors_home_is_the_place() -> None:
    assert place("Vi tog emot besök i Växjö från Gdynia", incoming=True) == ("Gdynia", "PL")


@pytest.mark.parametrize(
    "text",
    ["Man kan inte veta", "Det var ett bra möte med Anna och Erik", "Möte på Hem", "Best practice-seminarium",
     "Vi pratade om Mars", "Interreg Södra Östersjön"],
)  # fmt: skip
def test_ordinary_words_and_names_are_not_places(text: str) -> None:
    assert find_places(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("konferns bryssel 3 mars", ("Bryssel", "BE")),  # a typo in the kind, and no "i"
        ("konf paris i maj", ("Paris", "FR")),
        ("network meeting berlin next week", ("Berlin", "DE")),
        ("studiebesök antwerpen 12/10", ("Antwerpen", "BE")),
    ],
)
def test_a_place_written_right_after_the_kind_without_a_preposition_is_the_place(
    text: str, expected: tuple[str, str]
) -> None:
    """Chat drops the "i": "konferens bryssel" is a conference in Brussels."""
    draft = parse_activity(text, TODAY)
    assert (draft.city, draft.country) == expected


@pytest.mark.parametrize("text", ["möte hela dagen", "konferens best practice", "kurs bra för alla", "möte med anna"])
def test_an_ordinary_word_after_the_kind_is_still_no_place(text: str) -> None:
    draft = parse_activity(text, TODAY)
    assert (draft.city, draft.country) == (None, None)

"""Common words that are also towns are not places, acronyms are not towns, and a lower-case city after the
word for the activity is still the place."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.activity import parse_activity

TODAY = date(2026, 10, 21)


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Jag var på en mässa om vätgas i Bremen 28 april", "Bremen"),
        ("Studiebesök i Trento om skogen uppe i bergen, flög", "Trento"),
        ("Studiebesök i Lahtis – de har sin vattentäkt i en ås precis som vi", "Lahtis"),
        ("We went to a trade fair in Essen on 3 March", "Essen"),
        ("Utbildning hos SKR i Stockholm imorgon", "Stockholm"),
        ("Workshop with UBC in Gdynia next week", "Gdynia"),
        ("Möte med Region Kronoberg och polska partners i Bryssel 4 februari", "Bryssel"),
    ],
)
def test_common_words_and_acronyms_give_way_to_the_real_place(text: str, city: str) -> None:
    assert parse_activity(text, TODAY).city == city


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("quick one: study visit tallinn 9 dec, ferry from stockholm", "Tallinn"),
        ("network meeting in vilnius 24-25 march, flying", "Vilnius"),
        ("konferens i riga 9-10 sept, flyg", "Riga"),
        ("studiebesök kaunas 3 nov", "Kaunas"),
    ],
)
def test_a_city_typed_in_lower_case_is_still_the_place(text: str, city: str) -> None:
    assert parse_activity(text, TODAY).city == city


def test_a_city_typed_in_capitals_is_not_taken_for_an_acronym() -> None:
    assert parse_activity("KONFERENS I RIGA 3 MARS", TODAY).city is not None

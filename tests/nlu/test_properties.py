"""Whatever anyone types, the parser answers without an exception and with real, ordered dates."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.activity import parse_activity, split_activities
from storage.vocab import COUNTRY_CODE_LENGTH, KINDS, STATUSES, TRAVEL_MODES

WORDS = st.sampled_from(
    ["konferens", "i", "Bryssel", "12", "–", "14", "mars", "vecka", "38", "v.", "2/5", "i tisdags", "last", "Friday",
     "flög", "tåg", "Interreg", "ansökan", "31", "februari", "nästa", "år", "the", "2nd", "to", "of", "September",
     "Gdynia", "från", "via", "Riga", "igår", "-", "/", "2026-03-12", "och", "and", "ska", "var", "🌍", "<@U123>"]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=25).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(text=TEXTS, today=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_any_text_parses_to_valid_fields(text: str, today: date) -> None:
    draft = parse_activity(text, today)
    if draft.start_date and draft.end_date:
        assert draft.start_date <= draft.end_date
    for day in (draft.start_date, draft.end_date):
        assert day is None or 1900 <= day.year <= 2100
    assert draft.kind is None or draft.kind in KINDS
    assert draft.status is None or draft.status in STATUSES
    assert draft.travel_mode is None or draft.travel_mode in TRAVEL_MODES
    assert draft.country is None or len(draft.country) == COUNTRY_CODE_LENGTH
    split_activities(text, today)

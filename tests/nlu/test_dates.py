"""Date expressions as Swedish and English staff write them, on Thursday 26 November 2026."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.dates import day_correction, detect_tense, find_dates

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("konferens 12 mars", "2027-03-12", None),  # no tense: the nearest 12 March
        ("var på konferens 12 mars", "2026-03-12", None),  # past tense
        ("ska på konferens 12 november", "2027-11-12", None),  # future tense, this year's has passed
        ("March 12th", "2027-03-12", None),
        ("the 12th of March 2025", "2025-03-12", None),
        ("2026-03-12", "2026-03-12", None),
        ("2/5", "2027-05-02", None),  # Swedish day/month
        ("12–14 mars", "2027-03-12", "2027-03-14"),
        ("2/5–4/5", "2027-05-02", "2027-05-04"),
        ("from the 2nd to the 4th of September", "2026-09-02", "2026-09-04"),
        ("30 mars–2 april", "2027-03-30", "2027-04-02"),
        ("28 december–3 januari", "2026-12-28", "2027-01-03"),
        ("i tisdags", "2026-11-24", None),
        ("i torsdags", "2026-11-19", None),  # today is Thursday: "i torsdags" is a week ago
        ("nästa torsdag", "2026-12-03", None),
        ("last Friday", "2026-11-20", None),
        ("last Wednesday", "2026-11-18", None),  # the Wednesday of last week
        ("we will meet on Monday", "2026-11-30", None),
        ("we met on Monday", "2026-11-23", None),
        ("next Thursday and Friday", "2026-12-03", "2026-12-04"),
        ("nästa torsdag o fredag", "2026-12-03", "2026-12-04"),  # "o" typed for "och"
        ("utbildning online 2 o 3 december", "2026-12-02", "2026-12-03"),
        ("igår", "2026-11-25", None),
        ("i förrgår", "2026-11-24", None),
        ("imorgon", "2026-11-27", None),
        ("yesterday", "2026-11-25", None),
        ("this morning", "2026-11-26", None),
        ("för två veckor sedan", "2026-11-12", None),
        ("i september", "2026-09-01", "2026-09-30"),
        ("förra månaden", "2026-10-01", "2026-10-31"),
        ("vecka 12", "2027-03-22", "2027-03-28"),  # a week is Monday to Sunday
        ("v. 38", "2026-09-14", "2026-09-20"),
        ("week 45", "2026-11-02", "2026-11-08"),
        ("vecka 12 nästa år", "2027-03-22", "2027-03-28"),
        ("nästa vecka", "2026-11-30", "2026-12-06"),
        ("the week after next", "2026-12-07", "2026-12-13"),
        ("veckan efter nästa", "2026-12-07", "2026-12-13"),
        ("nästnästa vecka", "2026-12-07", "2026-12-13"),
        ("förrförra veckan", "2026-11-09", "2026-11-15"),
        ("the week before last", "2026-11-09", "2026-11-15"),
        ("Möte i Oslo fredag 16 januari", "2026-01-16", None),  # the weekday picks the year it fits
        ("Möte i Oslo lördag 16 januari", "2027-01-16", None),
        ("Reste i söndags, möte mån–tis", "2026-11-22", "2026-11-24"),
        ("Next month: study visit on the 10th", "2026-12-10", None),
        ("studiebesok igar", "2026-11-25", None),  # typed without å
    ],
)
def test_date_forms(text: str, start: str, end: str | None) -> None:
    found = find_dates(text, TODAY)
    assert (found.start.isoformat() if found.start else None, found.end.isoformat() if found.end else None) == (
        start,
        end,
    )


@pytest.mark.parametrize("text", ["we may go", "3/4 av deltagarna", "2-3 personer", "Mars-landaren", "hej", ""])
def test_things_that_are_not_dates(text: str) -> None:
    assert not find_dates(text, TODAY).found


def test_impossible_dates_are_reported_in_the_persons_own_words() -> None:
    found = find_dates("Konferens 31 Februari", TODAY)
    assert not found.found
    assert [(p.code, p.text) for p in found.problems] == [("impossible_date", "31 Februari")]
    assert find_dates("14–12 mars", TODAY).problems[0].code == "end_before_start"


@pytest.mark.parametrize(
    ("text", "tense"),
    [("Jag var på konferens", "past"), ("Vi ska till Bryssel", "future"), ("I attended", "past"),
     ("We will visit", "future"), ("Konferens i Bryssel", None),
     # "vår" (our) is not "var" (was), though both fold to the same letters; "jag var" still is.
     ("Besök från vår vänort Kaunas", None), ("Vår delegation var i Kaunas", "past")],
)  # fmt: skip
def test_tense(text: str, tense: str | None) -> None:
    assert detect_tense(text) == tense


def test_our_twin_town_visiting_next_week_is_in_the_future_not_last_year() -> None:
    """Today is 26 November 2026: a visit 3–5 December with no verb is the coming one, the nearest."""
    found = find_dates("Besök från vår vänort Kaunas 3–5 december", TODAY)
    assert (found.start, found.end) == (date(2026, 12, 3), date(2026, 12, 5))


def test_a_bare_day_moves_the_end_or_the_start() -> None:
    start, end = date(2026, 3, 12), date(2026, 3, 14)
    assert day_correction("actually it ended on the 15th", start, end) == ("end", date(2026, 3, 15))
    assert day_correction("vi började den 11:e", start, end) == ("start", date(2026, 3, 11))
    assert day_correction("hem den 2", date(2026, 3, 28), None) == ("end", date(2026, 4, 2))
    assert day_correction("it ended on 2 April", start, end) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        # A weekday in a named week is that week's day, whichever comes first.
        ("onsdag nästa vecka", "2026-12-02", None, "day"),
        ("söndag i förra veckan", "2026-11-22", None, "day"),
        ("Tuesday next week", "2026-12-01", None, "day"),
        ("förra veckan ons–fre", "2026-11-18", "2026-11-20", "day"),
        # Ordinals as words and numbers, the nth or last weekday or day of a month.
        ("tredje mars 2015", "2015-03-03", None, "day"),
        ("den 3:e mars 2015", "2015-03-03", None, "day"),
        ("sista dagen i oktober", "2026-10-31", None, "day"),
        ("första tisdagen i oktober 2027", "2027-10-05", None, "day"),
        ("last Monday of March 2027", "2027-03-29", None, "day"),
        # Numeric dates in the formats people use; Swedish day/month order unless only month/day fits.
        ("2026-3-3", "2026-03-03", None, "day"),
        ("3/3/26", "2026-03-03", None, "day"),
        ("13.5.2026", "2026-05-13", None, "day"),
        ("2020/02/29", "2020-02-29", None, "day"),
        ("10/31/2026", "2026-10-31", None, "day"),
        # Durations from today; a count of years names a month.
        ("för två år sedan", "2024-11-01", "2024-11-30", "month"),
        ("om tre veckor", "2026-12-17", None, "day"),
        ("två veckor från nu", "2026-12-10", None, "day"),
        ("a week hence", "2026-12-03", None, "day"),
        ("2 thursdays ago", "2026-11-12", None, "day"),
        ("överimorgon", "2026-11-28", None, "day"),
        ("om två arbetsdagar", "2026-11-30", None, "day"),
        # Ranges of days in a month said relatively.
        ("den 10:e till 12:e nästa månad", "2026-12-10", "2026-12-12", "day"),
        ("next month, the 8th to the 9th", "2026-12-08", "2026-12-09", "day"),
        # Vague dates keep their precision.
        ("förra månaden", "2026-10-01", "2026-10-31", "month"),
        ("i januari", "2027-01-01", "2027-01-31", "month"),
        ("nästa vecka", "2026-11-30", "2026-12-06", "week"),
        ("under våren", "2027-03-01", "2027-05-31", "month"),
        ("tredje kvartalet 2027", "2027-07-01", "2027-09-30", "month"),
        ("i år", "2026-01-01", "2026-12-31", "year"),
        ("mars 2025 – december 2028", "2025-03-01", "2028-12-31", "month"),
    ],
)
def test_the_grammar_composes(text: str, start: str, end: str | None, precision: str) -> None:
    found = find_dates(text, TODAY)
    got = (found.start.isoformat() if found.start else None, found.end.isoformat() if found.end else None)
    assert (*got, found.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "end", "precision"),
    [
        ("Projektet pågår fram till juni 2027", "2027-06-30", "month"),
        ("The project runs until June next year", "2027-06-30", "month"),
        ("Vi är med i projektet till 2028", "2028-12-31", "year"),
    ],
)
def test_an_open_ended_project_keeps_its_end(text: str, end: str, precision: str) -> None:
    found = find_dates(text, TODAY)
    assert (found.start, found.end.isoformat() if found.end else None, found.precision) == (None, end, precision)


@pytest.mark.parametrize(
    "text",
    [
        "Mon 15th",  # no 15th in the months around today is a Monday: asked, not guessed
        "2-15",  # a dash between bare numbers is more often a range of days or hours
        "kl 10-12",
        "min vecka i Bryssel",  # how long a stay was, not this week
        "i vår kommun",  # "i vår" is also "in our"
        "vi är 3 år",  # "är" (is) folds to "ar" like "år" (year)
    ],
)
def test_what_is_ambiguous_or_no_date_gives_no_date(text: str) -> None:
    assert not find_dates(text, TODAY).found


def test_a_number_after_this_morning_is_no_range() -> None:
    found = find_dates("Received a delegation this morning – 6 people from Kraków", TODAY)
    assert (found.start, found.end) == (TODAY, None)


def test_a_weekday_beside_a_full_date_does_not_move_it() -> None:
    assert find_dates("Monday January 12th, 2016", TODAY).start == date(2016, 1, 12)


def test_a_date_no_activity_can_have_is_reported() -> None:
    found = find_dates("den 5 december 1391", TODAY)
    assert not found.found
    assert [p.code for p in found.problems] == ["impossible_date"]


@pytest.mark.parametrize(
    ("text", "start"),
    [("Vi ses den 15 i Bryssel", "2026-11-15"), ("möte den 15 kl 10", "2026-11-15"), ("den 3 personer kom", None)],
)
def test_den_and_a_number_is_a_date_unless_it_counts_something(text: str, start: str | None) -> None:
    found = find_dates(text, TODAY)
    assert (found.start.isoformat() if found.start else None) == start


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("i slutet av nästa vecka", "2026-11-30", "2026-12-06", "week"),
        ("i mitten av mars", "2027-03-01", "2027-03-31", "month"),
        ("mid March", "2027-03-01", "2027-03-31", "month"),
        ("i början av 2027", "2027-01-01", "2027-12-31", "year"),
    ],
)
def test_part_of_a_period_is_dated_as_the_period(text: str, start: str, end: str, precision: str) -> None:
    found = find_dates(text, TODAY)
    assert (str(found.start), str(found.end), found.precision) == (start, end, precision)

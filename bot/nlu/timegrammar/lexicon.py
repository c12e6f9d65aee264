"""The words of dates in Swedish and English, and the lexer that turns a folded message into tokens.

Every word here is a closed class (months, weekdays, numbers up to 31, units of time, and the small words
that glue them: "nästa", "förra", "sedan", "of" …); everything else in a message is left out and so breaks
a phrase. Keys are folded (`bot.nlu.text.fold`): "nasta" is "nästa", typed with or without dots.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.nlu.text import fold
from bot.nlu.timegrammar.engine import Token

# --- values of word tokens ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Num:
    """A cardinal number: digits or a word. `width` is how many digits were typed (0 for a word)."""

    n: int
    width: int = 0
    article: bool = False  # "a", "en": one, but only as the count of a duration ("a week ago")


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of time as a word: "veckan" is ("week", definite), "veckor" ("week", plural)."""

    name: str
    form: str = "sing"  # sing, plur, def
    abbrev: bool = False


@dataclass(frozen=True, slots=True)
class Weekday:
    day: int  # Monday 0
    form: str = "base"  # base, def ("onsdagen"), s ("i onsdags"), plur ("två söndagar")


@dataclass(frozen=True, slots=True)
class MonthWord:
    month: int
    abbrev: bool = False
    also_a_word: bool = False  # "jul" is also Christmas: read as July only next to a day number


def _fold_keys(table: dict[str, int]) -> dict[str, int]:
    return {fold(key): value for key, value in table.items()}


MONTHS = _fold_keys({
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "augusti": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
})  # fmt: skip
MONTH_ABBREVIATIONS = _fold_keys({
    "jan": 1, "feb": 2, "febr": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "oct": 10, "nov": 11, "dec": 12,
})  # fmt: skip
WEEKDAYS = _fold_keys({
    "måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5, "söndag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
})  # fmt: skip
# Short forms are also ordinary words ("fri", "sat", "son" for "sön"): the grammar only reads them next to a
# date or in a range of weekdays, never alone.
WEEKDAY_SHORT = _fold_keys({
    "mån": 0, "tis": 1, "ons": 2, "tor": 3, "tors": 3, "fre": 4, "lör": 5, "sön": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
})  # fmt: skip

_SV_UNITS = ["ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio"]
_EN_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
CARDINALS: dict[str, int] = _fold_keys({
    **{w: i + 1 for i, w in enumerate(_SV_UNITS)}, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13,
    "fjorton": 14, "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
    "trettio": 30, "en": 1, **{f"tjugo{w}": 21 + i for i, w in enumerate(_SV_UNITS)}, "tjugoen": 21,
    "trettioen": 31, "trettioett": 31,
    **{w: i + 1 for i, w in enumerate(_EN_UNITS)}, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30,
    # Vague counts, read as the number people usually mean by them.
    "några": 3, "par": 2, "couple": 2, "few": 3,
})  # fmt: skip
ARTICLES = frozenset({"a", "an"})

_SV_ORDINAL_UNITS = {
    "första": 1,
    "förste": 1,
    "andra": 2,
    "andre": 2,
    "tredje": 3,
    "fjärde": 4,
    "femte": 5,
    "sjätte": 6,
    "sjunde": 7,
    "åttonde": 8,
    "nionde": 9,
}
_EN_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
ORDINALS: dict[str, int] = _fold_keys({
    **_SV_ORDINAL_UNITS, "tionde": 10, "elfte": 11, "tolfte": 12, "trettonde": 13, "fjortonde": 14,
    "femtonde": 15, "sextonde": 16, "sjuttonde": 17, "artonde": 18, "nittonde": 19, "tjugonde": 20,
    "trettionde": 30, **{f"tjugo{w}": 20 + n for w, n in _SV_ORDINAL_UNITS.items()},
    "trettioförsta": 31, "trettioförste": 31,
    **_EN_ORDINAL_UNITS, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30,
})  # fmt: skip

UNITS: dict[str, Unit] = {
    fold(word): Unit(name, form, abbrev)
    for name, forms in {
        "day": {"dag": "sing", "dagar": "plur", "dagen": "def", "dagarna": "def", "dygn": "sing", "day": "sing",
                "days": "plur"},
        "week": {"vecka": "sing", "veckor": "plur", "veckan": "def", "veckorna": "def", "week": "sing",
                 "weeks": "plur"},
        "month": {"månad": "sing", "månader": "plur", "månaden": "def", "månaderna": "def", "month": "sing",
                  "months": "plur"},
        "quarter": {"kvartal": "sing", "kvartalet": "def", "quarter": "sing", "quarters": "plur"},
        "year": {"år": "sing", "året": "def", "åren": "def", "year": "sing", "years": "plur"},
        "weekend": {"helg": "sing", "helgen": "def", "helger": "plur", "weekend": "sing", "weekends": "plur"},
        "fortnight": {"fortnight": "sing", "fortnights": "plur"},
        "workday": {"arbetsdag": "sing", "arbetsdagar": "plur", "arbetsdagen": "def", "vardag": "sing",
                    "vardagar": "plur", "workday": "sing", "workdays": "plur"},
        "decade": {"decennium": "sing", "decade": "sing", "decades": "plur"},
    }.items()
    for word, form in forms.items()
    for abbrev in [False]
}  # fmt: skip
UNITS.update({
    "v": Unit("week", "sing", True), "w": Unit("week", "sing", True), "wk": Unit("week", "sing", True),
    "wks": Unit("week", "plur", True), "qtr": Unit("quarter", "sing", True), "yr": Unit("year", "sing", True),
    "yrs": Unit("year", "plur", True),
})  # fmt: skip

# Days named by their distance from today.
RELATIVE_DAYS: dict[str, int] = _fold_keys({
    "idag": 0, "igår": -1, "imorgon": 1, "imorse": 0, "ikväll": 0, "inatt": 0, "förrgår": -2, "iförrgår": -2,
    "övermorgon": 2, "överimorgon": 2, "iövermorgon": 2, "igårkväll": -1,
    "today": 0, "yesterday": -1, "tomorrow": 1, "tomorrows": 1, "tonight": 0,
})  # fmt: skip

# Seasons as the Swedish meteorological ones: spring is March to May. "i våras" (the s form) is the last one.
SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
SEASONS: dict[str, tuple[str, str]] = {
    fold(word): (season, form)
    for season, forms in {
        "spring": {"vår": "base", "våren": "def", "våras": "s", "spring": "base"},
        "summer": {"sommar": "base", "sommaren": "def", "somras": "s", "summer": "base"},
        "autumn": {"höst": "base", "hösten": "def", "höstas": "s", "autumn": "base", "fall": "base"},
        "winter": {"vinter": "base", "vintern": "def", "vintras": "s", "winter": "base"},
    }.items()
    for word, form in forms.items()
}

# Small words, each with the meaning the grammar uses ("förra" and "last" are both `last`).
KEYWORDS: dict[str, str] = {
    fold(word): meaning
    for meaning, words in {
        "next": "nästa next following nästkommande",
        "coming": "kommande coming upcoming",
        "last": "förra last past previous föregående senaste",
        "final": "sista",
        "next2": "nästnästa",
        "last2": "förrförra",
        "this": "denna detta this current innevarande",
        "here": "här",
        "the": "the den",
        "in": "i in under during hela throughout",
        "within": "inom within",
        "om": "om",
        "on": "on på",
        "of": "of av",
        "to": "till to tills until till through thru",
        "and": "och and o",
        "from": "från from",
        "between": "mellan between",
        "after": "efter after",
        "before": "före innan before",
        "ago": "sedan sen ago",
        "hence": "hence",
        "later": "senare later",
        "now": "nu now",
        "right": "right",
        "rest": "rest resten",
        "end": "slutet end",
        "beginning": "början beginning mitten middle",
        "eom": "eom",
        "eoy": "eoy",
        "by": "by",
        "again": "igen",
        "my": "my min mitt",
        "fjol": "fjol ifjol",
        "q": "q",
        "s": "s",
        "talet": "talet",
        "business": "business working",
        "for": "för",
        "day_part": "morse kväll morning afternoon evening förmiddag förmiddags eftermiddag eftermiddags",
        "night": "night",
        "t_letter": "t",
        "m_letter": "m",
        "gar": "går",
        "morgon": "morgon",
        "fram": "fram",
        "up": "up",
        "early": "early late mid",
        "year_word": "år year",
        "clock": "kl klockan",
    }.items()
    for word in words.split()
}

# --- the lexer ----------------------------------------------------------------------------------------

_WORD = re.compile(
    r"(?P<num>\d+)(?P<suffix>:(?:e|a)\b|(?:st|nd|rd|th|e)(?![^\W\d_]))?|(?P<word>[^\W\d_]+)|(?P<sym>[-/.:'’&+])"
)


def _weekday_forms(word: str) -> tuple[int, str] | None:
    """ "onsdag", "onsdagen", "onsdags", "onsdagar", "wednesdays"."""
    for suffix, form in (("", "base"), ("en", "def"), ("s", "s"), ("ens", "def"), ("ar", "plur"), ("arna", "plur")):
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] if suffix else word
        if stem in WEEKDAYS:
            if form == "s" and not stem.endswith("dag"):  # English "mondays" is a plural
                return WEEKDAYS[stem], "plur"
            return WEEKDAYS[stem], form
    return None


def _lexemes_of(word: str) -> tuple[tuple[str, object], ...]:
    found: list[tuple[str, object]] = []
    if word in MONTHS:
        found.append(("month", MonthWord(MONTHS[word])))
    if word in MONTH_ABBREVIATIONS:
        found.append(("month", MonthWord(MONTH_ABBREVIATIONS[word], abbrev=True, also_a_word=word == "jul")))
    weekday = _weekday_forms(word)
    if weekday:
        found.append(("wday", Weekday(*weekday)))
    if word in WEEKDAY_SHORT:
        found.append(("wdshort", Weekday(WEEKDAY_SHORT[word])))
    if word in CARDINALS:
        found.append(("num", Num(CARDINALS[word])))
    if word in ARTICLES or word in ("en", "ett"):
        found.append(("num", Num(1, article=True)))
    if word in ORDINALS:
        found.append(("ord", ORDINALS[word]))
    if word in UNITS:
        unit = UNITS[word]
        found.append((f"unit:{unit.name}", unit))
    if word in SEASONS:
        found.append(("season", SEASONS[word]))
    if word in RELATIVE_DAYS:
        found.append(("rday", RELATIVE_DAYS[word]))
    if word in KEYWORDS:
        found.append((f"kw:{KEYWORDS[word]}", word))
    return tuple(found)


def _all_forms() -> set[str]:
    weekday_forms = {w + suffix for w in WEEKDAYS for suffix in ("", "en", "s", "ens", "ar", "arna")}
    tables: list[Iterable[str]] = [MONTHS, MONTH_ABBREVIATIONS, WEEKDAY_SHORT, CARDINALS, ORDINALS, UNITS, SEASONS]
    return weekday_forms | {w for table in tables for w in table} | set(RELATIVE_DAYS) | set(KEYWORDS) | ARTICLES


# Every word of the lexicon with its readings, built once: the lexer looks each word up in one dictionary.
LEXICON: dict[str, tuple[tuple[str, object], ...]] = {w: found for w in _all_forms() if (found := _lexemes_of(w))}
# Folded words that are also a common word typed with its dots: "är" (is) is no "år", "var" (was) no "vår".
_DOTTED = {"ar": "år", "var": "vår"}


def word_lexemes(word: str, original: str) -> tuple[tuple[str, object], ...]:
    """The kinds one folded word can be. `original` is the word as typed, to tell "år" (year) from "är" (is)
    and "vår" (spring) from "var" (was), which fold to the same letters."""
    found = LEXICON.get(word, ())
    if word in _DOTTED:
        typed = original.lower()
        if word == "ar" and typed == "är":
            return ()
        if word == "var" and typed != "vår":
            return tuple(x for x in found if x[0] != "season")
    return found


def lex(folded: str, original: str) -> list[Token]:
    """Word tokens of the folded text, with their positions (the same in the original)."""
    lexemes: list[Token] = []
    for match in _WORD.finditer(folded):
        start, end = match.span()
        if match["num"] is not None:
            digits = match["num"]
            if len(digits) > 4:
                continue
            n = int(digits)
            if match["suffix"]:
                lexemes.append(Token(start, end, "ord", n))
            else:
                lexemes.append(Token(start, end, "num", Num(n, len(digits))))
        elif match["word"] is not None:
            for kind, value in word_lexemes(match["word"], original[start:end]):
                lexemes.append(Token(start, end, kind, value))
        else:
            symbol = match["sym"].replace("’", "'")
            lexemes.append(Token(start, end, f"sym:{symbol}", symbol))
    return lexemes

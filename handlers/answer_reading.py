"""How the logging dialogue reads what people write between its questions.

An answer is not always an answer: "förresten, måste flyget klimatkompenseras?" is a question on the side,
"nej, det var i Berlin" a correction, "nej, det var ett annat möte i Kaunas" another activity, and
"ja, via resebyrån" a yes with a comment. These are pure readings of the text (and of the draft it is
compared with), kept apart from the dialogue's moves in `handlers.log_activity`.
"""

from __future__ import annotations

import re

from bot.context import Context
from bot.nlu import lexicon
from bot.nlu.activity import ActivityDraft, parse_activity
from bot.nlu.intents import match_command
from bot.nlu.kinds import guess_kind
from bot.nlu.spelling import mend
from bot.nlu.text import fold
from handlers.activity_draft import Slots, category

# A message that can only be a question (the lexicon's clear openings: "vad", "måste", "can i" …).
QUESTION_WORDS = lexicon.QUESTION_OPENING
# What people put before a question in the middle of something else: "förresten, måste flyget …?".
_ASIDE_OPENING = re.compile(
    r"^\s*(?:förresten|btw|by the way|och|men|and|but|ok(?:ej|ay)?|en fråga|a question|fråga|hej|hi)\b[\s,:;.!–-]*",
    re.IGNORECASE,
)
# How a correction opens: "nej, det var i Berlin", "actually it ended on the 15th".
_CORRECTION_OPENING = re.compile(
    r"^\s*(?:nej|nä|nope|no|inte|fel|oj|förlåt|sorry|rättelse|correction|egentligen|actually|snarare|jag menar|"
    r"jag menade|i mean|i meant|menade|meant|vänta|wait|ändra|change|det var|it was|det är|it is)\b",
    re.IGNORECASE,
)
# "ett annat möte", "a new meeting", "another conference": the message says itself that it is another one.
_ANOTHER = re.compile(
    r"\b(?:ett annat|en annan|ett nytt|en ny|ytterligare en|ytterligare ett|en till|ett till|another|a new|"
    r"a different|a second|a separate|one more)\s+((?:[\w-]+\s+)?[\w-]+)",
    re.IGNORECASE,
)
_NO_OPENING = re.compile(
    r"^\s*(?:nej|nä|nope|no|fel|oj|förlåt|sorry|rättelse|correction|vänta|wait)\b[\s,.:;!–-]*", re.IGNORECASE
)


def is_question(text: str) -> bool:
    """A question asked on the side ("förresten, måste flyget klimatkompenseras?"), not an answer.

    A few words ending in a question mark are a question too; "12 mars?" is an unsure answer.
    """
    rest = text
    for _ in range(3):
        shorter = _ASIDE_OPENING.sub("", rest, count=1)
        if shorter == rest:
            break
        rest = shorter
    return bool(QUESTION_WORDS.match(rest)) or (text.rstrip().endswith("?") and len(rest.split()) >= 3)


def parsed(text: str, ctx: Context) -> ActivityDraft:
    """What `text` says about an activity: the turn's understanding when it is the message itself (it is
    parsed once per turn), else a parse of this part of it (one of two activities, a correction)."""
    understanding = ctx.understanding
    if understanding is not None and understanding.text == text:
        return understanding.activity
    return parse_activity(text, ctx.today)


def another_activity(text: str, slots: Slots, ctx: Context) -> bool:
    """Whether a message mid-dialogue tells of a different activity rather than correcting this one.

    "Jag var på en konferens i Bryssel 12–14 mars" while a study visit to Riga waits for "spara" names its
    own kind and date or place, and two of kind, date and place differ from the draft (or the kind is of
    another sort altogether: a network meeting is not a correction of an application). A message that
    opens like a correction ("nej, det var …") is a correction, unless it calls itself another activity ("nej,
    det var ett annat möte i Kaunas 3 februari", "no, it was Kaunas, a new meeting").
    """
    draft = parsed(text, ctx)
    if not draft.kind_said:
        return False
    if names_another(text):
        return True
    if _CORRECTION_OPENING.match(text):
        return False
    if not (draft.start_date or draft.city or draft.country or draft.programme):
        return False
    kinds = (draft.kind, slots.kind)
    kind_differs = None not in kinds and "other" not in kinds and draft.kind != slots.kind
    date_differs = bool(slots.start_date and draft.start_date and draft.start_date != slots.start_date)
    place, new_place = (slots.city or "", slots.country or ""), (draft.city or "", draft.country or "")
    place_differs = (
        any(place) and any(new_place) and (place[1], place[0].casefold()) != (new_place[1], new_place[0].casefold())
    )
    if kind_differs and draft.kind and slots.kind and category(draft.kind) != category(slots.kind):
        return True
    return sum((kind_differs, date_differs, place_differs)) >= 2


def names_another(text: str) -> bool:
    """ "ett annat möte", "a new conference": another activity, in words (not "ett nytt datum")."""
    return any(guess_kind(mend(fold(m.group(1))), None) for m in _ANOTHER.finditer(text))


def without_no(text: str) -> str:
    """ "nej, det var ett annat möte i Kaunas" as the activity it tells of: "det var ett annat möte i Kaunas"
    (the "det var" stays, for the tense)."""
    return _NO_OPENING.sub("", text, count=1) or text


def yes_no(text: str) -> str | None:
    said = match_command(text, ("yes", "no", "unknown"))
    return {"yes": "yes", "no": "no", "unknown": "unknown"}.get(said or "")


# "ja, men datumet är fel": a yes that takes something back is no answer.
_BUT = re.compile(r"\b(?:men|fast|utom|förutom|ändra|fel|but|except|apart|change|wrong)\b", re.IGNORECASE)


def leading_yes_no(text: str, ctx: Context) -> str | None:
    """ "ja, via resebyrån", "nej det glömde jag": a yes or no with a comment, unless the rest corrects
    the activity ("nej, det var 13–15 mars" is a correction)."""
    first, _, rest = text.strip().partition(" ")
    said = yes_no(first.rstrip(",.!;:"))
    # The "ja"/"nej" itself says nothing about an activity, so what the whole message says is the rest's.
    if said is None or _BUT.search(rest) or parsed(text, ctx).understood:
        return None
    return said

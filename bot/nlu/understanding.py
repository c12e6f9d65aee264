"""One `Understanding` per message: what it is for and what it says, worked out once per turn.

The engine builds it before routing and puts it on the context; every capability's recogniser scores it
and every handler reads it, instead of each parsing the same text again (dates, places, the kind of
activity). What the message says about an activity is parsed on first use and kept, so a command such
as "hjälp" costs no parsing at all.

Routing is a competition between recognisers with an explicit tie-break: the higher score wins, and of
two equal scores the capability with the higher `priority` (declared on the capability), so the outcome
never depends on the order the capabilities happen to be listed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from bot.nlu.activity import ActivityDraft, parse_activity
from bot.nlu.intents import MIN_CONFIDENCE, UNKNOWN, match_command
from bot.nlu.text import fold

# How sure a capability is that a message is for it (0 … 1), given what the message says.
Recognise = Callable[["Understanding"], float]


@dataclass(frozen=True)
class Recogniser:
    intent: str
    score: Recognise
    priority: int = 0


@dataclass
class Understanding:
    """A message as the bot understood it. `intent` is UNKNOWN when no capability is sure enough."""

    text: str
    today: date
    command: str | None = None
    intent: str = UNKNOWN
    confidence: float = 0.0
    # Every recogniser's score, best first: what else the message could have been for.
    candidates: tuple[tuple[str, float], ...] = field(default_factory=tuple)

    @cached_property
    def activity(self) -> ActivityDraft:
        """Everything the message says about an activity (dates, places, kind, status …), parsed once."""
        return parse_activity(self.text, self.today)

    @cached_property
    def folded(self) -> str:
        return fold(self.text)


def understand(text: str, today: date, intents: Iterable[str], recognisers: Sequence[Recogniser] = ()) -> Understanding:
    """The message's intent: a command phrase if it is one, else the most confident recogniser (ties go to
    the higher priority), else UNKNOWN."""
    understanding = Understanding(text, today, command=match_command(text, intents))
    if understanding.command:
        understanding.intent, understanding.confidence = understanding.command, 1.0
        understanding.candidates = ((understanding.command, 1.0),)
        return understanding
    scored = sorted(
        ((r.score(understanding), r.priority, r.intent) for r in recognisers), key=lambda s: (s[0], s[1]), reverse=True
    )
    understanding.candidates = tuple((intent, score) for score, _, intent in scored if score > 0)
    if scored and scored[0][0] >= MIN_CONFIDENCE:
        understanding.intent, understanding.confidence = scored[0][2], scored[0][0]
    return understanding

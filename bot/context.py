"""What a handler gets besides the message, and what it gives back.

Handlers return, they don't send: a `Turn` holds the replies and what should become of the dialogue,
so a whole conversation can be tested as a transcript with no platform at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.i18n import Translator
from bot.messages import Reply
from bot.nlu.understanding import Understanding
from storage.dialogues import DialogueState
from storage.models import Person

if TYPE_CHECKING:
    from bot.registry import Registry


class Keep(Enum):
    """Leave the dialogue as it is (a help answer in the middle of logging a trip)."""

    DIALOGUE = "keep"


KEEP = Keep.DIALOGUE


@dataclass(frozen=True)
class Handover:
    """The conversation handed to another capability, which starts its own dialogue from `data`: editing
    a saved activity is the logging dialogue's; ending that edit goes back to the unit list."""

    capability: str
    verb: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Turn:
    """Replies to send, and the dialogue afterwards: a new state, None to end it, or KEEP.

    `understood` is False when a dialogue's owner could make nothing of the message; the engine then
    lets another capability answer it (a question asked in the middle of logging a trip) if one can.
    An owner that hands the message on without a word of its own (`Turn.pass_on`) gets the fallback's
    answer when no other capability takes it. `handover` gives the conversation to another capability.
    """

    replies: list[Reply] = field(default_factory=list)
    dialogue: DialogueState | None | Keep = KEEP
    understood: bool = True
    handover: Handover | None = None

    @classmethod
    def say(cls, *texts: str) -> Turn:
        return cls([Reply(text) for text in texts])

    @classmethod
    def pass_on(cls, dialogue: DialogueState | None | Keep = KEEP) -> Turn:
        """Not for this dialogue: the rest of the bot answers (another capability, else the fallback)."""
        return cls([], dialogue, understood=False)

    def ended(self) -> Turn:
        """The same replies, ending the dialogue."""
        self.dialogue = None
        return self


@dataclass
class Context:
    """Everything a handler may use for one turn. `now` is in the person's time zone."""

    session: Session
    person: Person
    language: str
    t: Translator
    settings: Settings
    registry: Registry
    now: datetime
    dialogue: DialogueState | None = None
    # The turn's one reading of the message (None for a button press or a form).
    understanding: Understanding | None = None

    @property
    def today(self) -> date:
        return self.now.date()

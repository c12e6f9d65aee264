"""Capabilities and the registry the engine routes by.

A capability is one module in `handlers/` that exposes a `capability` object; `handlers/__init__.py`
lists them. The capability names the intents it serves, the catalog key of its trigger words and help
text, and the function that handles a message (and, for multi-turn capabilities, continues a dialogue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.context import Context, Turn
    from bot.messages import Message, Reply

Handle = Callable[["Message", "Context"], "Turn"]
# How sure a capability is that a free-text message is for it (0 … 1), for intents that are not
# commands: "Jag var i Bryssel i tisdags" is logging, "Måste flyget klimatkompenseras?" is a question.
Recognise = Callable[[str], float]


@dataclass(frozen=True)
class Capability:
    """What a handler module declares about itself.

    `interrupts` lets an intent be served in the middle of another capability's dialogue without
    ending it (asking for help while logging a trip), instead of being read as an answer.
    `recognise` scores free text for the capability's first intent when no command phrase matched.
    `reprompt` restates a dialogue's pending question after another capability answered in between.
    `personal` marks what shows a person's own or their unit's data (their activities, an export):
    asked in a channel, it is answered in the person's private conversation with the bot.
    """

    name: str
    handle: Handle
    intents: tuple[str, ...] = ()
    help_key: str | None = None
    help_order: int = 50
    interrupts: bool = False
    resume: Handle | None = None
    recognise: Recognise | None = None
    reprompt: Callable[[Message, Context], list[Reply]] | None = None
    personal: bool = False


class Registry:
    def __init__(self, capabilities: Iterable[Capability]) -> None:
        self._by_name: dict[str, Capability] = {}
        self._by_intent: dict[str, Capability] = {}
        for capability in capabilities:
            if capability.name in self._by_name:
                raise ValueError(f"two capabilities named {capability.name!r}")
            self._by_name[capability.name] = capability
            for intent in capability.intents:
                if intent in self._by_intent:
                    raise ValueError(f"intent {intent!r} served by two capabilities")
                self._by_intent[intent] = capability

    def get(self, name: str) -> Capability | None:
        return self._by_name.get(name)

    def for_intent(self, intent: str) -> Capability | None:
        return self._by_intent.get(intent)

    @property
    def intents(self) -> tuple[str, ...]:
        return tuple(self._by_intent)

    @property
    def recognisers(self) -> list[tuple[str, Recognise]]:
        """(intent, scorer) for every capability that scores free text."""
        return [(c.intents[0], c.recognise) for c in self._by_name.values() if c.recognise and c.intents]

    def with_help(self) -> list[Capability]:
        """Capabilities that describe themselves in the help text, in help order."""
        listed = [c for c in self._by_name.values() if c.help_key]
        return sorted(listed, key=lambda c: c.help_order)

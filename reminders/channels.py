"""Where a notice can be delivered: the platforms that can write to a person without being asked.

Reminders are proactive: nobody wrote to the bot, so a platform must know how to reach the person (a
Slack user id; a stored Teams conversation reference). Each platform that can do that provides a
`Channel`; the composition root lists the configured ones, and delivery tries them in order.
"""

from __future__ import annotations

from typing import Protocol

from bot.messages import Reply
from storage.models import Person


class DeliveryError(Exception):
    """A notice could not be delivered. `retryable` says whether trying again later may help
    (Slack down, rate limited) or not (the user is deactivated, the bot was removed)."""

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class Channel(Protocol):
    name: str

    def reaches(self, person: Person) -> bool:
        """Whether this platform knows how to write to the person at all."""
        ...

    def send(self, person: Person, replies: list[Reply]) -> None:
        """Deliver the replies to the person's direct conversation; raise DeliveryError on failure."""
        ...

"""Where a notice can be delivered: the platforms that can write to a person without being asked.

Reminders are proactive: nobody wrote to the bot, so a platform must know how to reach the person (a
Slack user id; a stored Teams conversation reference; an e-mail address). Each platform that can do that
provides a `Channel`; the composition root lists the configured ones, chat before e-mail, and delivery
sends each notice through the first one that reaches the person. A channel that finds out only while
sending that the person is not there (Slack knows no one by that address, Teams has no chat with them)
raises `Unreachable` before anything went out, and the next channel gets its turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from bot.messages import Reply
from storage.models import Person


class DeliveryError(Exception):
    """A notice could not be delivered. `retryable` says whether trying again later may help
    (Slack down, rate limited) or not (the user is deactivated, the bot was removed)."""

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class Unreachable(DeliveryError):
    """This channel has no way to the person, and nothing was sent: the next channel may try. Never
    retried through the same channel, since asking again later gets the same answer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, retryable=False)


@dataclass(frozen=True)
class About:
    """What a notice is, for a channel that shows more than the replies: an e-mail needs a subject when
    the reply has no title, the deadline for its calendar entry, and a Message-ID that is the same if the
    notice is ever sent twice (a crash after the server took it), so mail programs show it once.

    `series` names the reminders that belong together (a unit's year), so their calendar entries are one;
    `year` is the reported year an annual reminder is about.
    """

    key: str
    kind: str
    deadline: date | None = None
    series: str | None = None
    year: int | None = None


class Channel(Protocol):
    name: str

    def reaches(self, person: Person) -> bool:
        """Whether this platform has a way to address the person at all, from what is stored (no network)."""
        ...

    def confirms(self, person: Person) -> bool:
        """Whether the platform, asked now, would take a message for the person (Slack is asked whether it
        knows their e-mail address). Reads only; for the preview and the doctor, which must say which
        channel a notice will really go through."""
        ...

    def send(self, person: Person, replies: list[Reply], about: About | None = None) -> None:
        """Deliver the replies to the person's direct conversation; raise DeliveryError on failure, and
        Unreachable when the person is not there and nothing was sent."""
        ...

    def app_link(self) -> str | None:
        """Where a person opens Utblick on this platform, for an e-mail that says how to answer it."""
        ...


@runtime_checkable
class Poster(Protocol):
    """A platform that can also post into a shared channel (Slack's "#goda-exempel", a Teams channel), for
    what is meant for everyone rather than for one person: an approved good example."""

    name: str

    def posts_to(self, address: str) -> bool:
        """Whether the address is one of this platform's channels."""
        ...

    def post(self, address: str, replies: list[Reply]) -> None:
        """Post the replies in the channel; raise DeliveryError on failure."""
        ...


def post_through(channels: Sequence[object], address: str, replies: list[Reply]) -> DeliveryError | None:
    """Post through the one configured platform the address belongs to; the error, if it failed."""
    for channel in channels:
        if isinstance(channel, Poster) and channel.posts_to(address):
            try:
                channel.post(address, replies)
            except DeliveryError as error:
                return error
            return None
    return Unreachable(f"no configured platform posts to {address}")

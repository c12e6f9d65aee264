"""What a button does, as a typed `Action`, and the one codec that turns it into the string a platform
carries and back.

A button's value travels through Slack and Teams and comes back when it is pressed. The codec signs it
(HMAC-SHA256 with a key kept in the database, so every instance and every restart agrees), and refuses
any value it did not issue: a value typed by hand, edited in a Teams client, or left over from another
installation is never taken for a press. Handlers build and read `Action`s; only adapters see strings.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

# An action's parts: a capability's name, a verb, and arguments such as ids, years and codes.
_PART = re.compile(r"^[\w.@-]*$")
_SEPARATOR = ":"
_SIGNATURE = "~"
SIGNATURE_CHARS = 16


@dataclass(frozen=True)
class Action:
    """A button's meaning: which capability, what to do, with what (`report`, `unit`, `("7", "2026")`)."""

    capability: str
    verb: str = ""
    args: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for part in (self.capability, self.verb, *self.args):
            if not _PART.match(part):
                raise ValueError(f"an action's part may hold letters, digits and . @ - _ only: {part!r}")

    def __str__(self) -> str:
        return _SEPARATOR.join([self.capability, *([self.verb] if self.verb or self.args else []), *self.args])

    @classmethod
    def of(cls, text: str) -> Action:
        """The action written as "capability:verb:arg…" (for the code's own actions and for tests)."""
        capability, *rest = text.split(_SEPARATOR)
        return cls(capability, rest[0] if rest else "", tuple(rest[1:]))

    def arg(self, index: int, default: str = "") -> str:
        return self.args[index] if index < len(self.args) else default


class ActionCodec:
    """Encodes actions into signed strings and decodes only strings it signed itself."""

    def __init__(self, key: bytes | Callable[[], bytes]) -> None:
        self._key = key if isinstance(key, bytes) else None
        self._load = None if isinstance(key, bytes) else key
        self._lock = threading.Lock()

    @property
    def key(self) -> bytes:
        if self._key is None:
            with self._lock:
                if self._key is None:
                    assert self._load is not None
                    self._key = self._load()
        return self._key

    def _sign(self, text: str) -> str:
        return hmac.new(self.key, text.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]

    def encode(self, action: Action) -> str:
        text = str(action)
        return f"{text}{_SIGNATURE}{self._sign(text)}"

    def decode(self, value: object) -> Action | None:
        """The action a value stands for, or None when this installation did not issue it."""
        if not isinstance(value, str) or _SIGNATURE not in value:
            return None
        text, _, signature = value.rpartition(_SIGNATURE)
        if not hmac.compare_digest(signature, self._sign(text)):
            return None
        try:
            return Action.of(text)
        except ValueError:
            return None

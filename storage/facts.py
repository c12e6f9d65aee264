"""`ActivityFacts`: one activity in one typed shape, from the parser's draft to the report.

The dialogue keeps it between messages (`to_json` / `from_json`, the one codec into the dialogue row),
saving puts it into the ORM `Activity` (`apply_to`), and an activity being changed is read back with
`from_activity`; the register and the reports read the same fields. Adding a fact is one field here, one
column (a migration), and one declared question in handlers/activity_questions.py.

It lives in storage, the bottom layer, so that every layer above may use it.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any, Self

from storage.models import Activity
from storage.vocab import PROJECT_KINDS, Answer, DatePrecision, Kind, Status, TravelMode

_NUMBER = re.compile(r"\d{1,6}")


@dataclass
class ActivityFacts:
    """What is known about one activity. None means "not said", never "no"."""

    kind: Kind | None = None
    title: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    # How precisely the dates were said; None for a day (the exact dates are what was said).
    date_precision: DatePrecision | None = None
    city: str | None = None
    country: str | None = None
    travel_mode: TravelMode | None = None
    climate_compensated: Answer | None = None
    programme: str | None = None
    network: str | None = None
    project_name: str | None = None
    status: Status | None = None
    participants: int | None = None
    results: str | None = None
    cofunding_considered: Answer | None = None
    # Facts declared by a question without a column of their own (see handlers/activity_questions.py).
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def start(self) -> date | None:
        return self.start_date

    @property
    def end(self) -> date | None:
        return self.end_date

    @property
    def is_project(self) -> bool:
        return self.kind in PROJECT_KINDS and self.kind != Kind.APPLICATION

    # -------------------------------------------------------------------- the dialogue row

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: dates as ISO strings, codes as their strings."""
        return {f.name: _to_json(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """Read what `to_json` wrote, and what older versions wrote: unknown keys are ignored and a value
        that no longer fits its field (a code since retired) is dropped, so a dialogue saved before a
        deploy goes on with what can still be read instead of failing."""
        hints = _hints(cls)
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in data and f.init:
                try:
                    values[f.name] = _from_json(hints[f.name], data[f.name])
                except (TypeError, ValueError):
                    continue
        return cls(**values)

    # -------------------------------------------------------------------- the stored activity

    @classmethod
    def from_activity(cls, activity: Activity, **more: Any) -> Self:
        """The facts of a stored activity (to show it, or to change it in the dialogue)."""
        hints = _hints(cls)
        values = {name: _readable(hints[name], getattr(activity, name)) for name in (*_COLUMNS, "date_precision")}
        return cls(**values, **more)

    def apply_to(self, activity: Activity) -> None:
        """Put the facts into the ORM row; the one mapping from facts to columns."""
        for name in _COLUMNS:
            setattr(activity, name, getattr(self, name))
        activity.kind = self.kind or Kind.OTHER
        activity.title = (self.title or "")[:300]
        activity.climate_compensated = self.climate_compensated or Answer.UNKNOWN
        activity.date_precision = self.date_precision if self.date_precision != DatePrecision.DAY else None


# The facts stored in a column of the same name.
_COLUMNS = (
    "kind", "title", "start_date", "end_date", "city", "country", "travel_mode", "climate_compensated", "programme",
    "network", "project_name", "status", "participants", "results", "cofunding_considered",
)  # fmt: skip


def participants_from_text(text: str | None) -> int | None:
    """A number of participants written as text: "4", "4 lärare", and "24 elever, 3 lärare" counted
    together (27); None when the text gives no number (names)."""
    numbers = _NUMBER.findall(str(text)) if text is not None else []
    return sum(int(n) for n in numbers) if numbers else None


def _to_json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


@cache
def _type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _hints(cls: type) -> dict[str, Any]:
    return _type_hints(cls)


def _from_json(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    base = _base(hint)
    if base is date:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    return _coerce(hint, value)


def _base(hint: Any) -> Any:
    """The type in `X | None`."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def _readable(hint: Any, value: Any) -> Any:
    """A stored value as the field's type, or None when a column holds what no field can (an old code)."""
    try:
        return _coerce(hint, value)
    except (TypeError, ValueError):
        return None


def _coerce(hint: Any, value: Any) -> Any:
    """A stored or saved value as the field's type: a code string as its enum, a number as an int."""
    if value is None:
        return None
    base = _base(hint)
    if isinstance(base, type) and issubclass(base, StrEnum):
        return base(value)
    if base is int:
        if isinstance(value, bool):
            raise ValueError(value)
        return value if isinstance(value, int) else int(value)
    if base is bool and not isinstance(value, bool):
        raise ValueError(value)
    if base is str and not isinstance(value, str):
        raise ValueError(value)
    origin = typing.get_origin(base)
    if origin in (list, dict) and not isinstance(value, origin):
        raise ValueError(value)
    return value


__all__ = ["ActivityFacts", "participants_from_text"]

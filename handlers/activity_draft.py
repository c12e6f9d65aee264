"""The activity being logged, as the dialogue remembers it between messages, and what is still missing.

Kept as plain JSON in the dialogue row (dates as ISO strings), so a restart or a second instance picks up
exactly where the person left off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar
from uuid import uuid4

from bot.nlu.activity import ActivityDraft, status_from_dates
from storage.facts import ActivityFacts
from storage.models import Activity
from storage.vocab import PROJECT_KINDS, Answer, DatePrecision, Kind, Status, TravelMode

_E = TypeVar("_E", bound=StrEnum)


def _code(vocabulary: type[_E], value: str | None) -> _E | None:
    """The parser's code as the vocabulary's member; a code the vocabulary lacks is not taken."""
    return vocabulary(value) if value in {m.value for m in vocabulary} else None


def category(kind: str) -> str:
    """Applications, projects and events each have statuses of their own."""
    if kind == "application":
        return "application"
    return "project" if kind in PROJECT_KINDS else "event"


@dataclass
class Slots(ActivityFacts):
    """The activity being logged (`ActivityFacts`) and what the dialogue remembers about logging it.

    The dialogue row holds it as `to_json()`; `from_json` also reads rows saved by earlier versions (the
    same keys, dates as ISO strings), so a conversation left open over a deploy goes on.
    """

    topic: str | None = None
    programme_is_eu: bool | None = None
    unit_id: int | None = None
    edit_id: int | None = None
    messages: list[str] = field(default_factory=list)
    status_said: bool = False
    queued: str | None = None
    # How the person travelled, said once for both activities of a message: given to the queued one.
    queued_travel: TravelMode | None = None
    typed_place: str | None = None
    # A unit the person named that is not in the register, and whether an administrator was asked to add it.
    typed_unit: str | None = None
    unit_requested: bool = False
    # Applications already logged that an outcome said now may be for ("beviljades"), to choose from.
    outcome_for: list[int] | None = None
    title_from_person: bool = False
    # The numbered unit list the edit was started from, so "visa 1" afterwards still means that list.
    listed_ids: list[int] | None = None
    # Names this draft for good: saving it twice (two instances, a double click) stores one activity.
    draft_key: str = field(default_factory=lambda: uuid4().hex)

    # The names older code used; kept so the dialogue row of today reads the same.
    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Slots:
        return cls.from_json(data)

    def to_dict(self) -> dict[str, Any]:
        return self.to_json()

    def merge(self, draft: ActivityDraft, *, correction: bool = False) -> list[str]:
        """Take what the draft knows; return the names of the fields that changed.

        In a correction a new date replaces the whole period, and a new place replaces city and country
        together ("nej, det var i Berlin" must not leave Brussels' country behind).
        """
        changed: list[str] = []

        def put(name: str, value: Any) -> None:
            if value is not None and getattr(self, name) != value:
                setattr(self, name, value)
                changed.append(name)

        kind = draft.kind if draft.kind_said else None  # "other" by default is not the person's answer
        if kind in ("eu_project", "international_project") and self.programme_is_eu is not None and not draft.programme:
            kind = "eu_project" if self.programme_is_eu else "international_project"
        if kind and self.kind and category(kind) != category(self.kind):
            # "Ansökt" does not carry over when an application turns out to be a conference.
            self.status, self.status_said = None, False
        put("kind", _code(Kind, kind))
        if (draft.start_date or draft.end_date) and (correction or not self.start_date):
            put("start_date", draft.start_date)
            if self.end_date != draft.end_date:
                self.end_date = draft.end_date
                changed.append("end_date")
            self.date_precision = _code(DatePrecision, draft.date_precision)
        if (draft.city or draft.country) and (correction or not (self.city or self.country)):
            if self.city != draft.city:
                self.city = draft.city
                changed.append("city")
            put("country", draft.country)
        put("travel_mode", _code(TravelMode, draft.travel_mode))
        put("climate_compensated", _code(Answer, draft.climate_compensated))
        if draft.programme:
            put("programme", draft.programme)
            self.programme_is_eu = draft.programme_is_eu
        put("network", draft.network)
        put("project_name", draft.project_name)
        put("participants", draft.participants)
        # A correction changes the status only when it says one in words ("den blev beviljad").
        if draft.status and (draft.status_said if correction else not self.status):
            put("status", _code(Status, draft.status))
            self.status_said = draft.status_said
        if draft.topic and not self.topic and not correction:
            self.topic = draft.topic
        return changed

    def refresh_status(self, today: date) -> None:
        """An event's status follows its dates unless the person said it in words."""
        if self.status_said or self.is_project or self.kind == "application":
            if self.kind == "application" and not self.status:
                self.status = Status.APPLIED
            return
        self.status = _code(Status, status_from_dates(self.start, self.end, today)) or self.status

    @classmethod
    def for_activity(cls, activity: Activity) -> Slots:
        """The dialogue's draft for changing a stored activity."""
        return cls.from_activity(activity, unit_id=activity.org_unit_id, edit_id=activity.id, title_from_person=True)

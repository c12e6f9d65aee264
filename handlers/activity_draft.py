"""The activity being logged, as the dialogue remembers it between messages, and what is still missing.

Kept as plain JSON in the dialogue row (dates as ISO strings), so a restart or a second instance picks up
exactly where the person left off.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any
from uuid import uuid4

from bot.nlu.activity import ActivityDraft, status_from_dates
from storage.models import Activity
from storage.vocab import PROJECT_KINDS

# Kinds that happen somewhere: the report lists them with a place unless they were held digitally.
_PLACE_KINDS = frozenset({"conference", "network_meeting", "study_visit", "incoming_visit", "meeting", "training"})

# The fields a message can set, in the order a summary shows them.
FACTS = (
    "kind",
    "title",
    "start_date",
    "end_date",
    "city",
    "country",
    "travel_mode",
    "climate_compensated",
    "programme",
    "network",
    "project_name",
    "status",
)


def category(kind: str) -> str:
    """Applications, projects and events each have statuses of their own."""
    if kind == "application":
        return "application"
    return "project" if kind in PROJECT_KINDS else "event"


@dataclass
class Slots:
    kind: str | None = None
    title: str | None = None
    topic: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    date_precision: str | None = None
    city: str | None = None
    country: str | None = None
    travel_mode: str | None = None
    climate_compensated: str | None = None
    programme: str | None = None
    programme_is_eu: bool | None = None
    network: str | None = None
    project_name: str | None = None
    status: str | None = None
    results: str | None = None
    cofunding_considered: str | None = None
    unit_id: int | None = None
    edit_id: int | None = None
    messages: list[str] = field(default_factory=list)
    status_said: bool = False
    queued: str | None = None
    typed_place: str | None = None
    title_from_person: bool = False
    # The numbered unit list the edit was started from, so "visa 1" afterwards still means that list.
    listed_ids: list[int] | None = None
    # Names this draft for good: saving it twice (two instances, a double click) stores one activity.
    draft_key: str = field(default_factory=lambda: uuid4().hex)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Slots:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def start(self) -> date | None:
        return date.fromisoformat(self.start_date) if self.start_date else None

    @property
    def end(self) -> date | None:
        return date.fromisoformat(self.end_date) if self.end_date else None

    @property
    def is_project(self) -> bool:
        return self.kind in PROJECT_KINDS and self.kind != "application"

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
        put("kind", kind)
        if (draft.start_date or draft.end_date) and (correction or not self.start_date):
            new_end = draft.end_date.isoformat() if draft.end_date else None
            put("start_date", draft.start_date.isoformat() if draft.start_date else None)
            if self.end_date != new_end:
                self.end_date = new_end
                changed.append("end_date")
            self.date_precision = draft.date_precision
        if (draft.city or draft.country) and (correction or not (self.city or self.country)):
            if self.city != draft.city:
                self.city = draft.city
                changed.append("city")
            put("country", draft.country)
        put("travel_mode", draft.travel_mode)
        put("climate_compensated", draft.climate_compensated)
        if draft.programme:
            put("programme", draft.programme)
            self.programme_is_eu = draft.programme_is_eu
        put("network", draft.network)
        put("project_name", draft.project_name)
        # A correction changes the status only when it says one in words ("den blev beviljad").
        if draft.status and (draft.status_said if correction else not self.status):
            put("status", draft.status)
            self.status_said = draft.status_said
        if draft.topic and not self.topic and not correction:
            self.topic = draft.topic
        return changed

    def refresh_status(self, today: date) -> None:
        """An event's status follows its dates unless the person said it in words."""
        if self.status_said or self.is_project or self.kind == "application":
            if self.kind == "application" and not self.status:
                self.status = "applied"
            return
        self.status = status_from_dates(self.start, self.end, today) or self.status

    def missing(self, *, units_exist: bool, person_has_unit: bool) -> str | None:
        """The next thing to ask, in the order a colleague would ask it; None when ready to save."""
        if not self.kind:
            return "kind"
        if self.is_project and not self.status:
            return "status"
        if not self.is_project and not self.start_date:
            return "date"
        if self.kind in _PLACE_KINDS and self.travel_mode != "digital" and not (self.city or self.country):
            return "place"
        if units_exist and not self.unit_id and not person_has_unit:
            return "unit"
        if self.travel_mode == "flight" and self.climate_compensated is None:
            return "climate"
        if self.is_project and not self.programme and self.cofunding_considered is None:
            return "cofunding"
        return None

    @classmethod
    def from_activity(cls, activity: Activity) -> Slots:
        return cls(
            kind=activity.kind,
            title=activity.title,
            start_date=activity.start_date.isoformat() if activity.start_date else None,
            end_date=activity.end_date.isoformat() if activity.end_date else None,
            city=activity.city,
            country=activity.country,
            travel_mode=activity.travel_mode,
            climate_compensated=activity.climate_compensated,
            programme=activity.programme,
            network=activity.network,
            project_name=activity.project_name,
            status=activity.status,
            results=activity.results,
            cofunding_considered=activity.cofunding_considered,
            unit_id=activity.org_unit_id,
            edit_id=activity.id,
            title_from_person=True,
        )

    def apply_to(self, activity: Activity) -> None:
        activity.kind = self.kind or "other"
        activity.title = (self.title or "")[:300]
        activity.start_date = self.start
        activity.end_date = self.end
        activity.city = self.city
        activity.country = self.country
        activity.travel_mode = self.travel_mode
        activity.climate_compensated = self.climate_compensated or "unknown"
        activity.programme = self.programme
        activity.network = self.network
        activity.project_name = self.project_name
        activity.status = self.status
        activity.cofunding_considered = self.cofunding_considered
        if self.results:
            activity.results = self.results

"""The vocabularies of docs/design.md and how activity kinds map onto the annual report's sections.

The strategy says the report has three parts: (1) ongoing and finished EU projects, other international
projects and submitted applications; (2) other international work of the year; (3) the results. Every
feature that groups activities (the report, the reminder digest, App Home) uses `report_section`.
Labels for these codes are in the catalogs under `vocab.*`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Final


class Kind(StrEnum):
    """What kind of international work an activity is; the order is the order they are offered in."""

    EU_PROJECT = "eu_project"
    INTERNATIONAL_PROJECT = "international_project"
    APPLICATION = "application"
    CONFERENCE = "conference"
    NETWORK_MEETING = "network_meeting"
    STUDY_VISIT = "study_visit"
    INCOMING_VISIT = "incoming_visit"
    MEETING = "meeting"
    TRAINING = "training"
    OTHER = "other"


class TravelMode(StrEnum):
    FLIGHT = "flight"
    TRAIN = "train"
    BUS = "bus"
    CAR = "car"
    BOAT = "boat"
    DIGITAL = "digital"
    NONE = "none"


class Status(StrEnum):
    PLANNED = "planned"
    APPLIED = "applied"
    GRANTED = "granted"
    REJECTED = "rejected"
    ONGOING = "ongoing"
    FINISHED = "finished"


class Answer(StrEnum):
    """The answer to one of the strategy's yes/no questions (climate compensation, co-funding)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class DatePrecision(StrEnum):
    """How precisely a date was said: "12 mars" is a day, "förra månaden" a month, "2027" a year."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


# The codes as plain strings, for membership tests and the catalogs' `vocab.*` keys.
KINDS: Final = tuple(k.value for k in Kind)
TRAVEL_MODES: Final = tuple(m.value for m in TravelMode)
STATUSES: Final = tuple(s.value for s in Status)
CLIMATE_COMPENSATED: Final = tuple(a.value for a in Answer)
DATE_PRECISIONS: Final = tuple(p.value for p in DatePrecision)
UNIT_KINDS: Final = ("forvaltning", "bolag")

PROJECT_KINDS: Final = frozenset({"eu_project", "international_project", "application"})

# Section numbers as in the strategy's list of what the report must contain.
SECTION_PROJECTS: Final = 1
SECTION_OTHER_WORK: Final = 2
SECTION_RESULTS: Final = 3
SECTIONS: Final = (SECTION_PROJECTS, SECTION_OTHER_WORK, SECTION_RESULTS)


def report_section(kind: str) -> int:
    """Where an activity of this kind is listed: projects and applications (1) or other work (2).

    Section 3 is not a kind: it lists the results of activities from either section.
    """
    return SECTION_PROJECTS if kind in PROJECT_KINDS else SECTION_OTHER_WORK


COUNTRY_CODE_LENGTH: Final = 2


# Dates the register accepts: international work from 1990 on (the oldest records a unit might import)
# and planned work at most ten years ahead. Anything outside is a typing slip (2062 for 2026, 9999 as
# "open-ended"), and one such date must not reach the reports or the reminder planner's date arithmetic.
EARLIEST_DATE: Final = date(1990, 1, 1)
YEARS_AHEAD: Final = 10


def date_window(today: date) -> tuple[date, date]:
    """The first and last day an activity may have, seen from `today`."""
    return EARLIEST_DATE, date(today.year + YEARS_AHEAD, 12, 31)


def in_date_window(day: date, today: date) -> bool:
    first, last = date_window(today)
    return first <= day <= last

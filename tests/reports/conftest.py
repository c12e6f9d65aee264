"""Fixtures for the report tests: the seeded year, and its report built the way the chat builds it."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from reports.builder import build_report
from reports.model import Report
from reports.query import load_activities, unit_info
from storage.db import Database

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 11, 26)


def kff_report(database: Database, seeded: dict[str, Any], language: str = "sv", year: int = 2026) -> Report:
    from storage.models import OrgUnit

    with database.session_scope() as session:
        unit = session.get(OrgUnit, seeded["kff"])
        assert unit is not None
        records = load_activities(session, year, unit.id, STOCKHOLM)
        return build_report(records, year=year, language=language, unit=unit_info(unit), generated_on=TODAY)


@pytest.fixture
def report_sv(database: Database, seeded: dict[str, Any]) -> Report:
    return kff_report(database, seeded, "sv")


@pytest.fixture
def report_en(database: Database, seeded: dict[str, Any]) -> Report:
    return kff_report(database, seeded, "en")

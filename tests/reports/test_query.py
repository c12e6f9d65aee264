"""Loading a year's activities from the database: the SQL must say what `reports.period` says."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from reports.period import in_year
from reports.query import load_activities
from storage.db import Database
from storage.models import Activity
from storage.vocab import KINDS, STATUSES
from tests.reports.conftest import STOCKHOLM


def _titles(database: Database, year: int, unit_id: int | None) -> set[str]:
    with database.session_scope() as session:
        return {record.title for record in load_activities(session, year, unit_id, STOCKHOLM)}


def test_a_units_year_holds_its_own_activities_of_that_year(database: Database, seeded: dict[str, Any]) -> None:
    titles = _titles(database, 2026, seeded["kff"])
    assert "Julmarknader i Kaunas" in titles  # 29 December 2025 – 2 January 2026
    assert "Green Culture Cities" in titles  # 2025–2028, ongoing
    assert "Vänortssamarbete med Kaunas" in titles  # open-ended project
    assert "Samtal med Svenska institutet om residens" in titles  # undated, logged in June 2026
    assert "Eurocities Annual Meeting" not in titles  # November 2025
    assert "Kulturarv online" not in titles  # ended 2025
    assert "Nordic Culture Forum" not in titles  # 2027
    assert "Skolbesök i Tammerfors" not in titles  # another unit
    assert len(titles) == 14


def test_all_units_means_every_unit(database: Database, seeded: dict[str, Any]) -> None:
    titles = _titles(database, 2026, None)
    assert "Skolbesök i Tammerfors" in titles
    assert len(titles) == 15


def test_the_query_and_the_written_rule_agree_for_every_year(database: Database, seeded: dict[str, Any]) -> None:
    with database.session_scope() as session:
        activities = session.scalars(select(Activity)).all()
        for year in range(2022, 2030):
            expected = {
                a.id
                for a in activities
                if in_year(
                    year,
                    a.kind,
                    a.start_date,
                    a.end_date,
                    a.status,
                    a.created_at.astimezone(STOCKHOLM).date(),
                )
            }
            loaded = {r.id for r in load_activities(session, year, None, STOCKHOLM)}
            assert loaded == expected, year


def test_logged_just_after_midnight_on_new_years_day_is_the_new_year(
    database: Database, seeded: dict[str, Any]
) -> None:
    # 00:30 on 1 January in Växjö is 23:30 on 31 December in UTC; the municipality's calendar decides.
    with database.session_scope() as session:
        activity = Activity(kind="other", title="Nyårsmöte", org_unit_id=seeded["kff"])
        activity.created_at = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
        session.add(activity)
    assert "Nyårsmöte" in _titles(database, 2027, seeded["kff"])
    assert "Nyårsmöte" not in _titles(database, 2026, seeded["kff"])


def test_records_carry_who_logged_and_when(database: Database, seeded: dict[str, Any]) -> None:
    with database.session_scope() as session:
        records = {r.title: r for r in load_activities(session, 2026, seeded["kff"], STOCKHOLM)}
    summit = records["Culture Summit"]
    assert summit.logged_by == "Erik Lind"
    assert summit.unit_name == "Kultur- och fritidsförvaltningen"
    assert summit.start_date == date(2026, 10, 5)
    assert records["Samtal med Svenska institutet om residens"].logged_on == date(2026, 6, 10)


_DAYS = st.dates(min_value=date(2023, 6, 1), max_value=date(2028, 6, 30))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(KINDS),
            st.none() | _DAYS,
            st.none() | _DAYS,
            st.none() | st.sampled_from(STATUSES),
            st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_sql_and_rule_agree_on_any_activities(database: Database, activities: list[tuple[Any, ...]]) -> None:
    with database.session_scope() as session:
        session.execute(delete(Activity))
        for kind, start, end, status, created in activities:
            session.add(
                Activity(kind=kind, title="x", start_date=start, end_date=end, status=status, created_at=created)
            )
    with database.session_scope() as session:
        stored = session.scalars(select(Activity)).all()
        for year in (2024, 2025, 2026, 2027):
            expected = {
                a.id
                for a in stored
                if in_year(year, a.kind, a.start_date, a.end_date, a.status, a.created_at.astimezone(STOCKHOLM).date())
            }
            assert {r.id for r in load_activities(session, year, None, STOCKHOLM)} == expected, year

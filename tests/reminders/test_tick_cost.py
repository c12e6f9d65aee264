"""A scheduler tick costs what changed, not the size of the register: with nothing new, a tick runs the same
statements at a hundred activities as at thousands, and a follow-up still comes on its day."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import event, func, insert, select

from bot.app import App
from reminders.delivery import run_due
from storage.db import Database
from storage.models import Activity, Delivery, Person
from tests.reminders.conftest import STOCKHOLM, at


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


def add_asked_activities(database: Database, count: int, unit_id: int) -> None:
    """This year's work, logged by many people, each already asked about its results and its flight."""
    logged = datetime(2026, 12, 5, tzinfo=STOCKHOLM)
    with database.session_scope() as session:
        first = session.scalar(select(func.count()).select_from(Person))
        people = [{"display_name": f"Person {first + n}", "email": f"person{first + n}@vaxjo.se", "language": "sv"}
                  for n in range(count // 2)]  # fmt: skip
        session.execute(insert(Person), people)
        ids = session.scalars(select(Person.id).where(Person.email.like("person%@vaxjo.se"))).all()
        rows = [
            {"kind": "conference", "title": f"Möte {n}", "start_date": date(2026, 12, 1 + n % 28),
             "travel_mode": "flight", "climate_compensated": "unknown", "status": "finished",
             "logged_by_id": ids[n % len(ids)], "org_unit_id": unit_id, "source": "import", "created_at": logged,
             "updated_at": logged}
            for n in range(count)
        ]  # fmt: skip
        session.execute(insert(Activity), rows)
        asked = session.scalars(
            select(Activity.id).where(Activity.title.like("Möte %"), Activity.org_unit_id == unit_id)
        ).all()
        session.execute(
            insert(Delivery),
            [{"key": f"{prefix}:{activity}", "kind": kind, "due_at": logged, "status": "sent", "attempts": 1,
              "payload": {"activity_id": activity}, "created_at": logged}
             for activity in asked
             for prefix, kind in (("results", "results_followup"), ("climate", "climate_compensation"))],
        )  # fmt: skip


def tick(app: App, moment: str) -> list[str]:
    with statements(app.database) as seen:
        run_due(app.database, app.channels, app.settings, at(moment))
    return seen


def test_a_tick_with_nothing_new_runs_the_same_statements_at_any_size(
    reminder_app: App, municipality: dict[str, int], database: Database
) -> None:
    add_asked_activities(database, 100, municipality["kultur"])
    tick(reminder_app, "2027-01-15 09:00")  # the first tick plans everything once and sends the 14-day reminders
    small = tick(reminder_app, "2027-01-15 09:05")
    add_asked_activities(database, 3000, municipality["teknik"])
    tick(reminder_app, "2027-01-15 09:10")
    large = tick(reminder_app, "2027-01-15 09:15")
    assert len(large) == len(small)
    assert len(small) < 15


def test_a_follow_up_comes_on_its_day_when_the_ticks_are_incremental(
    reminder_app: App, municipality: dict[str, int], database: Database
) -> None:
    tick(reminder_app, "2027-01-15 09:00")
    # Logged on Friday for next week: asked about three days after it ended, at 09:00.
    with database.session_scope() as session:
        tallinn = Activity(kind="study_visit", title="Studiebesök i Tallinn", start_date=date(2027, 1, 18),
                           end_date=date(2027, 1, 19), status="finished", logged_by_id=municipality["anna"],
                           org_unit_id=municipality["kultur"], created_at=at("2027-01-15 11:00"),
                           updated_at=at("2027-01-15 11:00"))  # fmt: skip
        session.add(tallinn)
        session.flush()
        tallinn_id = tallinn.id
    for moment in ("2027-01-15 12:00", "2027-01-20 09:00", "2027-01-21 12:00", "2027-01-22 08:55"):
        summary = run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at(moment))
        assert not any(key.startswith("results:") for key in summary.sent)
    summary = run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-22 09:00"))
    assert [key for key in summary.sent if key.startswith("results:")] == [f"results:{tallinn_id}"]

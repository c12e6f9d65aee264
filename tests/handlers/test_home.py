"""The overview (App Home in Slack, "översikt" in any chat), read as a person sees it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.app import App
from bot.clock import FixedClock
from storage.models import Activity, OrgUnit, Person
from tests.support import Conversation


def _anna_in_kultur(app: App, *, contact: bool) -> tuple[int, int]:
    with app.database.session_scope() as session:
        unit = OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", short_name="KFF")
        anna = Person(display_name="Anna Berg", console_user="Anna Berg", org_unit=unit)
        session.add_all([unit, anna])
        session.flush()
        if contact:
            unit.contact_person = anna
        return unit.id, anna.id


def _log(app: App, unit_id: int, person_id: int | None, kind: str, title: str, **fields: object) -> None:
    with app.database.session_scope() as session:
        session.add(Activity(kind=kind, title=title, org_unit_id=unit_id, logged_by_id=person_id, **fields))


def test_a_newcomer_sees_the_deadline_and_how_to_start(chat: Conversation) -> None:
    shown = chat.say("översikt")
    assert "Hej Anna! Här är din överblick" in shown
    assert "Årsrapporten för 2026 ska vara inne senast 31 januari 2027 (om 66 dagar)." in shown
    assert "Du är inte kopplad till någon förvaltning" in shown
    assert "Du har inte loggat något ännu" in shown
    assert chat.buttons == ["Logga aktivitet", "Fråga om strategin"]


def test_the_units_year_is_counted_by_report_section(chat: Conversation, app: App) -> None:
    unit, anna = _anna_in_kultur(app, contact=True)
    _log(app, unit, anna, "eu_project", "Creative Europe", start_date=date(2025, 3, 1))  # still running
    _log(app, unit, None, "application", "Interreg-ansökan", start_date=date(2026, 2, 1), end_date=date(2026, 2, 1))
    _log(app, unit, anna, "conference", "Eurocities", start_date=date(2026, 11, 12), results="Nya kontakter i Gent")
    _log(app, unit, None, "study_visit", "Studiebesök 2025", start_date=date(2025, 5, 5))  # last year's report
    shown = chat.say("översikt")
    assert "KFF – 2026" in shown
    assert "EU-projekt, andra internationella projekt och ansökningar: 2" in shown
    other = next(line for line in shown.splitlines() if "Övrigt internationellt arbete:" in line)
    assert other.split(":")[-1].strip() == "1"
    assert "1 av 3 har resultat" in shown
    assert chat.buttons == ["Logga aktivitet", "Fråga om strategin", "Årsrapporten", "Enhetens aktiviteter"]
    assert "Aktiviteter 2026 för Kultur" in chat.press("unit_activities:list", "Enhetens aktiviteter")


def test_recent_activities_are_the_persons_own_newest_first(chat: Conversation, app: App) -> None:
    unit, anna = _anna_in_kultur(app, contact=False)
    _log(app, unit, anna, "conference", "Eurocities", start_date=date(2026, 11, 12), city="Bryssel")
    _log(app, unit, None, "meeting", "Någon annans möte", start_date=date(2026, 11, 20))
    shown = chat.say("översikt")
    assert "• 12 november 2026 · Eurocities, Bryssel" in shown
    assert "Någon annans möte" not in shown
    assert "Årsrapporten" not in chat.buttons  # only contact persons get the report


def test_in_january_the_overview_is_about_last_years_report(app: App, chat: Conversation) -> None:
    assert isinstance(app.clock, FixedClock)
    app.clock.set(datetime(2027, 1, 30, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm")))
    assert "Årsrapporten för 2026 ska vara inne senast 31 januari 2027 (om 1 dag)." in chat.say("översikt")


def test_the_overview_in_english_and_the_ask_button(chat: Conversation) -> None:
    shown = chat.say("my overview")
    assert "The annual report for 2026 is due by 31 January 2027 (in 66 days)." in shown
    asked = chat.press("home:ask", "Ask about the strategy")
    assert "Write your question about the municipality's international strategy" in asked

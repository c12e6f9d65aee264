"""A contact person completing what colleagues logged before writing the report ("enhetens aktiviteter").

The seeded year (tests/reports/seed.py): Anna Berg is contact person of Kultur- och fritidsförvaltningen,
where Erik Lind and Sara Öberg log too; Olle Ek is contact person of Utbildningsförvaltningen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.app import App
from storage.db import Database
from storage.models import Activity, AuditEntry, Person
from tests.support import Conversation


def activity(database: Database, title: str) -> Activity | None:
    with database.session_scope() as session:
        found = session.scalars(select(Activity).where(Activity.title == title)).first()
        if found is not None:
            session.expunge(found)
        return found


def audit_actions(database: Database) -> list[tuple[str, str | None]]:
    with database.session_scope() as session:
        return [(e.action, e.actor) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_the_contact_person_sees_the_units_year_with_who_logged_what_and_what_is_missing(anna: Conversation) -> None:
    said = anna.say("enhetens aktiviteter")
    assert "Aktiviteter 2026 för Kultur- och fritidsförvaltningen (14 st.), senaste först:" in said
    assert "1. Nordic Museum Days – 8–10 december 2026 · Sara Öberg" in said
    assert "2. Culture Summit – 5–7 oktober 2026 · Erik Lind · saknar resultat, svar om klimatkompensation" in said
    assert "3. Ungdomsutbyte Växjö–Gdańsk – 2 oktober 2026 · Erik Lind · saknar besked om ansökan" in said
    assert "Skolbesök i Tammerfors" not in said  # another unit's
    assert "Eurocities Annual Meeting" not in said  # another year's
    assert "”resultat 3: …”" in said


def test_results_added_by_the_contact_person_reach_the_colleagues_own_list(
    anna: Conversation, erik: Conversation, database: Database
) -> None:
    anna.say("enhetens aktiviteter")
    said = anna.say("resultat 2: två städer vill söka Kreativa Europa med oss")
    assert "Resultatet är sparat på ”Culture Summit”" in said
    assert activity(database, "Culture Summit").results == "två städer vill söka Kreativa Europa med oss"  # type: ignore[union-attr]
    erik.say("mina aktiviteter")
    assert "två städer vill söka Kreativa Europa" in erik.say("visa 2")


def test_the_list_keeps_its_numbers_while_the_person_asks_something_else(anna: Conversation) -> None:
    anna.say("enhetens aktiviteter")
    assert "klimatkompens" in anna.say("Måste flyget klimatkompenseras?").lower()
    said = anna.say("visa 2")
    assert "Culture Summit" in said and "Loggad av" in said and "Erik Lind" in said
    assert anna.buttons == ["Lägg till resultat", "Ändra", "Radera"]


def test_my_own_list_takes_over_the_numbers_when_i_ask_for_it(anna: Conversation) -> None:
    anna.say("enhetens aktiviteter")
    said = anna.say("mina aktiviteter")
    first_own = said.split("1. ", 1)[1].split(" – ")[0]
    assert first_own == "Delegation från Gdańsk"
    assert "Delegation från Gdańsk" in anna.say("visa 1")


def test_deleting_a_colleagues_activity_names_them_asks_first_and_is_audited(
    anna: Conversation, database: Database
) -> None:
    anna.say("enhetens aktiviteter")
    said = anna.say("radera 2")
    assert "Vill du radera ”Culture Summit” (5–7 oktober 2026), som Erik Lind loggat?" in said
    assert activity(database, "Culture Summit") is not None
    assert "Raderad: ”Culture Summit”" in anna.say("ja")
    assert activity(database, "Culture Summit") is None
    assert ("activity_deleted", "Anna Berg <anna.berg@vaxjo.se>") in audit_actions(database)
    assert "Ungdomsutbyte Växjö–Gdańsk" in anna.say("visa 3")  # the same list, still numbered as shown


def test_regretting_a_delete_keeps_the_activity(anna: Conversation, database: Database) -> None:
    anna.say("enhetens aktiviteter")
    anna.say("radera 2")
    assert "ingenting är raderat" in anna.say("nej")
    assert activity(database, "Culture Summit") is not None


def test_changing_a_colleagues_activity_keeps_it_theirs_and_is_audited(anna: Conversation, database: Database) -> None:
    anna.say("enhetens aktiviteter")
    assert "Du ändrar ”Culture Summit”" in anna.say("ändra 2")
    assert "Porto, Portugal" in anna.say("det var i Porto")
    anna.say("spara")
    with database.session_scope() as session:
        rows = session.scalars(select(Activity).where(Activity.title == "Culture Summit")).all()
        assert len(rows) == 1 and rows[0].city == "Porto"
        assert rows[0].logged_by is not None and rows[0].logged_by.display_name == "Erik Lind"
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "activity_changed")).one()
        assert entry.details["who"] == "Erik Lind" and entry.actor == "Anna Berg <anna.berg@vaxjo.se>"


def test_the_cards_buttons_work_on_a_colleagues_activity_and_keep_the_list(
    anna: Conversation, database: Database
) -> None:
    anna.say("enhetens aktiviteter")
    anna.say("visa 2")
    culture_summit = activity(database, "Culture Summit")
    assert culture_summit is not None
    assert "Vad gav ”Culture Summit”?" in anna.press(f"unit_activities:results:{culture_summit.id}")
    assert "Resultatet är sparat" in anna.say("ett nytt nätverk för festivaler")
    assert activity(database, "Culture Summit").results == "ett nytt nätverk för festivaler"  # type: ignore[union-attr]
    assert "Ungdomsutbyte Växjö–Gdańsk" in anna.say("visa 3")


def test_a_colleague_who_is_not_contact_person_is_told_who_is(erik: Conversation) -> None:
    said = erik.say("enhetens aktiviteter")
    assert "Det är kontaktpersonen för Kultur- och fritidsförvaltningen, Anna Berg" in said
    assert "”mina aktiviteter”" in said
    assert "Culture Summit" not in said


def test_a_contact_person_cannot_list_another_unit(anna: Conversation) -> None:
    said = anna.say("visa enhetens aktiviteter för Utbildningsförvaltningen")
    assert "inte aktiviteterna för Utbildningsförvaltningen" in said
    assert "Skolbesök i Tammerfors" not in said


def test_forged_buttons_change_nothing_for_someone_else(
    erik: Conversation, database: Database, seeded: dict[str, Any]
) -> None:
    """Erik presses values he was never shown: Sara's activity, and another unit's list."""
    museum_days = activity(database, "Nordic Museum Days")
    assert museum_days is not None
    assert "finns inte längre" in erik.press(f"my_activities:delete_yes:{museum_days.id}")
    assert "finns inte längre" in erik.press(f"unit_activities:delete_yes:{museum_days.id}")
    assert activity(database, "Nordic Museum Days") is not None
    said = erik.press(f"unit_activities:unit:{seeded['uf']}:2026")
    assert "Skolbesök i Tammerfors" not in said and "Olle Ek" in said


def test_an_administrator_chooses_a_unit(app: App, database: Database, seeded: dict[str, Any]) -> None:
    with database.session_scope() as session:
        session.add(Person(display_name="Karin Holm", console_user="Karin Holm", is_admin=True))
    karin = Conversation(app.engine, user="Karin Holm")
    said = karin.say("enhetens aktiviteter")
    assert "Vilken förvaltnings eller vilket bolags aktiviteter 2026 vill du se?" in said
    assert karin.buttons == ["Kultur- och fritidsförvaltningen", "Utbildningsförvaltningen"]
    said = karin.press(f"unit_activities:unit:{seeded['uf']}:2026")
    assert "1. Skolbesök i Tammerfors – 5 maj 2026 · Olle Ek" in said
    assert "Ändringar görs av den som loggade aktiviteten eller av enhetens kontaktperson" in said


def test_an_administrator_looks_but_does_not_change(app: App, database: Database, seeded: dict[str, Any]) -> None:
    with database.session_scope() as session:
        session.add(Person(display_name="Karin Holm", console_user="Karin Holm", is_admin=True))
    karin = Conversation(app.engine, user="Karin Holm")
    karin.say("enhetens aktiviteter för Utbildningsförvaltningen")
    said = karin.say("visa 1")
    assert "Skolbesök i Tammerfors" in said and "Tammerfors, Finland" in said and karin.buttons == []
    said = karin.say("radera 1")
    assert (
        "Du kan se aktiviteten men inte ändra den. Det kan Olle Ek, som loggade den och är enhetens kontaktperson."
        in said
    )
    assert activity(database, "Skolbesök i Tammerfors") is not None


def test_in_english_with_a_year(anna: Conversation) -> None:
    said = anna.say("unit activities 2025")
    assert "Activities 2025 for Kultur- och fritidsförvaltningen" in said
    assert "Eurocities Annual Meeting – 10 November 2025 · Erik Lind · lacks results" in said
    assert "Culture Summit" not in said


def test_a_question_about_counts_is_still_a_question(anna: Conversation, database: Database) -> None:
    with database.session_scope() as session:
        total = session.scalar(select(func.count()).select_from(Activity))
    said = anna.say("Hur många aktiviteter har enheten loggat i år?")
    assert "senaste först" not in said and total


def test_after_changing_a_colleagues_activity_the_numbers_still_mean_the_unit_list(
    anna: Conversation, database: Database
) -> None:
    anna.say("enhetens aktiviteter")
    anna.say("ändra 2")
    anna.say("vi tog tåget")
    assert "Ändrat!" in anna.say("spara")
    said = anna.say("visa 1")
    assert "Nordic Museum Days" in said and "ingen aktivitet nummer 1" not in said
    anna.say("ändra 3")
    anna.say("avbryt")
    assert "Culture Summit" in anna.say("visa 2")


def test_asking_for_the_list_again_shows_it_again(anna: Conversation) -> None:
    anna.say("enhetens aktiviteter")
    anna.say("visa 2")
    said = anna.say("enhetens aktiviteter")
    assert "Aktiviteter 2026 för Kultur- och fritidsförvaltningen" in said and "inte säker" not in said
    assert "Aktiviteter 2025 för Kultur- och fritidsförvaltningen" in anna.say("enhetens aktiviteter 2025")


def test_an_administrator_names_the_unit_in_english(app: App, database: Database, seeded: dict[str, Any]) -> None:
    with database.session_scope() as session:
        session.add(Person(display_name="Karin Holm", console_user="Karin Holm", is_admin=True))
    karin = Conversation(app.engine, user="Karin Holm")
    said = karin.say("unit activities for Utbildningsförvaltningen")
    assert "Activities 2026 for Utbildningsförvaltningen" in said and "1. Skolbesök i Tammerfors" in said


def test_a_unit_with_more_than_a_screenful_shows_the_latest_and_how_many_there_are(
    anna: Conversation, database: Database, seeded: dict[str, Any]
) -> None:
    # 30 more of the year's meetings, one a week from January; and one logged without dates in December,
    # which counts by the day it was logged.
    with database.session_scope() as session:
        for week in range(30):
            day = date(2026, 1, 5) + timedelta(weeks=week)
            session.add(Activity(kind="meeting", title=f"Veckomöte {week + 1}", start_date=day,
                                 org_unit_id=seeded["kff"], logged_by_id=seeded["erik"]))  # fmt: skip
        undated = Activity(kind="other", title="Samtal utan datum", org_unit_id=seeded["kff"],
                           logged_by_id=seeded["erik"])  # fmt: skip
        undated.created_at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
        session.add(undated)
    said = anna.say("enhetens aktiviteter")
    assert "Aktiviteter 2026 för Kultur- och fritidsförvaltningen (45 st.), senaste först:" in said
    assert "1. Nordic Museum Days – 8–10 december 2026 · Sara Öberg" in said
    assert "2. Samtal utan datum · Erik Lind" in said
    assert "Veckomöte 30 – 27 juli 2026" in said
    assert "Veckomöte 1 –" not in said  # January's are past the 25 shown
    assert "Här visas de 25 senaste av 45." in said

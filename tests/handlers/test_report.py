"""Asking for the annual report in chat, as contact person, administrator and colleague."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import docx
import pytest

from bot.app import App
from storage.db import Database
from storage.models import OrgUnit, Person
from tests.support import Conversation


@pytest.fixture(autouse=True)
def _exports_in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Report files go to the system's temporary directory; in tests, to the test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.fixture
def admin(app: App, database: Database, seeded: dict[str, Any]) -> Conversation:
    with database.session_scope() as session:
        session.add(Person(display_name="Karin Holm", console_user="Karin Holm", is_admin=True))
    return Conversation(app.engine, user="Karin Holm")


def test_a_contact_person_gets_their_units_report_with_files(anna: Conversation) -> None:
    said = anna.say("rapport")
    assert "Internationellt arbete 2026 – Kultur- och fritidsförvaltningen" in said
    assert "Här är utkastet till årsrapporten för 2026" in said
    assert re.search(r"Aktiviteter: +14\n", said)
    assert re.search(r"Flygresor: +3 \(klimatkompenserade: 1\)", said)
    assert "Genomförda aktiviteter utan resultat (2): Culture Summit, 5–7 oktober 2026 (Erik Lind)" in said
    assert "Ansökningar utan besked (1): Ungdomsutbyte Växjö–Gdańsk" in said
    assert anna.buttons == ["Komplettera underlaget"]
    files = anna.replies[0].files
    assert [f.path.suffix for f in files] == [".docx", ".xlsx", ".png"]
    assert "📎 Årsrapport 2026 Kultur- och fritidsförvaltningen.docx" in said
    document = docx.Document(str(files[0].path))
    assert document.paragraphs[0].text == "Internationellt arbete 2026 – Kultur- och fritidsförvaltningen"
    assert files[1].mime_type.endswith("spreadsheetml.sheet") and files[2].mime_type == "image/png"


def test_a_year_in_the_message_and_english(anna: Conversation) -> None:
    said = anna.say("Can I get the annual report for 2025?")
    assert "International work 2025 – Kultur- och fritidsförvaltningen" in said
    assert "Here is the draft of the annual report for 2025" in said
    document = docx.Document(str(anna.replies[0].files[0].path))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "Eurocities Annual Meeting" in text and "Culture Summit" not in text


def test_last_year_in_words(anna: Conversation) -> None:
    assert "för 2025" in anna.say("rapporten för förra året")


def test_a_colleague_is_told_who_the_contact_person_is(erik: Conversation) -> None:
    said = erik.say("rapport")
    assert "tas fram av kontaktpersonen, Anna Berg (anna.berg@vaxjo.se)" in said
    assert erik.replies[0].files == []


def test_someone_without_a_unit_is_told_how_it_works(app: App, seeded: dict[str, Any]) -> None:
    said = Conversation(app.engine, user="Ny Person").say("årsrapport")
    assert "kontaktpersonen på varje förvaltning och bolag" in said


def test_a_unit_without_contact_person(app: App, database: Database, seeded: dict[str, Any]) -> None:
    with database.session_scope() as session:
        unit = OrgUnit(name="Växjö Energi AB", kind="bolag", short_name="VEAB")
        session.add(unit)
        session.flush()
        session.add(Person(display_name="Lisa Ström", console_user="Lisa Ström", org_unit_id=unit.id))
    said = Conversation(app.engine, user="Lisa Ström").say("report")
    assert "Växjö Energi AB has no contact person yet" in said


def test_a_contact_person_cannot_draft_another_units_report(anna: Conversation) -> None:
    said = anna.say("rapport för UF")
    assert "Du kan ta fram rapporten för Kultur- och fritidsförvaltningen" in said
    assert "kontaktpersonen där, Olle Ek (olle.ek@vaxjo.se)" in said
    assert anna.replies[0].files == []
    assert "bara en administratör" in anna.say("rapport för alla förvaltningar")


def test_a_pressed_button_is_checked_like_a_typed_request(erik: Conversation, seeded: dict[str, Any]) -> None:
    said = erik.press(f"report:unit:{seeded['uf']}:2026")
    assert "Olle Ek" in said and erik.replies[0].files == []
    assert erik.press("report:all:2026") and erik.replies[0].files == []


def test_an_administrator_names_any_unit_or_all(admin: Conversation) -> None:
    said = admin.say("rapport för Utbildningsförvaltningen 2026")
    assert "Internationellt arbete 2026 – Utbildningsförvaltningen" in said
    assert re.search(r"Aktiviteter: +1\n", said)
    said = admin.say("report for all units 2026")
    assert "International work 2026 – All departments and companies" in said
    assert re.search(r"Activities: +15\n", said)


def test_an_administrator_without_a_unit_chooses_one(admin: Conversation, seeded: dict[str, Any]) -> None:
    said = admin.say("rapport")
    assert "Vilken förvaltning eller vilket bolag vill du ha rapporten för 2026 för?" in said
    assert admin.buttons == [
        "Rapporten för Kultur- och fritidsförvaltningen",
        "Rapporten för Utbildningsförvaltningen",
        "Alla förvaltningar och bolag",
    ]
    said = admin.say("2")
    assert "Internationellt arbete 2026 – Utbildningsförvaltningen" in said


def test_the_app_home_button(anna: Conversation) -> None:
    said = anna.press("report:start", "Hämta årsrapporten")
    assert "Här är utkastet till årsrapporten för 2026" in said


def test_a_year_out_of_range_gets_a_friendly_answer(anna: Conversation) -> None:
    said = anna.say("rapport 1850")
    assert "Jag kan ta fram rapporter för åren 2000–2027" in said
    assert "”rapport 2026”" in said


def test_a_year_with_nothing_logged_says_so_without_files(anna: Conversation) -> None:
    said = anna.say("rapport 2020")
    assert "inga internationella aktiviteter registrerade för Kultur- och fritidsförvaltningen 2020" in said
    assert anna.replies[0].files == []


def test_help_mentions_the_report(anna: Conversation) -> None:
    assert "Ta fram utkastet till årsrapporten (för kontaktpersoner)" in anna.say("hjälp")


def test_a_report_too_large_for_chat_comes_as_chart_and_csv(
    admin: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers import report

    monkeypatch.setattr(report, "FILES_IN_CHAT_LIMIT", 10)  # the seeded municipality's year has 15
    said = admin.say("rapport för alla 2026")
    assert "15 aktiviteter" in said and "utblick report --unit alla --year 2026 --format docx" in said
    files = admin.replies[0].files
    assert [f.path.suffix for f in files] == [".csv", ".png"]
    assert files[0].path.read_text(encoding="utf-8-sig").count("\n") > 15  # every activity is in it
    said = admin.say("report for Utbildningsförvaltningen 2026")  # one activity: Word and Excel as usual
    assert [f.path.suffix for f in admin.replies[0].files] == [".docx", ".xlsx", ".png"]

"""Which questions are about Utblick's own register, and how they are answered."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.config import Settings
from bot.knowledge.live_facts import LiveAnswerer, Topic, activity_counts, mentioned_unit, topic
from storage.db import Database
from storage.models import Activity, OrgUnit


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("När är deadline?", Topic.DEADLINE),
        ("When is the annual report due?", Topic.DEADLINE),
        ("När ska årsrapporten lämnas in?", Topic.DEADLINE),
        ("When should the annual report be done?", Topic.DEADLINE),
        ("när ska årsrapporten vara färdig", Topic.DEADLINE),
        ("Vem är kontaktperson för Tekniska förvaltningen?", Topic.CONTACT),
        ("Who is the contact person for the planning office?", Topic.CONTACT),
        ("Vem är min kontaktperson?", Topic.CONTACT),
        ("Hur många aktiviteter har vi loggat i år?", Topic.COUNT),
        ("How many activities has Tekniska förvaltningen logged this year?", Topic.COUNT),
        ("Who's the contact person at the planning office?", Topic.CONTACT),
        ("Vem ska utse en kontaktperson?", None),
        ("Who is responsible for appointing a contact person for each department?", None),
        ("Who is the contact person that every company must appoint?", None),
        ("Does every municipal company need a contact person?", None),
        ("Vad ska rapporteringen innehålla?", None),
        ("När antogs strategin?", None),
        # the register knows the annual report's deadline, not other ones
        ("När är deadline för att söka pengar från Erasmus+?", None),
        ("What's the deadline for registering for the Eurocities conference?", None),
        ("When is the deadline for our department?", Topic.DEADLINE),
        ("När är sista dagen för rapporten om vår ansökan?", Topic.DEADLINE),
        # what counts as something, and what the contact person is for, are the strategy's business
        ("What activities count as international work?", None),
        ("Who is the contact person supposed to represent?", None),
        # only the sentences that ask count: a deadline told, a "must" in the sentence after the question
        ("Rapporten ska vara inne på måndag. Vad ska stå i den?", None),
        ("Our report is due next week and I'm new here. What should it include?", None),
        ("Vem är kontaktperson på kultur- och fritidsförvaltningen? Jag måste nå hen idag", Topic.CONTACT),
        ("Who is the contact for the planning office? I need to reach them before Friday.", Topic.CONTACT),
        ("snabb fråga, deadline imorgon: vad ska stå under resultat?", None),
    ],
)
def test_live_questions_are_told_from_strategy_questions(question: str, expected: Topic | None) -> None:
    assert topic(question) is expected


def test_a_unit_is_found_by_name_short_name_alias_or_genitive(database: Database) -> None:
    with database.session_scope() as session:
        session.add(OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", short_name="TF", aliases=["Teknik"]))
        session.flush()
        for question in [
            "Vem är kontaktperson för tekniska förvaltningen?",
            "Tekniska förvaltningens kontakt?",
            "kontaktperson på TF?",
            "Vem är kontakt för Teknik",
        ]:
            unit = mentioned_unit(session, question)
            assert unit is not None and unit.name == "Tekniska förvaltningen", question
        assert mentioned_unit(session, "Vem är kontaktperson för Kultur?") is None


def test_activities_are_counted_by_their_date_or_else_when_they_were_logged(database: Database) -> None:
    with database.session_scope() as session:
        unit = OrgUnit(name="Kultur", kind="forvaltning")
        session.add(unit)
        session.flush()
        session.add_all(
            [
                Activity(kind="conference", title="a", start_date=date(2026, 2, 1), org_unit_id=unit.id),
                Activity(kind="conference", title="b", start_date=date(2025, 12, 31), org_unit_id=unit.id),
                Activity(kind="training", title="c", org_unit_id=unit.id, created_at=datetime(2026, 6, 1, tzinfo=UTC)),
                Activity(kind="training", title="d", org_unit_id=unit.id, created_at=datetime(2025, 6, 1, tzinfo=UTC)),
            ]
        )
        session.flush()
        assert dict(activity_counts(session, unit.id, 2026)) == {"conference": 1, "training": 1}
        assert dict(activity_counts(session, unit.id, 2025)) == {"conference": 1, "training": 1}


def test_the_deadline_needs_no_database_and_follows_the_setting() -> None:
    settings = Settings(report_deadline="02-15", _env_file=None)  # type: ignore[call-arg]
    answer = LiveAnswerer(settings, None).answer("När är deadline?", "sv", date(2026, 11, 26))
    assert answer is not None and answer.answered
    assert answer.text.startswith("Nästa deadline är måndag 15 februari 2027 (om 81 dagar)")
    on_the_day = LiveAnswerer(settings, None).answer("When is the deadline?", "en", date(2027, 2, 15))
    assert on_the_day is not None and "(today)" in on_the_day.text


def test_without_the_register_a_contact_question_is_not_guessed() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    answer = LiveAnswerer(settings, None).answer("Vem är kontaktperson för Tekniska förvaltningen?", "sv", date.today())
    assert answer is not None
    assert not answer.answered
    assert "register" in answer.text

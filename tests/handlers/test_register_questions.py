"""Questions about the register, asked by each role in Swedish and English, answered from the database.

The register holds the seeded year (tests/reports/seed.py: Kultur- och fritidsförvaltningen's 2025 and 2026,
one trip of Utbildningsförvaltningen) and two more units: Tekniska förvaltningen, which has a contact person
and logged only in 2025, and Miljöförvaltningen, which has neither. Karin Sam is the international
coordinator, Ada Ahl an administrator, Anna Berg the contact person of KFF, Erik Lind works at KFF.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.app import App
from bot.config import Settings
from storage.db import Database
from storage.models import Activity, Delivery, OrgUnit, Person
from tests.support import Conversation

COORDINATOR = "karin.sam@vaxjo.se"


@pytest.fixture
def settings(database: Database) -> Settings:
    return Settings(database_url=database.url, coordinator=COORDINATOR, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def register(database: Database, seeded: dict[str, Any]) -> dict[str, int]:
    with database.session_scope() as session:
        per = Person(display_name="Per Holm", email="per.holm@vaxjo.se", console_user="Per Holm")
        karin = Person(display_name="Karin Sam", email=COORDINATOR, console_user="Karin Sam")
        ada = Person(display_name="Ada Ahl", email="ada.ahl@vaxjo.se", console_user="Ada Ahl", is_admin=True)
        session.add_all([per, karin, ada])
        session.flush()
        tekniska = OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", short_name="TF", contact_person_id=per.id)
        miljo = OrgUnit(name="Miljöförvaltningen", kind="forvaltning")
        session.add_all([tekniska, miljo])
        session.flush()
        per.org_unit_id = tekniska.id
        session.add(
            Activity(
                kind="study_visit",
                title="Studiebesök i Malmö om laddinfrastruktur",
                start_date=date(2025, 4, 2),
                city="Malmö",
                country="SE",
                travel_mode="train",
                logged_by_id=per.id,
                org_unit_id=tekniska.id,
            )
        )
        return {"tekniska": tekniska.id, "miljo": miljo.id, "per": per.id}


def talk(app: App, who: str) -> Conversation:
    return Conversation(app.engine, user=who)


# -- Counts, by each role --------------------------------------------------------------------------


def test_who_does_something_with_a_trip_is_no_list_of_trips(app: App, register: dict[str, int]) -> None:
    erik = talk(app, "Erik Lind")
    said = erik.say("Vem godkänner min resa till Berlin?")
    assert "Resor 2026" not in said
    assert "tillstånd" in said
    said = erik.say("vem har loggat resor i år?")  # still the register's: the unit's figures are Anna's
    assert "Anna Berg, som ser enhetens siffror" in said


def test_a_person_counts_their_own_activities_in_both_languages(app: App, register: dict[str, int]) -> None:
    erik = talk(app, "Erik Lind")
    said = erik.say("hur många aktiviteter har jag loggat i år?")
    assert "Aktiviteter 2026, du: 4." in said
    said = erik.say("how many flights did I log this year?")
    assert "Flights 2026, you: 2." in said and "Of these, 1 climate compensated" in said


def test_a_person_asking_for_the_whole_municipality_is_told_who_can_answer(app: App, register: dict[str, int]) -> None:
    erik = talk(app, "Erik Lind")
    said = erik.say("hur många aktiviteter har loggats i år totalt?")
    assert "samordnaren" in said and "Karin Sam" in said and "Ada Ahl" in said
    assert "Aktiviteter 2026" not in said
    said = erik.say("how many activities have been logged this year in total?")
    assert "coordinator" in said and "Karin Sam" in said


def test_a_person_asking_about_their_unit_is_sent_to_its_contact_person(app: App, register: dict[str, int]) -> None:
    erik = talk(app, "Erik Lind")
    assert "Anna Berg" in erik.say("hur många resor har min förvaltning gjort i år?")
    assert "Anna Berg" in erik.say("how many trips has my department logged this year?")


def test_a_contact_person_counts_their_units_year_and_not_another_units(app: App, register: dict[str, int]) -> None:
    anna = talk(app, "Anna Berg")
    said = anna.say("hur många flygresor har vår förvaltning loggat i år?")
    assert "Flygresor 2026, Kultur- och fritidsförvaltningen: 3." in said and "Varav 1 klimatkompenserade" in said
    said = anna.say("how many activities has Tekniska förvaltningen logged in 2025?")
    assert "Per Holm" in said and "Tekniska förvaltningen" in said and ": 1." not in said


def test_the_coordinator_counts_the_whole_municipality_and_any_unit(app: App, register: dict[str, int]) -> None:
    karin = talk(app, "Karin Sam")
    said = karin.say("hur många aktiviteter har loggats i år totalt?")
    assert "Aktiviteter 2026, hela kommunen: 15." in said
    said = karin.say("how many activities has Tekniska förvaltningen logged in 2025?")
    assert "Activities 2025, Tekniska förvaltningen: 1." in said


def test_applications_are_counted_by_status(app: App, register: dict[str, int]) -> None:
    ada = talk(app, "Ada Ahl")
    said = ada.say("hur många ansökningar finns det i år?")
    assert "Ansökningar 2026, hela kommunen: 2" in said and "beviljade 1" in said
    said = ada.say("how many applications were granted this year?")
    assert "granted 2026, whole municipality: 1." in said


# -- Lists -----------------------------------------------------------------------------------------


def test_units_that_have_logged_nothing_with_a_button_to_remind_them(app: App, register: dict[str, int]) -> None:
    karin = talk(app, "Karin Sam")
    said = karin.say("vilka förvaltningar har inte loggat något i år?")
    assert "Tekniska förvaltningen · kontaktperson Per Holm" in said
    assert "Miljöförvaltningen · ingen kontaktperson" in said
    assert "Kultur- och fritidsförvaltningen" not in said and "Utbildningsförvaltningen" not in said
    assert karin.buttons == ["Påminn Tekniska förvaltningen"]
    said = karin.say("which departments haven't logged anything in 2025?")
    assert "Utbildningsförvaltningen" in said and "Miljöförvaltningen" in said and "Tekniska" not in said


def test_units_without_a_contact_person(app: App, register: dict[str, int]) -> None:
    ada = talk(app, "Ada Ahl")
    said = ada.say("vilka enheter saknar kontaktperson?")
    assert "Förvaltningar och bolag utan kontaktperson: 1." in said
    assert "Miljöförvaltningen" in said and "Tekniska" not in said
    assert "Miljöförvaltningen" in ada.say("which units have no contact person?")
    anna = talk(app, "Anna Berg")
    said = anna.say("which units have no contact person?")
    assert "Miljöförvaltningen" not in said and "coordinator" in said


def test_activities_lacking_results_can_be_completed_from_the_list(app: App, register: dict[str, int]) -> None:
    anna = talk(app, "Anna Berg")
    said = anna.say("vilka aktiviteter saknar resultat?")
    assert "Aktiviteter som saknar resultat 2026, Kultur- och fritidsförvaltningen: 2." in said
    assert "Dokk1, Aarhus bibliotek" in said and "Culture Summit" in said
    assert all(label.startswith("Komplettera") for label in anna.buttons)
    erik = talk(app, "Erik Lind")
    said = erik.say("which activities lack results?")
    assert "Activities without results 2026, you: 1." in said


def test_flights_without_a_climate_answer_and_activities_without_a_travel_mode(
    app: App, register: dict[str, int]
) -> None:
    anna = talk(app, "Anna Berg")
    assert "Lissabon" in anna.say("vilka flygresor saknar klimatkompensation?")
    said = anna.say("which activities lack a travel mode?")
    assert "Activities without a travel mode 2026" in said


def test_who_in_my_unit_has_logged_what(app: App, register: dict[str, int]) -> None:
    anna = talk(app, "Anna Berg")
    said = anna.say("vem i min enhet har loggat vad i år?")
    assert "• Erik Lind: 4" in said and "• Sara Öberg:" in said and "• Anna Berg:" in said
    erik = talk(app, "Erik Lind")
    assert "Anna Berg" in erik.say("who in my unit has logged what?")


def test_activities_in_a_country(app: App, register: dict[str, int]) -> None:
    karin = talk(app, "Karin Sam")
    said = karin.say("vilka aktiviteter har loggats i Portugal i år?")
    assert "Lissabon" in said and "Braga" not in said
    said = karin.say("which activities were in Portugal 2025?")
    assert "Eurocities Annual Meeting" in said and "Lissabon" not in said


def test_applications_waiting_for_a_decision(app: App, register: dict[str, int]) -> None:
    anna = talk(app, "Anna Berg")
    said = anna.say("vilka ansökningar väntar fortfarande på beslut?")
    assert "Ansökningar som väntar på beslut 2026, Kultur- och fritidsförvaltningen: 1." in said
    said = anna.say("which applications are still waiting for a decision?")
    assert "Applications waiting for a decision 2026" in said


def test_a_long_list_is_paged_with_a_more_button(app: App, register: dict[str, int]) -> None:
    karin = talk(app, "Karin Sam")
    said = karin.say("vilka aktiviteter har loggats i år?")
    assert "Visar 10 av 15." in said and "Visa fler" in karin.buttons
    more = next(b.value for r in karin.replies for b in r.buttons if b.label == "Visa fler")
    said = karin.press(more)
    assert "11. " in said and "15. " in said and "Visa fler" not in karin.buttons


def test_the_more_button_checks_the_rights_of_whoever_presses_it(app: App, register: dict[str, int]) -> None:
    karin = talk(app, "Karin Sam")
    karin.say("vilka aktiviteter har loggats i år?")
    more = next(b.value for r in karin.replies for b in r.buttons if b.label == "Visa fler")
    erik = talk(app, "Erik Lind")
    said = erik.press(more)
    assert "samordnaren" in said and "11. " not in said


def test_units_that_have_logged_nothing_since_the_last_reminder(
    app: App, database: Database, register: dict[str, int], seeded: dict[str, Any]
) -> None:
    from datetime import UTC, datetime

    with database.session_scope() as session:
        # Everything so far was logged in October; the reminder went out on 1 November.
        session.query(Activity).update({Activity.created_at: datetime(2026, 10, 1, tzinfo=UTC)})
        sent = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
        session.add(Delivery(key="annual:1:2026:30", kind="annual_deadline", due_at=sent, status="sent", sent_at=sent))
        # Utbildningsförvaltningen logs after the reminder; the others logged nothing since.
        logged = Activity(
            kind="meeting",
            title="Möte med Kaunas skolor",
            org_unit_id=seeded["uf"],
            created_at=datetime(2026, 11, 20, tzinfo=UTC),
        )
        session.add(logged)
    karin = talk(app, "Karin Sam")
    said = karin.say("vilka förvaltningar har inte loggat något sedan senaste påminnelsen?")
    assert "sedan påminnelsen 1 november 2026" in said
    assert "Kultur- och fritidsförvaltningen" in said and "Utbildningsförvaltningen" not in said
    said = karin.say("which units haven't logged anything since the last reminder?")
    assert "since the reminder of 1 November 2026" in said and "Tekniska förvaltningen" in said


def test_remind_me_is_not_a_reminder_to_a_unit(app: App, register: dict[str, int]) -> None:
    from bot.nlu.register_question import reminder_target

    assert reminder_target("påminn Tekniska förvaltningen")
    assert not reminder_target("påminn mig om rapporten i morgon")
    assert not reminder_target("remind me to log the trip")


# -- Reminding a unit ------------------------------------------------------------------------------


def test_the_coordinator_reminds_a_unit_once_a_day(app: App, database: Database, register: dict[str, int]) -> None:
    karin = talk(app, "Karin Sam")
    said = karin.say("påminn Tekniska förvaltningen")
    assert "Per Holm" in said and "skickat" in said
    said = karin.say("remind the contact person of Tekniska förvaltningen")
    assert "already been reminded today" in said
    with database.session_scope() as session:
        rows = session.query(Delivery).filter(Delivery.key.like("unit_reminder:%")).all()
        assert [(row.person_id, row.status) for row in rows] == [(register["per"], "pending")]
        assert "Karin Sam" in rows[0].payload["text"]


def test_only_the_coordinator_and_administrators_remind_a_unit(
    app: App, database: Database, register: dict[str, int]
) -> None:
    anna = talk(app, "Anna Berg")
    assert "samordnaren" in anna.say("påminn Tekniska förvaltningen")
    ada = talk(app, "Ada Ahl")
    assert "ingen kontaktperson" in ada.say("påminn Miljöförvaltningen")
    with database.session_scope() as session:
        assert session.query(Delivery).count() == 0


# -- Never the strategy's --------------------------------------------------------------------------


def test_register_questions_never_get_the_strategy_refusal(app: App, register: dict[str, int]) -> None:
    karin = talk(app, "Karin Sam")
    for question in ("vilka saknar resultat?", "vilka förvaltningar har inte loggat något i år?"):
        assert "internationella strategi" not in karin.say(question)


# -- The coordinator's report and overview ---------------------------------------------------------


def test_the_coordinator_gets_the_whole_municipalitys_report(app: App, register: dict[str, int]) -> None:
    karin = talk(app, "Karin Sam")
    said = karin.say("rapport för alla 2026")
    assert "administratör" not in said and "2026" in said
    assert any(reply.files for reply in karin.replies)
    erik = talk(app, "Erik Lind")
    assert "administratör" in erik.say("rapport för alla 2026")


def test_the_coordinators_overview_offers_the_report(app: App, register: dict[str, int]) -> None:
    karin = talk(app, "Karin Sam")
    karin.say("översikt")
    assert "Årsrapporten" in karin.buttons
    erik = talk(app, "Erik Lind")
    erik.say("översikt")
    assert "Årsrapporten" not in erik.buttons


# -- Each role, both languages: what is answered and what is refused -------------------------------

ROLES = [
    # (who asks, the question, what the answer must say, what it must not)
    ("Erik Lind", "hur många aktiviteter har loggats i år totalt?", "Karin Sam", "Aktiviteter 2026"),
    ("Erik Lind", "how many activities have been logged this year in total?", "Karin Sam", "Activities 2026"),
    ("Erik Lind", "vem i min enhet har loggat vad?", "Anna Berg", "Sara Öberg"),
    ("Erik Lind", "who in my unit has logged what?", "Anna Berg", "Sara Öberg"),
    ("Anna Berg", "vilka förvaltningar har inte loggat något i år?", "samordnaren", "Miljöförvaltningen"),
    ("Anna Berg", "which departments haven't logged anything this year?", "coordinator", "Miljöförvaltningen"),
    ("Anna Berg", "hur många flygresor har Utbildningsförvaltningen loggat i år?", "Olle Ek", "Flygresor 2026"),
    ("Anna Berg", "how many flights has Utbildningsförvaltningen logged this year?", "Olle Ek", "Flights 2026"),
    ("Olle Ek", "hur många flygresor har vi loggat i år?", "Flygresor 2026, Utbildningsförvaltningen: 1.", "Kultur"),
    ("Olle Ek", "how many flights have we logged this year?", "Flights 2026, Utbildningsförvaltningen: 1.", "Kultur"),
    (
        "Ada Ahl",
        "hur många flygresor har Utbildningsförvaltningen loggat i år?",
        "Utbildningsförvaltningen: 1.",
        "Olle",
    ),
    (
        "Ada Ahl",
        "how many flights were logged this year in total?",
        "Flights 2026, whole municipality: 4.",
        "coordinator",
    ),
    ("Karin Sam", "vilka ansökningar väntar på beslut?", "väntar på beslut 2026, hela kommunen: 1.", "samordnaren"),
    ("Karin Sam", "which applications are waiting for a decision?", "whole municipality: 1.", "coordinator"),
]


@pytest.mark.parametrize(("who", "question", "says", "never"), ROLES)
def test_each_role_in_both_languages(
    app: App, register: dict[str, int], who: str, question: str, says: str, never: str
) -> None:
    said = talk(app, who).say(question)
    assert says in said and never not in said, said

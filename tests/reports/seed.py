"""A year of international work at Kultur- och fritidsförvaltningen, as its staff would have logged it.

2026 is the reported year; a few activities from 2025 and from another unit are there to be left out,
and some lack what the report needs (results, climate compensation, an outcome, a date) on purpose.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.models import Activity, OrgUnit, Person

KFF = "Kultur- och fritidsförvaltningen"
UF = "Utbildningsförvaltningen"


def seed_year(session: Session) -> dict[str, Any]:
    """Units, people and activities; returns them by name for the tests to refer to."""
    anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.se", console_user="Anna Berg")
    erik = Person(display_name="Erik Lind", email="erik.lind@vaxjo.se", console_user="Erik Lind")
    sara = Person(display_name="Sara Öberg", email="sara.oberg@vaxjo.se", console_user="Sara Öberg")
    olle = Person(display_name="Olle Ek", email="olle.ek@vaxjo.se", console_user="Olle Ek")
    session.add_all([anna, erik, sara, olle])
    session.flush()
    # Persons and units point at each other, so the links are set by id once both rows exist.
    kff = OrgUnit(name=KFF, kind="forvaltning", short_name="KFF", aliases=["kultur och fritid"])
    uf = OrgUnit(name=UF, kind="forvaltning", short_name="UF")
    session.add_all([kff, uf])
    session.flush()
    kff.contact_person_id, uf.contact_person_id = anna.id, olle.id
    for person in (anna, erik, sara):
        person.org_unit_id = kff.id
    olle.org_unit_id = uf.id

    def add(kind: str, title: str, by: Person = erik, unit: OrgUnit = kff, **fields: Any) -> Activity:
        activity = Activity(kind=kind, title=title, logged_by_id=by.id, org_unit_id=unit.id, **fields)
        session.add(activity)
        return activity

    # Section 1: projects and applications.
    add(
        "eu_project",
        "Green Culture Cities",
        by=anna,
        start_date=date(2025, 3, 1),
        end_date=date(2028, 2, 29),
        programme="Interreg Europe",
        status="ongoing",
        results="Handlingsplan för hållbara kulturevenemang, antagen av nämnden i juni.",
    )
    add(
        "eu_project",
        "Läsfrämjande i Östersjöregionen",
        by=sara,
        start_date=date(2024, 9, 1),
        end_date=date(2026, 8, 31),
        programme="Interreg Östersjöregionen",
        status="finished",
        results="Metodmaterial för läsfrämjande på fem språk.\n40 bibliotekarier utbildade i metoden.",
    )
    add(
        "international_project",
        "Vänortssamarbete med Kaunas",
        by=anna,
        start_date=date(2026, 2, 1),
        programme="Svenska institutet",
        project_name="Youth Bridge",
        status="ongoing",
        participants=3,
        cofunding_considered="yes",
    )
    add(
        "application",
        "Kreativa Europa: Nordic Youth Theatre",
        by=sara,
        start_date=date(2026, 3, 10),
        programme="Kreativa Europa",
        status="granted",
    )
    add(
        "application",
        "Ungdomsutbyte Växjö–Gdańsk",
        start_date=date(2026, 10, 2),
        programme="Erasmus+",
        status="applied",
    )
    # Section 2: other international work.
    add(
        "conference",
        "Eurocities Culture Forum",
        start_date=date(2026, 3, 12),
        end_date=date(2026, 3, 14),
        city="Bryssel",
        country="BE",
        travel_mode="flight",
        climate_compensated="yes",
        status="finished",
        results="Kontakter med tre städer om en gemensam ansökan.",
    )
    add(
        "study_visit",
        "Julmarknader i Kaunas",
        by=sara,
        start_date=date(2025, 12, 29),
        end_date=date(2026, 1, 2),
        city="Kaunas",
        country="LT",
        travel_mode="bus",
        status="finished",
        results="Idéer till Växjös julmarknad: ett hantverkstorg för unga.",
    )
    add(
        "training",
        "Skriva EU-ansökningar",
        by=anna,
        start_date=date(2026, 2, 4),
        travel_mode="digital",
        status="finished",
        results="Två medarbetare kan nu skriva ansökningar själva.",
    )
    add(
        "study_visit",
        "Dokk1, Aarhus bibliotek",
        by=sara,
        start_date=date(2026, 4, 22),
        end_date=date(2026, 4, 23),
        city="Aarhus",
        country="DK",
        travel_mode="train",
        status="finished",
    )
    add(
        "network_meeting",
        "Eurocities arbetsgrupp kultur",
        start_date=date(2026, 5, 1),
        end_date=date(2026, 5, 31),
        date_precision="month",
        travel_mode="digital",
        results="Växjö leder arbetsgruppens tema om läsning från 2027.",
    )
    add(
        "incoming_visit",
        "Delegation från Gdańsk",
        by=anna,
        start_date=date(2026, 9, 15),
        city="Växjö",
        country="SE",
        travel_mode="none",
        participants=6,
        results="Avsiktsförklaring om ungdomsutbyte.",
    )
    add(
        "conference",
        "Culture Summit",
        start_date=date(2026, 10, 5),
        end_date=date(2026, 10, 7),
        city="Lissabon",
        country="PT",
        travel_mode="flight",
    )
    add(
        "conference",
        "Nordic Museum Days",
        by=sara,
        start_date=date(2026, 12, 8),
        end_date=date(2026, 12, 10),
        city="Tallinn",
        country="EE",
        travel_mode="flight",
        climate_compensated="no",
        status="planned",
    )
    undated = add("other", "Samtal med Svenska institutet om residens", by=anna)
    undated.created_at = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)

    # Left out of KFF's 2026 report: other years, and another unit.
    add("conference", "Eurocities Annual Meeting", start_date=date(2025, 11, 10), city="Braga", country="PT")
    add("eu_project", "Kulturarv online", start_date=date(2023, 1, 1), end_date=date(2025, 6, 30), status="finished")
    add("conference", "Nordic Culture Forum", start_date=date(2027, 2, 3), city="Oslo", country="NO")
    add(
        "study_visit",
        "Skolbesök i Tammerfors",
        by=olle,
        unit=uf,
        start_date=date(2026, 5, 5),
        city="Tammerfors",
        country="FI",
        travel_mode="flight",
        climate_compensated="yes",
        results="Ny modell för läxhjälp.",
    )
    session.flush()
    session.expire_all()
    return {"anna": anna, "erik": erik, "sara": sara, "olle": olle, "kff": kff, "uf": uf}

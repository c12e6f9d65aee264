"""Project and application names, said as names, quoted, after the kind word, or as code names."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.activity import parse_activity

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Projektet heter GreenPorts och drivs med Interreg Europe", "GreenPorts"),
        ("Vårt nya EU-projekt kallas Blå Staden, det startar i mars", "Blå Staden"),
        ("The project is called Safe Streets and is funded by Interreg", "Safe Streets"),
        ("Ansökan Tryggare Torg skickades in till Interreg Södra Östersjön igår", "Tryggare Torg"),
        ("Vi har skickat in ansökan om SkolMat till Erasmus+", "SkolMat"),
        ("Our Interreg application for Bridges of Learning was rejected", "Bridges of Learning"),
        ("Lägger in Horisont Europa-projektet HEATWISE, vi är partner", "HEATWISE"),
        ("Nytt Interreg-projekt: vi är partner i ”Kust till kust” från januari", "Kust till kust"),
        ("We joined the EU project SUN-LAB on solar energy", "SUN-LAB"),
        ("Startade ett Erasmus+-projekt med skolor i Polen, GreenBridge, i augusti", "GreenBridge"),
    ],
)
def test_the_project_or_application_name_is_kept(text: str, name: str) -> None:
    assert parse_activity(text, TODAY).project_name == name


@pytest.mark.parametrize(
    "text",
    [
        "Vi har skickat in en ansökan till Interreg Södra Östersjön",  # the programme is no name
        "Startar ett projekt i Kalmar med Interreg-pengar",  # nor is a place
        "We applied to Horizon Europe for the smart grid project",
        "Konferensen ”Cities for Climate” i Bryssel 3 mars",  # a conference's name is its title, not a project
    ],
)
def test_programmes_places_and_events_give_no_project_name(text: str) -> None:
    assert parse_activity(text, TODAY).project_name is None

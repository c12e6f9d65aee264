"""What the parser now reads from a message, as the person sees it in the logging dialogue (issue 15):
how many of us went, the project's name as its title, guests coming here, an application's outcome and a
project without EU money. Transcripts in Swedish and in English."""

from __future__ import annotations

import pytest

from storage.db import Database
from tests.handlers.test_logging_behaviours import culture, saved, two_units  # noqa: F401  (fixtures)
from tests.support import Conversation

# Anna Berg of the culture unit is talking.
pytestmark = pytest.mark.usefixtures("culture")


def test_how_many_of_us_went_is_shown_and_saved_sv(chat: Conversation, database: Database) -> None:
    said = chat.say("Tre av oss var på studiebesök i Tallinn 12–14 november, tog färjan")
    assert "Stämmer det här?" in said and "Deltagare: 3" in " ".join(said.split())
    assert "Sparat!" in chat.say("spara")
    assert saved(database)[0].participants == 3


def test_how_many_of_us_went_is_shown_and_saved_en(chat: Conversation, database: Database) -> None:
    said = chat.say("Me and two colleagues went to a conference in Riga on 3 November, we took the ferry")
    assert "Is this right?" in said and "Participants: 3" in " ".join(said.split())
    assert "Saved!" in chat.say("save")
    assert saved(database)[0].participants == 3


def test_a_project_is_titled_by_its_name_sv(chat: Conversation, database: Database) -> None:
    said = " ".join(chat.say("Projektet heter SmartaSjöar, det är ett Interreg-projekt som pågår").split())
    assert "Rubrik: SmartaSjöar (Interreg-projekt)" in said and "Projekt: SmartaSjöar" in said


def test_an_application_is_titled_by_its_name_and_its_outcome_is_its_status_en(
    chat: Conversation, database: Database
) -> None:
    said = " ".join(chat.say("Our Interreg application BalticBikes was approved yesterday").split())
    assert "Title: Application BalticBikes to Interreg" in said and "Status: Granted" in said
    assert "Saved!" in chat.say("save")
    activity = saved(database)[0]
    assert (activity.kind, activity.status, activity.project_name) == ("application", "granted", "BalticBikes")


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("Imorgon tar vi emot fem rektorer från Tartu", "Besökare från: Tartu, Estland"),
        ("We're hosting a delegation from Kaunas tomorrow", "Visitors from: Kaunas, Lithuania"),
    ],
)
def test_guests_coming_here_are_an_incoming_visit_from_their_town(
    chat: Conversation, database: Database, message: str, shown: str
) -> None:
    said = " ".join(chat.say(message).split())
    assert shown in said
    assert "Stämmer det här?" in said or "Is this right?" in said


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("Startar ett samarbetsprojekt med Jyväskylä om skolmat, utan EU-pengar", "Typ: Internationellt projekt"),
        ("This is not an EU project: the twinning exchange with Kaunas is paid by us", "Kind: International project"),
    ],
)
def test_a_project_without_eu_money_is_not_logged_as_an_eu_project(
    chat: Conversation, database: Database, message: str, shown: str
) -> None:
    assert shown in " ".join(chat.say(message).split())

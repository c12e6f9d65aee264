"""What became of an application, and a project said not to be paid by the EU."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.activity import parse_activity

TODAY = date(2026, 10, 21)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Vår Interreg-ansökan beviljades i fredags", "granted"),
        ("Ansökan till Erasmus+ blev beviljad!", "granted"),
        ("Ansökan till Kreativa Europa fick avslag", "rejected"),
        ("Our Horizon Europe proposal was turned down", "rejected"),
        ("The LIFE application got approved yesterday", "granted"),
        ("Our application to Nordplus was rejected", "rejected"),
        ("We were granted the Erasmus+ application for the school exchange", "granted"),
        ("Vi sökte medel från Vinnova men fick avslag", "rejected"),
    ],
)
def test_the_outcome_of_an_application_is_its_status(text: str, status: str) -> None:
    draft = parse_activity(text, TODAY)
    assert draft.kind == "application"
    assert draft.status == status


@pytest.mark.parametrize(
    "text",
    [
        "Startar ett samarbetsprojekt med Tartu utan EU-pengar",
        "Vänortsprojektet med Kaunas är inte EU-finansierat",
        "Ett eget projekt med Lviv utan EU-finansiering",
        "This is not an EU project, the exchange with Kiel is paid by us",
        "Joint project with Kharkiv, no EU money involved",
        "A partnership with Gdynia without EU funding",
    ],
)
def test_a_project_without_eu_money_is_not_an_eu_project(text: str) -> None:
    draft = parse_activity(text, TODAY)
    assert draft.kind == "international_project"
    assert draft.programme is None


def test_an_eu_project_is_still_one() -> None:
    assert parse_activity("Nytt EU-projekt med Tartu om skolmat", TODAY).kind == "eu_project"


@pytest.mark.parametrize(
    ("text", "programme", "kind"),
    [
        ("Projektet finansieras av Leader och startade i mars", "LEADER", "eu_project"),
        ("Samarbetsprojektet med Tammerfors finansieras av Vinnova", "Vinnova", "international_project"),
    ],
)
def test_a_funder_named_in_passing_is_the_programme(text: str, programme: str, kind: str) -> None:
    draft = parse_activity(text, TODAY)
    assert (draft.programme, draft.kind) == (programme, kind)


def test_a_project_that_runs_until_a_date_is_ongoing() -> None:
    draft = parse_activity("Our Erasmus+ partnership with a school in Porto runs until June next year", TODAY)
    assert (draft.kind, draft.status, draft.end_date) == ("eu_project", "ongoing", date(2027, 6, 30))

"""A small municipality for the reminder tests: two units with contact persons in Slack, a colleague who
logs activities, an administrator, the mock Slack API the reminders are delivered through, and a real
SMTP server on 127.0.0.1 for those who are reminded by e-mail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr

from bot.app import App, build_app
from bot.clock import FixedClock
from bot.config import Settings
from bot.conversation import action_codec
from bot.platforms.slack_channel import SlackChannel
from storage.db import Database
from storage.models import Activity, OrgUnit, Person
from tests.mock_slack_api import BOT_TOKEN, MockSlackApi
from tests.smtp_server import SmtpServer

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ANNA, ERIK, KARIN = "U0ANNA", "U0ERIK", "U0KARIN"


def at(text: str) -> datetime:
    """A local moment in Växjö, from "2027-01-15 09:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


@pytest.fixture
def slack_api() -> Iterator[MockSlackApi]:
    api = MockSlackApi().start()
    api.add_user(ANNA, "Anna Berg", "anna.berg@vaxjo.se")
    api.add_user(ERIK, "Erik Lind", "erik.lind@vaxjo.se")
    api.add_user(KARIN, "Karin Holm", "karin.holm@vaxjo.se")
    yield api
    api.stop()


@pytest.fixture
def reminder_settings(settings: Settings, slack_api: MockSlackApi) -> Settings:
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_api_url": slack_api.url,
            "strategy_owner": "karin.holm@vaxjo.se",
        }  # fmt: skip
    )


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(reminder_settings: Settings, smtp: SmtpServer) -> Settings:
    """Slack as in `reminder_settings`, and e-mail for whoever Slack does not reach."""
    return reminder_settings.model_copy(
        update={
            "smtp_url": SecretStr(smtp.url),
            "mail_from": "Utblick <utblick@vaxjo.se>",
            "coordinator": "samordnare@vaxjo.se",
        }  # fmt: skip
    )


@pytest.fixture
def reminder_app(reminder_settings: Settings, database: Database, clock: FixedClock) -> App:
    return build_app(
        reminder_settings,
        clock=clock,
        database=database,
        channels=[SlackChannel(reminder_settings, action_codec(database))],
    )


@pytest.fixture
def municipality(database: Database) -> dict[str, int]:
    """Kultur (Anna reports; Erik logs) and Teknik (Erik reports). Karin is an administrator."""
    with database.session_scope() as session:
        anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.se", slack_user_id=ANNA, language="sv")
        erik = Person(display_name="Erik Lind", email="erik.lind@vaxjo.se", slack_user_id=ERIK, language="en")
        karin = Person(display_name="Karin Holm", email="karin.holm@vaxjo.se", slack_user_id=KARIN, is_admin=True)
        session.add_all([anna, erik, karin])
        session.flush()
        kultur = OrgUnit(
            name="Kultur- och fritidsförvaltningen",
            kind="forvaltning",
            short_name="KFF",
            aliases=[],
            contact_person_id=anna.id,
        )
        teknik = OrgUnit(name="Tekniska förvaltningen", kind="forvaltning", short_name="TF", aliases=[],
                         contact_person_id=erik.id)  # fmt: skip
        session.add_all([kultur, teknik])
        session.flush()
        anna.org_unit_id = erik.org_unit_id = kultur.id
        logged = datetime(2026, 11, 21, 12, 0, tzinfo=STOCKHOLM)
        brussels = Activity(
            kind="conference",
            title="Konferens i Bryssel",
            start_date=date(2026, 11, 18),
            end_date=date(2026, 11, 20),
            city="Bryssel",
            country="BE",
            travel_mode="flight",
            climate_compensated="unknown",
            status="finished",
            logged_by_id=erik.id,
            org_unit_id=kultur.id,
            created_at=logged,
        )
        ghent = Activity(
            kind="study_visit",
            title="Studiebesök i Gent",
            start_date=date(2026, 6, 3),
            city="Gent",
            country="BE",
            travel_mode="train",
            status="finished",
            results="Nya idéer om cykelvägar",
            logged_by_id=anna.id,
            org_unit_id=kultur.id,
            created_at=datetime(2026, 6, 5, tzinfo=STOCKHOLM),
        )
        session.add_all([brussels, ghent])  # fmt: skip
        session.flush()
        return {"anna": anna.id, "erik": erik.id, "karin": karin.id, "kultur": kultur.id, "teknik": teknik.id,
                "brussels": brussels.id, "ghent": ghent.id}  # fmt: skip

"""Reminders reach a Teams user unasked, through the conversation kept when they first talked to the bot."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from bot.actions import Action
from bot.app import App
from bot.messages import Button, Fact, Reply
from bot.platforms.teams import TeamsAdapter
from bot.platforms.teams_channel import TeamsChannel
from reminders.channels import Channel, DeliveryError
from storage.models import Person, TeamsConversation
from tests.mock_teams_connector import ANNA_AAD, ANNA_CHAT, ANNA_ID, BOT_ID, MockConnector
from tests.platforms.conftest import TeamsHarness
from tests.support import meaning

REMINDER = Reply(
    "Årsrapporten för 2026 ska vara inne senast 31 januari 2027. Två aktiviteter saknar resultat.",
    title="Påminnelse: årsrapporten",
    fields=[Fact("Loggade aktiviteter", "7")],
    buttons=[Button("Hämta rapporten", Action("report", "start"), style="primary")],
)


def anna(app: App) -> Person:
    with app.database.session_scope() as session:
        person = session.scalars(select(Person).where(Person.teams_aad_id == ANNA_AAD)).one()
        session.expunge(person)
        return person


def test_a_reminder_is_delivered_into_the_personal_chat_unasked(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    teams.say("hej")  # Anna talks to the bot once; months later the reminder finds her
    channel: Channel = TeamsChannel(teams.adapter)
    person = anna(app)
    assert channel.reaches(person)

    channel.send(person, [REMINDER])
    reminder = connector.sent()[-1]
    assert reminder.conversation == ANNA_CHAT and reminder.reply_to is None  # a new message, not a reply
    assert reminder.body["recipient"]["id"] == ANNA_ID and reminder.body["from"]["id"] == BOT_ID
    card = reminder.cards[0]
    assert card["body"][0]["inlines"][0]["text"] == "Påminnelse: årsrapporten"
    assert meaning(card["actions"][0]["data"]["utblick_action"]) == "report:start"
    assert reminder.body["summary"] == "Påminnelse: årsrapporten"

    teams.press(reminder, "Hämta rapporten")  # and the button in it works like any other
    assert connector.calls_to("update")[0].activity_id == reminder.activity_id


def test_the_reminder_also_goes_out_without_a_running_server(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    teams.say("hej")
    # `utblick reminders run-due` from cron: a new adapter, no event loop running yet.
    offline = TeamsAdapter(teams.adapter.engine, teams.adapter.settings)
    try:
        TeamsChannel(offline).send(anna(app), [Reply("Glöm inte att logga resultaten från Bryssel.")])
    finally:
        offline.close()
    assert connector.sent()[-1].body["text"] == "Glöm inte att logga resultaten från Bryssel."


def test_someone_who_never_talked_to_the_bot_in_teams_cannot_be_reached(teams: TeamsHarness, app: App) -> None:
    with app.database.session_scope() as session:
        session.add(
            Person(display_name="Bo Ek", email="bo.ek@vaxjo.se", teams_aad_id="11111111-2222-3333-4444-555555555555")
        )
    with app.database.session_scope() as session:
        bo = session.scalars(select(Person)).one()
        channel = TeamsChannel(teams.adapter)
        assert not channel.reaches(bo)
        with pytest.raises(DeliveryError) as failure:
            channel.send(bo, [REMINDER])
        assert failure.value.retryable is False


def test_a_person_who_removed_the_bot_is_not_tried_again(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    teams.say("hej")
    connector.fail_next("send", 403)
    channel = TeamsChannel(teams.adapter)
    with pytest.raises(DeliveryError) as failure:
        channel.send(anna(app), [REMINDER])
    assert failure.value.retryable is False
    assert not channel.reaches(anna(app))


def test_teams_being_down_is_worth_another_try_later(teams: TeamsHarness, connector: MockConnector, app: App) -> None:
    teams.say("hej")
    for _ in range(3):
        connector.fail_next("send", 503)
    with pytest.raises(DeliveryError) as failure:
        TeamsChannel(teams.adapter).send(anna(app), [REMINDER])
    assert failure.value.retryable is True
    assert len(connector.calls_to("send")) == 1 + 3  # "hej" answered, then three tries


def test_uninstalling_the_app_forgets_the_chat(teams: TeamsHarness, connector: MockConnector, app: App) -> None:
    from tests.mock_teams_connector import activity as teams_activity

    teams.say("hej")
    removal = teams_activity(connector.url, type="installationUpdate", action="remove")
    assert teams.post(removal).status == 202
    with app.database.session_scope() as session:
        assert session.scalars(select(TeamsConversation)).all() == []
    assert not TeamsChannel(teams.adapter).reaches(anna(app))


def test_the_annual_reminder_reaches_a_contact_person_in_teams_and_done_stops_it(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from reminders.delivery import run_due
    from storage.models import OrgUnit

    teams.say("hej")  # Anna has talked to the bot once in Teams
    with app.database.session_scope() as session:
        person = session.scalars(select(Person).where(Person.teams_aad_id == ANNA_AAD)).one()
        session.add(OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", aliases=[],
                            contact_person_id=person.id))  # fmt: skip
    channels: list[Channel] = [TeamsChannel(teams.adapter)]
    stockholm = ZoneInfo("Europe/Stockholm")

    run_due(app.database, channels, app.settings, datetime(2027, 1, 15, 9, 0, tzinfo=stockholm))
    reminder = connector.sent()[-1]
    assert reminder.conversation == ANNA_CHAT and reminder.reply_to is None
    text = str(reminder.cards[0])
    assert "Årsrapporten 2026 – Kultur- och fritidsförvaltningen" in text and "om 16 dagar" in text

    teams.press(reminder, "Klart")
    assert "Inga fler påminnelser" in str(connector.sent()[-1].body)
    before = len(connector.sent())
    run_due(app.database, channels, app.settings, datetime(2027, 1, 22, 9, 0, tzinfo=stockholm))
    assert len(connector.sent()) == before


def test_a_contact_person_who_removed_the_bot_gets_the_reminder_by_email_instead(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    """Teams refuses the proactive message (403) before anything reached the chat, so e-mail takes it."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from pydantic import SecretStr

    from bot.platforms.email_channel import EmailChannel
    from reminders.delivery import run_due
    from storage.models import Delivery, OrgUnit
    from tests.smtp_server import SmtpServer

    teams.say("hej")
    with app.database.session_scope() as session:
        person = session.scalars(select(Person).where(Person.teams_aad_id == ANNA_AAD)).one()
        person.email = "anna.berg@vaxjo.se"
        session.add(OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning", aliases=[],
                            contact_person_id=person.id))  # fmt: skip
    smtp = SmtpServer().start()
    try:
        mail = app.settings.model_copy(update={"smtp_url": SecretStr(smtp.url), "mail_from": "utblick@vaxjo.se"})
        channels: list[Channel] = [TeamsChannel(teams.adapter), EmailChannel(mail)]
        connector.fail_next("send", 403)
        summary = run_due(
            app.database, channels, app.settings, datetime(2027, 1, 15, 9, tzinfo=ZoneInfo("Europe/Stockholm"))
        )
        [letter] = smtp.wait_for(1)
    finally:
        smtp.stop()
    assert letter.message["Subject"] == "Årsrapporten 2026 – Kultur- och fritidsförvaltningen"
    assert len(summary.sent) == 1 and summary.failed == summary.undeliverable == []
    assert not channels[0].reaches(anna(app))  # the chat is forgotten; the next reminder goes by e-mail directly
    with app.database.session_scope() as session:
        assert [row.status for row in session.scalars(select(Delivery))] == ["sent"]


def test_the_teams_link_in_an_email_installs_the_app_in_the_municipalitys_tenant(
    start_teams: Callable[..., TeamsHarness],
) -> None:
    app_id, tenant = "11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000"
    harness = start_teams(settings_update={"teams_app_id": app_id, "teams_tenant_id": tenant})
    link = TeamsChannel(harness.adapter).app_link()
    assert link == f"https://teams.microsoft.com/l/app/{app_id}?tenantId={tenant}"

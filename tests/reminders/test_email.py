"""Reminders by e-mail to a real SMTP server on 127.0.0.1, for the contact persons chat cannot reach: what
arrives in their mailbox, that each reminder goes through one channel once, and what the server's
refusals lead to."""

from __future__ import annotations

import logging
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import App, build_app
from bot.clock import FixedClock
from bot.config import Settings
from reminders.delivery import TickSummary, run_due
from storage.db import Database
from storage.models import Delivery, Person
from tests.mock_slack_api import MockSlackApi
from tests.reminders.conftest import ANNA, ERIK, KARIN, at
from tests.reminders.test_delivery import posted_to
from tests.smtp_server import PASSWORD, USER, SmtpServer, self_signed

ANNA_MAIL, ERIK_MAIL = "anna.berg@vaxjo.se", "erik.lind@vaxjo.se"


@pytest.fixture
def mail_app(mail_settings: Settings, database: Database, clock: FixedClock) -> App:
    """The channels as configured: Slack first, then e-mail."""
    app = build_app(mail_settings, clock=clock, database=database)
    assert [channel.name for channel in app.channels] == ["slack", "email"]
    return app


@pytest.fixture
def mail_only(settings: Settings, smtp: SmtpServer, database: Database, clock: FixedClock) -> App:
    """No chat platform at all: e-mail is the only way."""
    configured = settings.model_copy(
        update={"smtp_url": SecretStr(smtp.url), "mail_from": "Utblick <utblick@vaxjo.se>"}
    )
    return build_app(configured, clock=clock, database=database)


def leave_slack(database: Database, slack_api: MockSlackApi, person_id: int, user: str) -> None:
    """The person is not in the Slack workspace (never was, or has left it)."""
    slack_api.users.pop(user)
    with database.session_scope() as session:
        person = session.get(Person, person_id)
        assert person is not None
        person.slack_user_id = None


def tick(app: App, moment: str) -> TickSummary:
    return run_due(app.database, app.channels, app.settings, at(moment))


def test_a_contact_person_outside_slack_gets_the_digest_by_email(
    mail_app: App, slack_api: MockSlackApi, smtp: SmtpServer, municipality: dict[str, int], database: Database
) -> None:
    leave_slack(database, slack_api, municipality["anna"], ANNA)
    tick(mail_app, "2027-01-15 09:00")
    [mail] = smtp.to(ANNA_MAIL)
    message = mail.message
    assert message["Subject"] == "Årsrapporten 2026 – Kultur- och fritidsförvaltningen"
    assert (message["From"], message["To"]) == ("Utblick <utblick@vaxjo.se>", "Anna Berg <anna.berg@vaxjo.se>")
    assert message["Reply-To"] == "samordnare@vaxjo.se"  # answers reach the coordinator, not a robot
    assert message["Message-ID"].startswith("<utblick.") and message["Message-ID"].endswith("@vaxjo.se>")
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert (message["Auto-Submitted"], message["Content-Language"]) == ("auto-generated", "sv")
    assert [part.get_content_type() for part in message.walk()] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar"
    ]  # fmt: skip
    assert mail.data.isascii()  # headers in RFC 2047, bodies quoted-printable: any relay passes it on
    assert mail.sender == "utblick@vaxjo.se" and mail.recipients == (ANNA_MAIL,)

    plain = mail.plain
    assert "senast 31 januari 2027 – om 16 dagar" in plain
    assert "• Konferens i Bryssel" in plain and "Studiebesök i Gent" in plain
    assert "Det här saknas fortfarande:" in plain and "Erik Lind" in plain
    assert "Så gör du\nÖppna Utblick i Slack: https://slack.com/app_redirect?app=A111&team=T111\n" in plain
    assert "Skriv ”enhetens aktiviteter” till Utblick" in plain and "”Rapport för 2026”" in plain
    assert "Påminn mig i morgon" not in plain  # buttons belong to chat
    html = mail.html
    assert "<h2>Årsrapporten 2026 – Kultur- och fritidsförvaltningen</h2>" in html
    assert "<li>Konferens i Bryssel, 18–20 november 2026</li>" in html
    assert '<a href="https://slack.com/app_redirect?app=A111&amp;team=T111">' in html
    assert "<img" not in html and "http" not in html.replace("https://slack.com/app_redirect", "")  # nothing tracks

    # One channel each: Anna is not written to in Slack, Erik (in Slack) gets no e-mail.
    assert posted_to(slack_api, ANNA) == []
    assert smtp.to(ERIK_MAIL) == [] and any("Annual report" in m for m in posted_to(slack_api, ERIK))


def test_without_chat_the_email_says_to_answer_it_in_each_persons_language(
    mail_only: App, smtp: SmtpServer, municipality: dict[str, int]
) -> None:
    assert [channel.name for channel in mail_only.channels] == ["email"]
    tick(mail_only, "2027-01-15 09:00")
    [anna] = smtp.to(ANNA_MAIL)
    assert "Svara på det här mejlet med det som saknas" in anna.plain and "Slack" not in anna.plain.split("-- ")[0]
    assert anna.message["Reply-To"] == "utblick@vaxjo.se"  # no coordinator by e-mail: the sender's mailbox
    english = [m for m in smtp.to(ERIK_MAIL) if m.message["Subject"] == "Annual report 2026 – Tekniska förvaltningen"]
    assert len(english) == 1 and english[0].message["Content-Language"] == "en"
    assert "Nothing has been logged for the year yet" in english[0].plain
    assert "Reply to this e-mail with what is missing" in english[0].plain
    questions = {m.message["Subject"] for m in smtp.to(ERIK_MAIL)}
    assert "What came out of the activity? A question for the annual report" in questions
    assert "Was the flight climate-compensated? A question for the annual report" in questions


def test_the_deadline_comes_as_one_calendar_entry_that_later_reminders_update(
    mail_only: App, smtp: SmtpServer, municipality: dict[str, int]
) -> None:
    tick(mail_only, "2027-01-15 09:00")
    tick(mail_only, "2027-01-22 09:00")
    entries = []
    for mail in smtp.to(ANNA_MAIL):
        [part] = [p for p in mail.message.walk() if p.get_content_type() == "text/calendar"]
        assert part.get_filename() == "sista-dag.ics"
        [event] = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
        entries.append(event)
    assert len(entries) == 2
    assert {event.decoded("dtstart") for event in entries} == {date(2027, 1, 31)}
    assert str(entries[0]["summary"]) == "Sista dag: Årsrapporten 2026 – Kultur- och fritidsförvaltningen"
    assert entries[0]["uid"] == entries[1]["uid"]  # the same entry, not two


def test_a_temporary_refusal_is_tried_again_after_the_pause_and_sent_once(
    mail_only: App, smtp: SmtpServer, municipality: dict[str, int], database: Database
) -> None:
    smtp.refuse_next("rcpt", "451 4.7.1 Greylisted, please try again later")
    first = run_due(mail_only.database, mail_only.channels, mail_only.settings, at("2027-01-15 09:00"))
    assert len(first.retrying) == 1 and len(first.sent) == 3
    again = run_due(mail_only.database, mail_only.channels, mail_only.settings, at("2027-01-15 09:01"))
    assert again.sent == []  # within the outbox's pause
    with database.session_scope() as session:
        row = session.scalars(select(Delivery).where(Delivery.key == first.retrying[0])).one()
        assert (row.status, row.error) == ("pending", "mail server answered 451 4.7.1")
    later = run_due(mail_only.database, mail_only.channels, mail_only.settings, at("2027-01-15 09:05"))
    assert later.sent == first.retrying
    assert len(smtp.received) == 4 and len({m.message["Message-ID"] for m in smtp.received}) == 4


def test_a_mail_server_that_is_down_is_tried_again(
    settings: Settings, municipality: dict[str, int], database: Database, clock: FixedClock
) -> None:
    server = SmtpServer()  # its port is chosen, but nothing listens yet
    configured = settings.model_copy(update={"smtp_url": SecretStr(server.url), "mail_from": "utblick@vaxjo.se"})
    app = build_app(configured, clock=clock, database=database)
    first = run_due(app.database, app.channels, app.settings, at("2027-01-15 09:00"))
    assert len(first.retrying) == 4 and first.sent == first.failed == []
    with database.session_scope() as session:
        errors = {row.error for row in session.scalars(select(Delivery))}
    assert errors == {"mail server unreachable (ConnectionRefusedError)"}
    server.start()
    try:
        later = run_due(app.database, app.channels, app.settings, at("2027-01-15 09:05"))
        assert sorted(later.sent) == sorted(first.retrying)
        assert len(server.received) == 4
    finally:
        server.stop()


def test_a_permanent_refusal_is_reported_to_the_administrators(
    mail_app: App,
    slack_api: MockSlackApi,
    smtp: SmtpServer,
    municipality: dict[str, int],
    database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    leave_slack(database, slack_api, municipality["anna"], ANNA)
    smtp.refuse_next("rcpt", "550 5.1.1 <anna.berg@vaxjo.se>: Recipient address rejected: User unknown")
    with caplog.at_level(logging.DEBUG):
        summary = tick(mail_app, "2027-01-15 09:00")
    assert summary.failed == [f"annual:{municipality['kultur']}:2026:14"] and summary.retrying == []
    assert smtp.to(ANNA_MAIL) == []
    tick(mail_app, "2027-01-15 09:05")
    [alert] = posted_to(slack_api, KARIN)
    assert "kunde inte levereras" in alert and "mail server answered 550 5.1.1" in alert
    # The server's words repeat the address; our log lines keep only the codes.
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(("reminders", "bot")))
    assert ANNA_MAIL not in ours and "550 5.1.1" in ours


def test_someone_no_channel_reaches_is_undeliverable_and_the_administrators_are_told(
    mail_app: App, slack_api: MockSlackApi, smtp: SmtpServer, municipality: dict[str, int], database: Database
) -> None:
    leave_slack(database, slack_api, municipality["erik"], ERIK)
    with database.session_scope() as session:
        erik = session.get(Person, municipality["erik"])
        assert erik is not None
        erik.email = None
    summary = tick(mail_app, "2027-01-15 09:00")
    assert sorted(summary.undeliverable) == sorted(
        [f"annual:{municipality['teknik']}:2026:14", f"results:{municipality['brussels']}",
         f"climate:{municipality['brussels']}"]
    )  # fmt: skip
    assert {whom for whom, _ in summary.unreached.values()} == {"Erik Lind"}
    with database.session_scope() as session:
        statuses = {row.key: row.status for row in session.scalars(select(Delivery))}
    assert statuses[f"annual:{municipality['teknik']}:2026:14"] == "undeliverable"
    tick(mail_app, "2027-01-15 09:05")
    alerts = posted_to(slack_api, KARIN)
    assert len(alerts) == 3 and all("Erik Lind" in alert for alert in alerts)


def test_reminders_go_over_starttls_after_logging_in(
    settings: Settings,
    municipality: dict[str, int],
    database: Database,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    context, certificate = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))  # the relay's certificate is checked, not ignored
    server = SmtpServer(login=True, starttls=context).start()
    try:
        url = f"smtp://{USER.replace('@', '%40')}:{PASSWORD}@127.0.0.1:{server.port}?starttls=true"
        app = build_app(
            settings.model_copy(update={"smtp_url": SecretStr(url), "mail_from": USER}), clock=clock, database=database
        )
        summary = run_due(app.database, app.channels, app.settings, at("2027-01-15 09:00"))
    finally:
        server.stop()
    assert len(summary.sent) == 4 and len(server.received) == 4
    assert server.logins == [USER] * 4  # one session per reminder: taken whole, or not at all

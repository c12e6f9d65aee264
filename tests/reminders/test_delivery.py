"""Reminders delivered through the real Slack channel to the mock Slack API: what the contact person reads,
what the buttons do, and what happens when Slack fails."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.actions import Action
from bot.app import App
from bot.messages import Message, Sender
from reminders.delivery import run_due
from storage.db import Database
from storage.models import Activity, Delivery
from tests.mock_slack_api import MockSlackApi
from tests.reminders.conftest import ANNA, ERIK, KARIN, at


def posted_to(slack_api: MockSlackApi, user: str) -> list[str]:
    channel = "D" + user.removeprefix("U")
    return [json.dumps(c.body, ensure_ascii=False) for c in slack_api.calls_to("chat.postMessage")
            if c.body.get("channel") == channel]  # fmt: skip


def press(app: App, user: str, action: str) -> str:
    sender = Sender(platform="slack", user_id=user)
    message = Message(sender=sender, channel="D" + user.removeprefix("U"), action=Action.of(action))
    replies = app.engine.handle(message).replies
    return " ".join(r.text for r in replies)


def test_the_contact_person_gets_a_digest_of_the_unit_year(
    reminder_app: App, slack_api: MockSlackApi, municipality: dict[str, int]
) -> None:
    summary = run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-15 09:00"))
    assert sorted(k for k in summary.sent if k.startswith("annual:")) == [
        f"annual:{municipality['kultur']}:2026:14",
        f"annual:{municipality['teknik']}:2026:14",
    ]
    [digest] = posted_to(slack_api, ANNA)
    assert "Årsrapporten 2026 – Kultur- och fritidsförvaltningen" in digest
    assert "senast 31 januari 2027 – om 16 dagar" in digest
    assert "Konferens i Bryssel" in digest and "Studiebesök i Gent" in digest
    assert "Det här saknas fortfarande" in digest and "Erik Lind" in digest  # whom to ask about the flight
    assert "Skapa rapportutkast" in digest and "Påminn mig i morgon" in digest and "Klart" in digest
    assert "Komplettera underlaget" in digest  # something is missing, and this is where it is mended
    listed = press(reminder_app, ANNA, f"unit_activities:unit:{municipality['kultur']}:2026")
    assert "Konferens i Bryssel" in listed and "svar om klimatkompensation" in listed
    [english] = [m for m in posted_to(slack_api, ERIK) if "Annual report" in m]  # Erik writes in English
    assert "Annual report 2026 – Tekniska förvaltningen" in english and "Nothing has been logged" in english


def test_snooze_sends_the_reminder_again_the_next_working_day(
    reminder_app: App, slack_api: MockSlackApi, municipality: dict[str, int], database: Database
) -> None:
    run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-15 09:00"))
    reminder_app.clock.set(at("2027-01-15 10:00"))  # type: ignore[attr-defined]
    series = f"{municipality['kultur']}:2026"
    assert "Okej, jag påminner dig" in press(reminder_app, ANNA, f"reminders:snooze:{series}")
    assert "måndag" not in press(reminder_app, ANNA, f"reminders:snooze:{series}")  # pressed twice: one snooze
    # Friday → the next working day is Monday 18 January.
    run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-16 09:00"))
    assert len(posted_to(slack_api, ANNA)) == 1
    run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-18 09:00"))
    assert len(posted_to(slack_api, ANNA)) == 2


def test_done_stops_the_reminders_and_only_the_contact_person_may_press_it(
    reminder_app: App, slack_api: MockSlackApi, municipality: dict[str, int]
) -> None:
    series = f"{municipality['kultur']}:2026"
    assert "Only the contact person for Kultur" in press(reminder_app, ERIK, f"reminders:done:{series}")
    assert "Inga fler påminnelser" in press(reminder_app, ANNA, f"reminders:done:{series}")
    run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-22 09:00"))
    assert posted_to(slack_api, ANNA) == []
    assert len([m for m in posted_to(slack_api, ERIK) if "Annual report" in m]) == 1  # Teknik's still comes


def test_results_and_climate_follow_ups_go_to_whoever_logged_the_activity(
    reminder_app: App, slack_api: MockSlackApi, municipality: dict[str, int], database: Database
) -> None:
    run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2026-11-28 09:00"))
    sent = posted_to(slack_api, ERIK)
    assert any("How did “Konferens i Bryssel”" in m and "Add results" in m for m in sent)
    assert any("Was the flight for “Konferens i Bryssel”" in m for m in sent)
    assert "Thanks!" in press(reminder_app, ERIK, f"reminders:climate:{municipality['brussels']}:yes")
    with database.session_scope() as session:
        assert session.get(Activity, municipality["brussels"]).climate_compensated == "yes"  # type: ignore[union-attr]
    run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2026-12-05 09:00"))
    assert len(posted_to(slack_api, ERIK)) == 2  # each asked once


def test_a_failed_delivery_is_retried_and_sent_once(
    reminder_app: App, slack_api: MockSlackApi, municipality: dict[str, int], database: Database
) -> None:
    slack_api.fail_next("chat.postMessage", error="internal_error")
    first = run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-15 09:00"))
    assert len(first.retrying) == 1 and len(first.sent) == 3
    # Nothing is marked sent before it was sent; the next tick within the pause does not try again.
    again = run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-15 09:01"))
    assert again.sent == []
    later = run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-15 09:05"))
    assert later.sent == first.retrying
    with database.session_scope() as session:
        row = session.scalars(select(Delivery).where(Delivery.key == first.retrying[0])).one()
        assert (row.status, row.attempts, row.error) == ("sent", 1, None)
    # Slack saw five posts: the one that failed, then each of the four notices once.
    assert len(posted_to(slack_api, ANNA)) + len(posted_to(slack_api, ERIK)) == 5


def test_a_deactivated_user_is_not_retried_and_the_administrators_are_told(
    reminder_app: App, slack_api: MockSlackApi, municipality: dict[str, int], database: Database
) -> None:
    slack_api.fail_next("chat.postMessage", error="account_inactive")
    summary = run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-15 09:00"))
    assert len(summary.failed) == 1 and summary.retrying == []
    run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-15 09:05"))
    [alert] = posted_to(slack_api, KARIN)
    assert "kunde inte levereras" in alert and "account_inactive" in alert


def test_a_contact_person_known_only_by_email_is_found_in_slack(
    reminder_app: App, slack_api: MockSlackApi, municipality: dict[str, int], database: Database
) -> None:
    with database.session_scope() as session:
        from storage.models import Person

        anna = session.get(Person, municipality["anna"])
        assert anna is not None
        anna.slack_user_id = None
    run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-15 09:00"))
    assert slack_api.calls_to("users.lookupByEmail")[0].body["email"] == "anna.berg@vaxjo.se"
    assert len(posted_to(slack_api, ANNA)) == 1


def test_the_strategy_follow_up_is_recorded_in_chat(
    reminder_app: App, slack_api: MockSlackApi, municipality: dict[str, int]
) -> None:
    run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2029-10-12 09:00"))
    [reminder] = [m for m in posted_to(slack_api, KARIN) if "Mandatperioden 2026–2030" in m]
    assert "Uppföljningen är gjord" in reminder
    sender = Sender(platform="slack", user_id=KARIN)
    reply = reminder_app.engine.handle(Message(sender=sender, channel="D0KARIN", text="strategin är uppföljd")).replies
    assert "strategin är uppföljd för mandatperioden 2026–2030" in reply[0].text

"""The Slack app through real Bolt and real HTTP: signed requests in, recorded Web API calls out.

Each test reads as what a person does in Slack and what Slack is then asked to show them.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest
from sqlalchemy import event, func, select

from bot.actions import Action
from bot.app import App
from bot.config import Settings
from bot.context import Context, Turn
from bot.conversation import action_codec
from bot.messages import Attachment, Button, Message, Reply
from bot.platforms import slack_blocks as kit
from bot.platforms.slack_delivery import Target
from bot.registry import Capability
from storage.db import Database
from storage.models import Activity, AuditEntry, Dialogue, OrgUnit, Person, ProcessedEvent
from tests.mock_slack_api import (
    BOT_ID,
    BOT_USER,
    MockSlackApi,
    blocks_problem,
    command_body,
    payload,
    view_submission,
)
from tests.platforms.conftest import ANNA, SlackHarness
from tests.platforms.stand_ins import ECHO, LOG_ACTIVITY
from tests.support import meaning

Start = Callable[..., SlackHarness]


def texts(body: dict[str, Any]) -> str:
    """Everything a person would read in a posted message or view: its blocks' texts, fields, buttons."""
    out = []
    for block in body.get("blocks") or []:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        if isinstance(block.get("label"), dict):
            out.append(block["label"]["text"])
        out.extend(field["text"] for field in block.get("fields") or [])
        for element in block.get("elements") or []:
            text = element.get("text")
            out.append(text["text"] if isinstance(text, dict) else str(text or ""))
    return "\n".join(out)


def buttons(body: dict[str, Any]) -> dict[str, str | None]:
    """{label: what the button does} of the buttons in a posted message (their values are signed)."""
    return {
        e["text"]["text"]: meaning(e["value"])
        for b in body.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
    }


def activities(app: App) -> list[Activity]:
    with app.database.session_scope() as session:
        return list(session.scalars(select(Activity)))


# --- Direct messages ---------------------------------------------------------------------------------


def test_a_direct_message_is_answered_in_the_dm_by_first_name(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    assert slack.dm("hej").status == 200
    posted = slack_api.wait_for("chat.postMessage")[0].body
    assert posted["channel"] == "D0ANNA"
    assert "Hej Anna!" in texts(posted)


def test_the_person_is_looked_up_once_and_then_known_from_the_database(
    slack: SlackHarness, slack_api: MockSlackApi, app: App
) -> None:
    slack.dm("hej")
    slack_api.wait_for("chat.postMessage")
    slack.dm("hej igen")
    slack_api.wait_for("chat.postMessage", 2)
    assert len(slack_api.calls_to("users.info")) == 1
    with app.database.session_scope() as session:
        anna = session.scalars(select(Person).where(Person.slack_user_id == ANNA)).one()
        assert (anna.display_name, anna.email, anna.timezone, anna.language) == (
            "Anna Berg",
            "anna.berg@vaxjo.se",
            "Europe/Stockholm",
            "sv",
        )


def test_a_conversation_does_not_ask_the_database_who_is_writing_at_every_turn(
    slack: SlackHarness, slack_api: MockSlackApi, app: App
) -> None:
    slack.dm("hej")
    slack_api.wait_for("chat.postMessage")
    lookups: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if "slack_user_id = " in statement:
            lookups.append(statement)

    event.listen(app.database.engine, "before_cursor_execute", note)
    try:
        slack.dm("hej igen")
        posted = slack_api.wait_for("chat.postMessage", 2)[-1].body
    finally:
        event.remove(app.database.engine, "before_cursor_execute", note)
    assert "Anna" in texts(posted)
    assert len(lookups) == 1  # the engine's own find_or_create; the Slack profile came from memory


def test_a_contact_imported_by_email_is_the_same_person_when_they_first_write(
    slack: SlackHarness, slack_api: MockSlackApi, app: App
) -> None:
    with app.database.session_scope() as session:
        anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.se")
        session.add(anna)
    slack.dm("hej")
    slack_api.wait_for("chat.postMessage")
    with app.database.session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1
        assert session.scalars(select(Person)).one().slack_user_id == ANNA


def test_someone_slack_cannot_describe_is_still_answered(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    slack.dm("hej", user="U0NOBODY")
    posted = slack_api.wait_for("chat.postMessage")[0].body
    assert slack_api.calls_to("users.info")[0].body["user"] == "U0NOBODY"
    assert "Hej!" in texts(posted)


def test_a_dm_logs_an_activity_end_to_end(slack: SlackHarness, slack_api: MockSlackApi, app: App) -> None:
    slack.dm("Study visit to Freiburg week 38 by train")
    card = slack_api.wait_for("chat.postMessage")[0].body
    assert "Is this right?" in texts(card) and "Freiburg, Germany" in texts(card)
    assert buttons(card) == {
        "Save": "log_activity:save",
        "Change": "log_activity:change",
        "Cancel": "log_activity:cancel",
    }
    assert activities(app) == []

    assert slack.click(card, "Save").status == 200
    saved = slack_api.wait_for("chat.postMessage", 2)[1].body
    assert "Saved! “Study visit in Freiburg”" in texts(saved)
    [activity] = activities(app)
    assert (activity.kind, activity.city, activity.country, activity.travel_mode) == (
        "study_visit",
        "Freiburg",
        "DE",
        "train",
    )
    with app.database.session_scope() as session:
        assert session.get(Person, activity.logged_by_id).slack_user_id == ANNA  # type: ignore[union-attr]

    # The card loses its buttons, so the same activity cannot be saved twice by a second click.
    updated = slack_api.wait_for("chat.update")[0].body
    assert updated["ts"] == "1700000000.000001"
    assert buttons(updated) == {}
    assert "✓ Save" in texts(updated)


def test_a_question_gets_the_cited_answer(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    slack.dm("Måste flygresor klimatkompenseras?")
    answer = texts(slack_api.wait_for("chat.postMessage")[0].body)
    assert "klimatkompenseras" in answer and "Hållbart synsätt" in answer


def test_slash_logga_opens_the_real_form_and_its_submission_is_saved(
    slack: SlackHarness, slack_api: MockSlackApi, app: App
) -> None:
    slack.command("logga")
    view = slack_api.wait_for("views.open")[0].body["view"]
    kinds = next(b for b in view["blocks"] if b["block_id"] == "kind")["element"]["options"]
    assert ("Studiebesök", "study_visit") in [(option["text"]["text"], option["value"]) for option in kinds]
    values = {
        "kind": {"type": "static_select", "selected_option": {"value": "conference"}},
        "start_date": {"type": "datepicker", "selected_date": "2026-10-08"},
        "city": {"type": "plain_text_input", "value": "Rotterdam"},
        "travel_mode": {"type": "static_select", "selected_option": {"value": "train"}},
    }
    assert slack.interact(view_submission(view, values)).status == 200
    answer = texts(slack_api.wait_for("chat.postMessage")[0].body)
    assert "Sparat!" in answer
    [activity] = activities(app)
    assert (activity.kind, activity.city, activity.country, activity.source) == (
        "conference",
        "Rotterdam",
        "NL",
        "form",
    )


def test_the_message_shortcut_logs_a_colleagues_message(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    shortcut = payload("interactive_message_shortcut")
    shortcut["callback_id"] = "utblick_log_message"
    shortcut["user"]["id"] = ANNA
    shortcut["message"]["text"] = "Vi var på studiebesök i Gent 3 juni, tog tåget"
    assert slack.interact(shortcut).status == 200
    card = texts(slack_api.wait_for("chat.postMessage")[0].body)
    assert "Stämmer det här?" in card and "Gent, Belgien" in card and "3 juni 2026" in card


def test_a_message_in_a_dm_thread_is_answered_in_that_thread(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    event = payload("event_message_im_thread")["event"]
    slack.event({**event, "user": ANNA, "text": "hjälp"}, name="event_message_im_thread")
    posted = slack_api.wait_for("chat.postMessage")[0].body
    assert posted["thread_ts"] == event["thread_ts"]
    assert "Så här kan jag hjälpa dig" in texts(posted)


def test_a_very_long_message_gets_a_polite_answer_and_nothing_is_stored(
    start_slack: Start, slack_api: MockSlackApi, app: App
) -> None:
    slack = start_slack(LOG_ACTIVITY)
    assert slack.dm("konferens " * 4999 + "konferens!").status == 200  # 50,000 characters
    reply = texts(slack_api.wait_for("chat.postMessage")[0].body)
    assert "väldigt långt (50\u00a0000 tecken)" in reply
    assert activities(app) == []


def test_edits_channel_chatter_and_other_bots_are_not_answered(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    slack.event({"user": ANNA, "text": "hej", "subtype": "message_changed"})
    slack.event({"user": "U0OTHER", "text": "hej", "bot_id": "B999"})
    channel = payload("event_message_channel_rich")
    assert slack.event({**channel["event"], "user": ANNA}, name="event_message_channel_rich").status == 200
    slack.finish()
    assert slack_api.calls_to("chat.postMessage") == []


def test_a_dm_with_a_file_attached_is_answered_from_its_text(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    # Slack sends a message with a file as subtype file_share; the text typed with it is the question.
    attached = {"id": "F0PROGRAM", "name": "program.pdf", "mimetype": "application/pdf", "user": ANNA}
    slack.event({"user": ANNA, "text": "Måste flygresor klimatkompenseras?", "subtype": "file_share",
                 "files": [attached], "upload": False})  # fmt: skip
    answer = texts(slack_api.wait_for("chat.postMessage")[0].body)
    assert "klimatkompenseras" in answer and "Hållbart synsätt" in answer


def test_deletions_bot_posts_and_the_apps_own_messages_are_not_answered(
    slack: SlackHarness, slack_api: MockSlackApi
) -> None:
    slack.event({"user": ANNA, "text": "", "subtype": "message_deleted", "previous_message": {"text": "hej"}})
    slack.event({"text": "hej", "subtype": "bot_message", "bot_id": "B999", "username": "Jira"})
    slack.event({"user": BOT_USER, "text": "Hej Anna!", "bot_id": BOT_ID, "app_id": "A0UTBLICK"})
    edited = {"user": ANNA, "text": "hej igen", "ts": "1700000000.000002"}
    slack.event({"user": None, "text": None, "subtype": "message_changed", "message": edited})
    slack.finish()
    assert slack_api.calls_to("chat.postMessage") == []


# --- Mentions and the slash command -------------------------------------------------------------------


def test_a_mention_in_a_channel_is_answered_in_a_thread(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    mention = payload("event_app_mention")["event"]
    assert mention["text"].startswith(f"<@{BOT_USER}>")
    slack.event({**mention, "user": ANNA}, name="event_app_mention")
    posted = slack_api.wait_for("chat.postMessage")[0].body
    assert (posted["channel"], posted["thread_ts"]) == ("C111", mention["ts"])
    assert "Hi Anna!" in texts(posted)  # "<@W111> Hi there!" is a greeting in English once the mention is gone


def test_personal_data_asked_for_in_a_channel_is_answered_in_the_dm_with_a_pointer_in_the_thread(
    slack: SlackHarness, slack_api: MockSlackApi
) -> None:
    mention = payload("event_app_mention")["event"]
    slack.event({**mention, "user": ANNA, "text": f"<@{BOT_USER}> mina uppgifter"}, name="event_app_mention")
    slack_api.wait_for("files.completeUploadExternal")
    slack.finish()
    posts = [call.body for call in slack_api.calls_to("chat.postMessage")]
    in_channel = [post for post in posts if post["channel"] == "C111"]
    in_dm = [post for post in posts if post["channel"] == "D0ANNA"]
    assert [texts(post) for post in in_channel] == [
        "Det gäller dina egna uppgifter, så jag har svarat dig i vår privata chatt."
    ]
    assert in_channel[0]["thread_ts"] == mention["ts"]
    assert "Här är allt jag har sparat om dig" in texts(in_dm[0]) and "thread_ts" not in in_dm[0]
    [upload] = slack_api.calls_to("files.completeUploadExternal")
    assert upload.body["channel_id"] == "D0ANNA"
    everything = json.dumps([call.body for call in slack_api.calls if call.body.get("channel") == "C111"])
    assert "anna.berg@vaxjo.se" not in everything


def test_a_mention_inside_a_thread_is_answered_in_that_thread(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    mention = payload("event_app_mention")["event"]
    thread = {"ts": "1700000100.000200", "thread_ts": "1700000000.000100", "text": f"<@{BOT_USER}> hjälp"}
    slack.event({**mention, **thread, "user": ANNA}, name="event_app_mention")
    posted = slack_api.wait_for("chat.postMessage")[0].body
    assert (posted["channel"], posted["thread_ts"]) == ("C111", "1700000000.000100")
    assert "Så här kan jag hjälpa dig" in texts(posted)


def test_a_mention_by_another_app_is_not_answered(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    # An app posting "@Utblick …" (a workflow, another bot) comes with its bot_id; answering it could
    # start two bots talking to each other.
    mention = payload("event_app_mention")["event"]
    slack.event(
        {**mention, "bot_id": "B0WORKFLOW", "text": f"<@{BOT_USER}> veckans påminnelse"}, name="event_app_mention"
    )
    slack.finish()
    assert slack_api.calls_to("chat.postMessage") == []


def test_the_slash_command_answers_only_the_person_who_typed_it(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    assert slack.command("hjälp").status == 200
    answer = slack_api.wait_for("respond")[0].body
    assert answer["response_type"] == "ephemeral"
    assert "Så här kan jag hjälpa dig" in texts(answer)
    assert slack_api.calls_to("chat.postMessage") == []


def test_a_conversation_begun_with_the_slash_command_continues_in_the_dm(
    start_slack: Start, slack_api: MockSlackApi, app: App
) -> None:
    slack = start_slack(LOG_ACTIVITY)
    slack.command("Jag var på konferens i Lund", channel="C0GENERAL")
    card = slack_api.wait_for("respond")[0].body
    assert card["response_type"] == "ephemeral" and buttons(card)["Spara"] == "log_activity:save"
    with app.database.session_scope() as session:
        assert session.scalars(select(Dialogue.channel)).all() == ["D0ANNA"]

    click = payload("interactive_block_actions")
    click["user"]["id"] = ANNA
    click["channel"] = {"id": "C0GENERAL", "name": "general"}
    click["container"] = {"type": "message", "message_ts": "111.222", "channel_id": "C0GENERAL", "is_ephemeral": True}
    click["response_url"] = slack_api.response_url("ephemeral-card")
    click["actions"][0].update(
        action_id="utblick:button:0:0", value=slack.sign("log_activity:save"), text={"text": "Spara"}
    )
    slack.interact(click)
    saved = slack_api.wait_for("respond", 2)[1].body
    assert saved["replace_original"] is True  # the ephemeral card becomes the confirmation
    assert "Sparat: Jag var på konferens i Lund." in texts(saved)
    assert [a.title for a in activities(app)] == ["Jag var på konferens i Lund"]


def test_the_bare_slash_command_shows_help(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    slack.command("")
    assert "Så här kan jag hjälpa dig" in texts(slack_api.wait_for("respond")[0].body)


def test_slash_logga_opens_the_form_as_a_modal(start_slack: Start, slack_api: MockSlackApi) -> None:
    slack = start_slack(LOG_ACTIVITY)
    slack.command("logga")
    opened = slack_api.wait_for("views.open")[0].body
    assert opened["trigger_id"] == payload("slash_command")["trigger_id"]
    view = opened["view"]
    assert view["type"] == "modal" and view["title"]["text"] == "Logga aktivitet"
    inputs = {block["block_id"]: block["element"]["type"] for block in view["blocks"]}
    assert inputs == {"title": "plain_text_input", "start_date": "datepicker", "kind": "static_select"}
    assert meaning(json.loads(view["private_metadata"])["action"]) == "log_activity:submit"
    assert slack_api.calls_to("respond") == []  # the modal is the answer


# --- Modals, shortcuts and buttons ----------------------------------------------------------------------


def test_the_modal_submission_reaches_the_engine_and_saving_stores_the_activity(
    start_slack: Start, slack_api: MockSlackApi, app: App
) -> None:
    slack = start_slack(LOG_ACTIVITY)
    slack.command("logga")
    view = slack_api.wait_for("views.open")[0].body["view"]
    values = {
        "title": {"type": "plain_text_input", "value": "Eurocities årsmöte"},
        "start_date": {"type": "datepicker", "selected_date": "2026-11-12"},
        "kind": {"type": "static_select", "selected_option": {"value": "network_meeting"}},
    }
    assert slack.interact(view_submission(view, values)).status == 200
    # Opened from a channel, the form's answers continue in the person's DM with the app.
    card = slack_api.wait_for("chat.postMessage")[0].body
    assert card["channel"] == "D0ANNA"
    assert "Eurocities årsmöte" in texts(card) and "2026-11-12" in texts(card)

    slack.click(card, "Spara", channel="D0ANNA")
    slack_api.wait_for("chat.postMessage", 2)
    [activity] = activities(app)
    assert (activity.title, activity.kind, activity.start_date.isoformat()) == (  # type: ignore[union-attr]
        "Eurocities årsmöte",
        "network_meeting",
        "2026-11-12",
    )


def test_a_form_whose_end_date_is_before_its_start_stays_open_with_the_error_under_the_end_date(
    slack: SlackHarness, slack_api: MockSlackApi, app: App
) -> None:
    slack.command("logga")
    view = slack_api.wait_for("views.open")[0].body["view"]
    values = {
        "kind": {"type": "static_select", "selected_option": {"value": "conference"}},
        "start_date": {"type": "datepicker", "selected_date": "2026-10-08"},
        "end_date": {"type": "datepicker", "selected_date": "2026-10-06"},
        "city": {"type": "plain_text_input", "value": "Rotterdam"},
        "travel_mode": {"type": "static_select", "selected_option": {"value": "train"}},
    }
    answer = slack.interact(view_submission(view, values))
    assert answer.json() == {
        "response_action": "errors",
        "errors": {"end_date": "Slutdatumet ligger före startdatumet. Ändra något av dem."},
    }
    assert activities(app) == []  # the answer came after the engine's turn: nothing was saved

    # Mended in the same modal, it is saved.
    values["end_date"] = {"type": "datepicker", "selected_date": "2026-10-09"}
    assert slack.interact(view_submission(view, values)).body == ""  # a plain acknowledgement closes the modal
    assert "Sparat!" in texts(slack_api.wait_for("chat.postMessage")[0].body)
    [activity] = activities(app)
    assert (activity.start_date.isoformat(), activity.end_date.isoformat()) == ("2026-10-08", "2026-10-09")  # type: ignore[union-attr]


def test_a_form_with_fields_the_register_cannot_hold_stays_open_with_each_error_and_nothing_is_lost(
    slack: SlackHarness, slack_api: MockSlackApi, app: App
) -> None:
    slack.command("logga")
    view = slack_api.wait_for("views.open")[0].body["view"]
    values = {
        "kind": {"type": "static_select", "selected_option": {"value": "conference"}},
        "title": {"type": "plain_text_input", "value": "Konferens\u0000 i \u202eBryssel"},
        "start_date": {"type": "datepicker", "selected_date": "9999-12-31"},
        "city": {"type": "plain_text_input", "value": "B" * 500},
        "programme": {"type": "plain_text_input", "value": "P" * 300},
        "travel_mode": {"type": "static_select", "selected_option": {"value": "train"}},
    }
    answer = slack.interact(view_submission(view, values))
    assert answer.json() == {
        "response_action": "errors",
        "errors": {
            "city": "Högst 120 tecken (nu 500).",
            "programme": "Högst 200 tecken (nu 300).",
            "start_date": "Datumet måste ligga mellan 1990 och tio år framåt.",
        },
    }
    assert activities(app) == []
    values.update(start_date={"type": "datepicker", "selected_date": "2026-10-08"},
                  city={"type": "plain_text_input", "value": "Bryssel"}, programme={"type": "plain_text_input",
                  "value": "Horisont Europa"})  # fmt: skip
    assert slack.interact(view_submission(view, values)).body == ""
    assert "Sparat!" in texts(slack_api.wait_for("chat.postMessage")[0].body)
    [activity] = activities(app)
    assert (activity.title, activity.city) == ("Konferens i Bryssel", "Bryssel")  # NUL and U+202E are gone


def test_a_form_whose_answer_is_slow_closes_with_a_plain_ack_and_is_sent_back_with_its_error(
    slack: SlackHarness, slack_api: MockSlackApi, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A turn slower than the form's wait (a rate-limited users.info, a busy database) must not leave the
    modal to time out: Slack would say "trouble connecting" and invite a second submission. The modal
    closes, and the form comes back in a new one with the error under the end date."""
    monkeypatch.setattr("bot.platforms.slack.FORM_ANSWER_SECONDS", 0.05)
    acknowledged = threading.Event()
    answer = slack.adapter.engine.handle

    def slow(message: Message) -> list[Reply]:
        acknowledged.wait(timeout=10)  # the engine answers only once Slack has had its acknowledgement
        return answer(message)

    monkeypatch.setattr(slack.adapter.engine, "handle", slow)
    slack.command("logga")
    acknowledged.set()  # the command itself is not a form
    view = slack_api.wait_for("views.open")[0].body["view"]
    acknowledged.clear()
    values = {
        "kind": {"type": "static_select", "selected_option": {"value": "conference"}},
        "start_date": {"type": "datepicker", "selected_date": "2026-10-07"},
        "end_date": {"type": "datepicker", "selected_date": "2026-10-05"},
        "city": {"type": "plain_text_input", "value": "Lissabon"},
    }
    assert slack.interact(view_submission(view, values)).body == ""  # a plain acknowledgement, not the errors
    acknowledged.set()
    reopened = slack_api.wait_for("views.open", 2)[1].body["view"]
    hints = {block["block_id"]: block.get("hint", {}).get("text") for block in reopened["blocks"]}
    assert hints["end_date"] == "⚠️ Slutdatumet ligger före startdatumet. Ändra något av dem."
    assert activities(app) == []


def test_the_message_shortcut_starts_logging_that_message_in_the_dm(
    start_slack: Start, slack_api: MockSlackApi
) -> None:
    slack = start_slack(LOG_ACTIVITY)
    shortcut = payload("interactive_message_shortcut")
    shortcut["callback_id"] = "utblick_log_message"
    shortcut["user"]["id"] = ANNA
    shortcut["message"]["text"] = "Vi var på studiebesök i Gent &amp; Brygge"
    assert slack.interact(shortcut).status == 200
    card = slack_api.wait_for("chat.postMessage")[0].body
    assert slack_api.calls_to("conversations.open")[0].body["users"] == ANNA
    assert card["channel"] == "D0ANNA"
    assert "Vi var på studiebesök i Gent &amp; Brygge" in texts(card)  # & shown as typed, escaped for mrkdwn


def test_a_form_without_a_trigger_becomes_a_button_that_opens_it(start_slack: Start, slack_api: MockSlackApi) -> None:
    slack = start_slack(LOG_ACTIVITY)
    click = payload("interactive_block_actions")
    click["user"]["id"] = ANNA
    click["container"]["is_ephemeral"] = False
    click["message"] = {"ts": "1700000000.000009", "text": "", "blocks": []}
    click["actions"][0].update(action_id="utblick:button:0:0", value=slack.sign("log_activity:form"))
    slack_api.fail_next("views.open", error="expired_trigger_id")
    slack.interact(click)
    posted = slack_api.wait_for("chat.postMessage")[0].body
    opener = next(e for b in posted["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert (opener["action_id"], opener["text"]["text"]) == ("utblick:open_form", "Logga aktivitet")

    click["actions"][0].update(action_id=opener["action_id"], value=opener["value"])
    click["trigger_id"] = "222.333.fresh"
    slack.interact(click)
    reopened = slack_api.wait_for("views.open", 2)[1].body
    assert reopened["trigger_id"] == "222.333.fresh"
    assert reopened["view"]["title"]["text"] == "Logga aktivitet"


def test_a_contact_person_mends_a_colleagues_activity_with_the_unit_lists_buttons(
    slack: SlackHarness, slack_api: MockSlackApi, app: App, seeded: dict[str, Any]
) -> None:
    slack.dm("enhetens aktiviteter")
    listing = texts(slack_api.wait_for("chat.postMessage")[0].body)
    assert "Aktiviteter 2026 för Kultur- och fritidsförvaltningen (14 st.)" in listing
    slack.dm("visa 2")
    card = slack_api.wait_for("chat.postMessage", 2)[1].body
    assert buttons(card)["Lägg till resultat"].startswith("unit_activities:results:")

    slack.click(card, "Lägg till resultat")
    question = slack_api.wait_for("chat.postMessage", 3)[2].body
    assert question["channel"] == "D0ANNA" and "Vad gav ”Culture Summit”?" in texts(question)
    pressed = slack_api.wait_for("chat.update")[0].body
    assert buttons(pressed) == {} and "✓ Lägg till resultat" in texts(pressed)
    slack.dm("ett nytt nätverk för festivaler")
    assert "Resultatet är sparat" in texts(slack_api.wait_for("chat.postMessage", 4)[3].body)

    slack.dm("visa 2")  # the list keeps its numbers; a fresh card, with its buttons
    card = slack_api.wait_for("chat.postMessage", 5)[4].body
    assert "ett nytt nätverk för festivaler" in texts(card)
    slack.click(card, "Radera")
    ask = slack_api.wait_for("chat.postMessage", 6)[5].body
    assert "Vill du radera ”Culture Summit”" in texts(ask)
    assert buttons(ask)["Ja, radera"].startswith("unit_activities:delete_yes:")
    slack.click(ask, "Ja, radera")
    assert "Raderad: ”Culture Summit”" in texts(slack_api.wait_for("chat.postMessage", 7)[6].body)
    assert "Culture Summit" not in [a.title for a in activities(app)]


# --- App Home ----------------------------------------------------------------------------------------------


def test_opening_app_home_publishes_the_overview(slack: SlackHarness, slack_api: MockSlackApi, app: App) -> None:
    with app.database.session_scope() as session:
        unit = OrgUnit(name="Kultur- och fritidsförvaltningen", kind="forvaltning")
        anna = Person(display_name="Anna Berg", email="anna.berg@vaxjo.se", slack_user_id=ANNA, org_unit=unit)
        session.add_all([unit, anna])
        session.flush()
        unit.contact_person = anna
        session.add(Activity(kind="eu_project", title="Creative Europe", org_unit=unit, logged_by=anna))
    event = payload("event_app_home_opened")["event"]
    slack.event({**event, "user": ANNA, "tab": "home"}, name="event_app_home_opened")
    published = slack_api.wait_for("views.publish")[0].body
    assert published["user_id"] == ANNA
    home = texts(published["view"])
    assert "Årsrapporten för 2026 ska vara inne senast 31 januari 2027 (om 66 dagar)" in home
    assert "Creative Europe" in home
    assert set(buttons(published["view"]).values()) == {
        "log_activity:form",
        "home:ask",
        "report:start",
        "unit_activities:list",
    }


def home_click(value: str, label: str, *, position: int) -> dict[str, Any]:
    """Anna pressing the App Home button with this value (the `position`th of the overview's buttons)."""
    click = payload("interactive_block_actions")
    click["user"]["id"] = ANNA
    click["container"] = {"type": "view", "view_id": "V1"}
    click["view"] = {"id": "V1", "type": "home", "private_metadata": json.dumps({"channel": "D0ANNA"})}
    click["actions"][0].update(
        action_id=f"utblick:button:0:{position}", value=value, text={"type": "plain_text", "text": label}
    )
    return click


def test_the_unit_list_button_in_app_home_shows_the_list_in_the_dm(
    slack: SlackHarness, slack_api: MockSlackApi, seeded: dict[str, Any]
) -> None:
    slack.interact(home_click(slack.sign("unit_activities:list"), "Enhetens aktiviteter", position=3))
    posted = slack_api.wait_for("chat.postMessage")[0].body
    assert posted["channel"] == "D0ANNA"
    assert "Aktiviteter 2026 för Kultur- och fritidsförvaltningen (14 st.)" in texts(posted)
    slack.dm("visa 1")
    assert "Nordic Museum Days" in texts(slack_api.wait_for("chat.postMessage", 2)[1].body)


def test_opening_the_messages_tab_publishes_nothing(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    event = payload("event_app_home_opened")["event"]
    slack.event({**event, "user": ANNA}, name="event_app_home_opened")
    slack.finish()
    assert slack_api.calls_to("views.publish") == []


def test_a_button_in_app_home_answers_in_the_dm(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    slack.interact(home_click(slack.sign("home:ask"), "Fråga", position=1))
    posted = slack_api.wait_for("chat.postMessage")[0].body
    assert posted["channel"] == "D0ANNA"
    assert "Skriv din fråga" in texts(posted)


# --- Reliability and security ------------------------------------------------------------------------------


def test_a_retried_event_is_handled_once(start_slack: Start, slack_api: MockSlackApi, app: App) -> None:
    slack = start_slack(LOG_ACTIVITY)
    slack.dm("Jag var på konferens i Lund", event_id="Ev0RETRY")
    slack_api.wait_for("chat.postMessage")
    retry = slack.dm(
        "Jag var på konferens i Lund",
        event_id="Ev0RETRY",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert retry.status == 200
    slack.finish()
    assert len(slack_api.calls_to("chat.postMessage")) == 1
    with app.database.session_scope() as session:
        assert session.scalars(select(ProcessedEvent.event_id)).all() == ["Ev0RETRY"]


def test_with_one_slack_thread_every_message_still_gets_its_answer(
    app: App, slack_settings: Settings, slack_api: MockSlackApi
) -> None:
    """UTBLICK_SLACK_THREADS bounds how many turns run at once; the messages beyond it wait, none is lost."""
    from bot.conversation import Engine
    from bot.platforms.slack import SlackAdapter

    settings = slack_settings.model_copy(update={"slack_threads": 1})
    slack = SlackHarness(
        SlackAdapter(Engine(settings, app.database, app.engine.registry, app.clock), settings), slack_api
    )
    try:
        assert slack.adapter.executor._max_workers == 1
        for number, text in enumerate(("hej", "hjälp", "tack")):
            assert slack.dm(text, event_id=f"Ev0ONE{number}").status == 200
        slack.finish()
        assert len(slack_api.calls_to("chat.postMessage")) == 3
    finally:
        slack.stop()


def test_a_forged_signature_is_rejected(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    forged = slack.dm("hej", signature="v0=" + "0" * 64)
    other_secret = slack.dm("hej", secret="not-the-signing-secret")
    assert (forged.status, other_secret.status) == (401, 401)
    slack.finish()
    assert slack_api.calls_to("chat.postMessage") == []


def other_workspace(envelope: dict[str, Any]) -> dict[str, Any]:
    """The same payload as sent from workspace T999 of another organisation, which installed the app too."""
    for place in (envelope, *(envelope.get("authorizations") or [])):
        place.update(team_id="T999", enterprise_id="E999")
    return envelope


def test_an_event_from_another_workspace_is_not_served(slack: SlackHarness, slack_api: MockSlackApi, app: App) -> None:
    envelope = other_workspace(payload("event_message_im"))
    envelope["event"].update(user="U0OUTSIDER", channel="D0OUT", text="hej")
    slack_api.add_user("U0OUTSIDER", "Someone Else", "someone@other.example")
    assert slack.post(json.dumps(envelope), "application/json").status == 200  # acknowledged, so Slack stops
    slack.finish()
    assert slack_api.calls_to("chat.postMessage") == [] and slack_api.calls_to("users.info") == []
    with app.database.session_scope() as session:
        assert session.scalars(select(Person)).all() == []


def test_a_click_or_command_from_another_workspace_is_refused(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    command = {**payload("slash_command"), "team_id": "T999", "enterprise_id": "E999", "user_id": "U0OUTSIDER",
               "text": "mina uppgifter", "response_url": slack_api.response_url("command")}  # fmt: skip
    assert slack.post(*command_body(command)).status == 403
    click = payload("interactive_block_actions")
    click["team"] = {"id": "T999", "domain": "other", "enterprise_id": "E999"}
    click["user"] = {"id": "U0OUTSIDER", "team_id": "T999"}
    assert slack.interact(click).status == 403
    slack.finish()
    assert slack_api.calls_to("respond") == [] and slack_api.calls_to("chat.postMessage") == []


def test_an_account_reporting_an_administrators_email_does_not_become_the_administrator(
    slack: SlackHarness, slack_api: MockSlackApi, app: App
) -> None:
    with app.database.session_scope() as session:
        session.add(Person(display_name="Anna Berg", email="anna.berg@vaxjo.se", slack_user_id=ANNA, is_admin=True))
    slack_api.add_user("U0SAME", "Anna Berg", "anna.berg@vaxjo.se")  # a second account, same e-mail
    slack.dm("lägg till enhet Utomstående AB", user="U0SAME")
    said = texts(slack_api.wait_for("chat.postMessage")[0].body)
    assert "Utomstående AB är tillagd" not in said
    with app.database.session_scope() as session:
        admin = session.scalars(select(Person).where(Person.is_admin)).one()
        assert admin.slack_user_id == ANNA
        newcomer = session.scalars(select(Person).where(Person.slack_user_id == "U0SAME")).one()
        assert (newcomer.is_admin, newcomer.email) == (False, None)
        assert session.scalars(select(OrgUnit)).all() == []
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "identity_conflict")).all()
        assert entry.subject_id == admin.id and entry.details["user_id"] == "U0SAME"


def test_a_body_that_is_not_a_slack_payload_gets_400_or_401_and_no_traceback(
    slack: SlackHarness, slack_api: MockSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    assert slack.post('{"type": "event_callback", "event": ', "application/json").status == 400
    assert slack.post('{"type": "event_', "application/json", signature="v0=" + "0" * 64).status == 401
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.exc_info]
    slack.finish()
    assert slack_api.calls_to("chat.postMessage") == []


def test_a_read_timeout_is_retried(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    slack.adapter.client.timeout = 1
    slack_api.delay_next("chat.postMessage", seconds=2)  # Slack is slow to answer once
    slack.dm("hej")
    first, second = slack_api.wait_for("chat.postMessage", 2, timeout=10)
    assert first.body == second.body


def test_one_message_slack_will_not_take_is_lost_but_not_the_rest_of_the_answer(
    start_slack: Start, slack_api: MockSlackApi
) -> None:
    def two_messages(message: Message, ctx: Context) -> Turn:
        return Turn([Reply("Första delen."), Reply("Andra delen.")])

    slack = start_slack(Capability(name="two", handle=two_messages, intents=("two",), recognise=lambda t: 0.9))
    for _ in range(3):  # the first message fails on every attempt
        slack_api.fail_next("chat.postMessage", status=500)
    slack.dm("två delar, tack")
    posted = slack_api.wait_for("chat.postMessage", 4, timeout=10)
    assert [texts(call.body) for call in posted[3:]] == ["Andra delen."]


def test_a_forged_or_stale_button_value_is_refused_and_nothing_happens(
    slack: SlackHarness, slack_api: MockSlackApi, app: App
) -> None:
    with app.database.session_scope() as session:
        session.add(Person(display_name="Anna Berg", email="anna.berg@vaxjo.se", slack_user_id=ANNA))
    forged = {"blocks": [{"type": "actions", "elements": [
        {"type": "button", "action_id": "utblick:button:0:0", "text": {"type": "plain_text", "text": "Radera"},
         "value": "personal_data:erase_yes"}]}], "text": "…"}  # fmt: skip
    slack.click(forged, "Radera")
    said = texts(slack_api.wait_for("chat.postMessage")[0].body)
    assert "Den knappen känner jag inte igen" in said
    slack.finish()
    assert slack_api.calls_to("chat.update") == []
    with app.database.session_scope() as session:
        assert session.scalars(select(Person).where(Person.slack_user_id == ANNA)).one().email  # not erased


def test_a_stale_request_is_rejected_even_when_correctly_signed(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    replayed = slack.dm("hej", timestamp=int(time.time()) - 10 * 60)
    assert replayed.status == 401
    slack.finish()
    assert slack_api.calls_to("chat.postMessage") == []


def test_a_rate_limited_answer_is_sent_again_after_retry_after(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    slack_api.fail_next("chat.postMessage", status=429, headers={"Retry-After": "0"})
    slack.dm("hej")
    first, second = slack_api.wait_for("chat.postMessage", 2)
    assert first.body == second.body
    assert "Hej Anna!" in texts(second.body)


def test_what_a_person_types_is_shown_not_executed(start_slack: Start, slack_api: MockSlackApi) -> None:
    slack = start_slack(ECHO)
    # As Slack sends it: @channel and a mention as markup, a typed "<b>" escaped, a link with a label.
    slack.dm("Ping <!channel> och <@U0BOSS> &lt;b&gt; &amp; <https://evil.example/x|vaxjo.se>")
    posted = slack_api.wait_for("chat.postMessage")[0].body
    shown = texts(posted)
    assert "&lt;!channel&gt;" in shown and "&lt;@U0BOSS&gt;" in shown and "&lt;b&gt; &amp;" in shown
    assert "vaxjo.se (https://evil.example/x)" in shown
    for sent in (shown, posted["text"]):
        assert "<!channel>" not in sent and "<@U0BOSS>" not in sent and "<https" not in sent


def test_requests_are_acknowledged_before_the_work_is_done(start_slack: Start, slack_api: MockSlackApi) -> None:
    slack = start_slack(LOG_ACTIVITY)
    # The answer is held up by a rate limit for two seconds; the acknowledgement must not wait for it.
    slack_api.fail_next("chat.postMessage", status=429, headers={"Retry-After": "2"})
    assert slack.dm("Jag var på konferens i Malmö").status == 200
    assert len(slack_api.calls_to("chat.postMessage")) <= 1
    slack_api.wait_for("chat.postMessage", 2)


def test_socket_mode_deliveries_go_through_the_same_app_and_retries_are_dropped(
    slack: SlackHarness, slack_api: MockSlackApi
) -> None:
    envelope = payload("socket_mode_events_api_envelope")
    envelope["payload"]["event"].update(channel_type="im", channel="D0ANNA", user=ANNA, text="hjälp")
    first = {**envelope, "retry_attempt": 0, "retry_reason": ""}
    assert run_bolt_app(slack.adapter.bolt, SocketModeRequest.from_dict(first)).status == 200  # type: ignore[arg-type]
    assert run_bolt_app(slack.adapter.bolt, SocketModeRequest.from_dict(envelope)).status == 200  # type: ignore[arg-type]
    slack.finish()
    [answer] = slack_api.calls_to("chat.postMessage")
    assert "Så här kan jag hjälpa dig" in texts(answer.body)


def test_when_the_database_is_down_people_are_told_and_the_buttons_stay(
    start_slack: Start, slack_api: MockSlackApi, app: App
) -> None:
    down = Database("postgresql://utblick@127.0.0.1:9/none", connect_args={"connect_timeout": 1})
    slack = start_slack(LOG_ACTIVITY, database=down)
    slack.dm("Jag var på konferens i Lund")
    apology = slack_api.wait_for("chat.postMessage")[0].body
    assert "Jag kommer inte åt min databas just nu, så inget har sparats" in texts(apology)

    card = {
        "text": "Stämmer det här?",
        "blocks": kit.reply_blocks(
            Reply("Stämmer det här?", buttons=[Button("Spara", Action.of("log_activity:save"))]),
            action_codec(app.database).encode,  # posted while the database was up
        ),
    }
    slack.click(card, "Spara")
    slack_api.wait_for("chat.postMessage", 2)
    slack.finish()
    assert slack_api.calls_to("chat.update") == []  # the card keeps its button, to be pressed again later


def test_a_multi_part_answer_to_the_slash_command_is_one_ephemeral_message(
    slack: SlackHarness, slack_api: MockSlackApi
) -> None:
    slack.command("översikt")
    answer = slack_api.wait_for("respond")[0].body
    shown = texts(answer)
    assert "Din översikt" in shown and "Din enhet – 2026" in shown and "Dina senaste aktiviteter" in shown
    assert [b["type"] for b in answer["blocks"]].count("divider") == 2
    slack.finish()
    assert len(slack_api.calls_to("respond")) == 1


def long_answer(lines: int) -> Capability:
    """A capability that answers "lång" with `lines` numbered lines of about 90 characters each."""

    def answer(message: Message, ctx: Context) -> Turn:
        text = "\n".join(f"{n}. Konferens i Lund & Malmö <{n}> " + "x" * 60 for n in range(1, lines + 1))
        return Turn([Reply(text, title="Alla aktiviteter", buttons=[Button("Visa fler", "long:more")])])

    return Capability(name="long", handle=answer, intents=("long",), recognise=lambda text: 0.99)


def test_an_answer_longer_than_one_slack_message_is_sent_in_parts_in_order(
    start_slack: Start, slack_api: MockSlackApi
) -> None:
    slack = start_slack(long_answer(1000))  # about 90,000 characters, 30 sections of text
    slack.dm("lång")
    slack.finish()
    posted = [call.body for call in slack_api.calls_to("chat.postMessage")]
    assert len(posted) > 1 and [blocks_problem(body["blocks"]) for body in posted] == [None] * len(posted)
    shown = "\n".join(texts(body) for body in posted)
    numbers = [int(line.split(".")[0]) for line in shown.split("\n") if line[:1].isdigit()]
    assert numbers == list(range(1, 1001))  # every line, once, in order
    assert "Konferens i Lund &amp; Malmö &lt;1000&gt;" in shown
    assert posted[0]["blocks"][0]["type"] == "header" and buttons(posted[-1]) == {"Visa fler": "long:more"}
    assert all(buttons(body) == {} for body in posted[:-1])
    assert all(body["text"].strip() for body in posted)


def test_a_long_answer_to_the_slash_command_is_not_cut_short(start_slack: Start, slack_api: MockSlackApi) -> None:
    slack = start_slack(long_answer(60))
    slack.command("lång")
    [answer] = [call.body for call in slack_api.wait_for("respond")]
    assert answer["response_type"] == "ephemeral" and "60. Konferens i Lund" in texts(answer)

    slack = start_slack(long_answer(500))
    slack.command("lång")
    slack.finish()
    # A response_url takes five answers; what does not fit in them goes on in the person's DM.
    ephemeral = [call.body for call in slack_api.calls_to("respond")][1:]
    in_dm = [call.body for call in slack_api.calls_to("chat.postMessage")]
    assert len(ephemeral) == 5 and all(answer["response_type"] == "ephemeral" for answer in ephemeral)
    assert in_dm and all(body["channel"] == "D0ANNA" for body in in_dm)
    shown = "\n".join(texts(body) for body in ephemeral + in_dm)
    numbers = [int(line.split(".")[0]) for line in shown.split("\n") if line[:1].isdigit()]
    assert numbers == list(range(1, 501))


def test_a_file_in_an_answer_is_uploaded_to_the_conversation(
    start_slack: Start, slack_api: MockSlackApi, tmp_path: Path
) -> None:
    report = tmp_path / "aktiviteter-2026.csv"
    report.write_text("kind,title\nconference,Eurocities\n", encoding="utf-8")

    def export(message: Message, ctx: Context) -> Turn:
        return Turn([Reply("Här är filen.", files=[Attachment(report, "Aktiviteter 2026", "text/csv")])])

    slack = start_slack(Capability(name="export", handle=export, intents=("export",), recognise=lambda t: 0.9))
    slack.dm("exportera mina aktiviteter")
    assert "Här är filen." in texts(slack_api.wait_for("chat.postMessage")[0].body)
    uploaded = slack_api.wait_for("upload")[0]
    assert uploaded.body["_bytes"] == report.stat().st_size
    completed = slack_api.wait_for("files.completeUploadExternal")[0].body
    assert completed["channel_id"] == "D0ANNA"
    assert json.loads(completed["files"])[0]["title"] == "Aktiviteter 2026"


def test_the_annual_report_goes_up_as_word_excel_and_png_files_byte_for_byte(
    slack: SlackHarness,
    slack_api: MockSlackApi,
    seeded: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    app: App,
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the report's files, where the test can see them
    with app.database.session_scope() as session:
        session.get(Person, seeded["anna"]).slack_user_id = ANNA  # type: ignore[union-attr]
    slack.dm("rapport")
    slack_api.wait_for("files.completeUploadExternal", 3, timeout=30)
    uploads = {call.body["_data"][:4] for call in slack_api.calls_to("upload")}
    assert uploads == {b"PK\x03\x04", b"\x89PNG"}  # two Office files (zip) and the chart
    on_disk = sorted((tmp_path / "utblick-reports").rglob("*.*"))
    assert sorted(len(call.body["_data"]) for call in slack_api.calls_to("upload")) == sorted(
        path.stat().st_size for path in on_disk
    )


def test_a_personal_file_is_removed_once_uploaded_and_a_report_is_kept_for_a_second_try(
    slack: SlackHarness, slack_api: MockSlackApi, tmp_path: Path
) -> None:
    personal, report = tmp_path / "mine" / "mina-uppgifter.json", tmp_path / "report" / "rapport.csv"
    for path in (personal, report):
        path.parent.mkdir()
        path.write_text("{}", encoding="utf-8")
    target = Target(ANNA, "D0ANNA", "D0ANNA")
    slack.adapter.courier.upload(Attachment(personal, "Mina uppgifter", "application/json", personal=True), target)
    slack.adapter.courier.upload(Attachment(report, "Rapport", "text/csv"), target)
    assert len(slack_api.calls_to("upload")) == 2
    assert not personal.exists() and not personal.parent.exists()
    assert report.exists()


def test_a_newcomers_burst_of_messages_is_answered_with_one_lookup_and_one_person(
    slack: SlackHarness, slack_api: MockSlackApi, app: App
) -> None:
    for _ in range(6):
        assert slack.dm("hej").status == 200
    slack_api.wait_for("chat.postMessage", 6)
    slack.finish()
    assert len(slack_api.calls_to("users.info")) == 1
    assert all("Hej Anna!" in texts(call.body) for call in slack_api.calls_to("chat.postMessage"))
    with app.database.session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1

"""Two `utblick serve` processes behind one load balancer, on one PostgreSQL database: what must happen
once happens once, whichever instance Slack reaches, however often it is pressed or sent."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bot.platforms.slack_blocks import FORM_CALLBACK
from storage.db import Database
from storage.models import Activity
from tests.mock_slack_api import (
    BOT_TOKEN,
    SIGNING_SECRET,
    MockSlackApi,
    Response,
    click_payload,
    event_body,
    interaction_body,
    payload,
    signed_request,
    view_submission,
)
from tests.support import RunningServer

ANNA = "U0ANNA"


@pytest.fixture
def slack_api() -> Iterator[MockSlackApi]:
    api = MockSlackApi().start()
    api.add_user(ANNA, "Anna Berg", "anna.berg@vaxjo.se")
    yield api
    api.stop()


@pytest.fixture
def two_instances(
    postgres_schema_url: str, slack_api: MockSlackApi, tmp_path: Path
) -> Iterator[tuple[RunningServer, RunningServer]]:
    Database(postgres_schema_url).upgrade()
    env = {"DATABASE_URL": postgres_schema_url, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": slack_api.url, "UTBLICK_SCHEDULER": "false"}  # fmt: skip
    servers: list[RunningServer] = []
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            servers.append(RunningServer(tmp_path / name, "/slack/events", **env))
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()


def activities(url: str) -> int:
    database = Database(url)
    try:
        with database.session_scope() as session:
            return int(session.scalar(select(func.count()).select_from(Activity)) or 0)
    finally:
        database.dispose()


@contextmanager
def holding_the_dialogue(url: str, *, waiters: int) -> Iterator[None]:
    """Hold Anna's dialogue row locked while the body runs, and let go only when `waiters` turns are
    blocked on it: the moment two instances both have a press of "Spara" in hand, made certain."""
    database = Database(url)
    connection = database.engine.connect()
    transaction = connection.begin()
    connection.execute(text("SELECT id FROM dialogues FOR UPDATE"))
    try:
        yield
        for _ in range(200):
            waiting = connection.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
            ).scalar()
            if waiting and waiting >= waiters:
                break
            time.sleep(0.05)
    finally:
        transaction.commit()
        connection.close()
        database.dispose()


def at_once(*sends: tuple[RunningServer, tuple[str, str]]) -> list[Response]:
    """Send signed requests to the instances at the same moment; their responses."""
    responses: list[Response] = []
    barrier = threading.Barrier(len(sends))

    def send(server: RunningServer, body: tuple[str, str]) -> None:
        barrier.wait()
        responses.append(signed_request(f"{server.url}/slack/events", body[0], content_type=body[1], timeout=20))

    threads = [threading.Thread(target=send, args=pair) for pair in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return responses


@pytest.mark.postgres
def test_save_pressed_on_two_instances_at_once_saves_one_activity(
    two_instances: tuple[RunningServer, RunningServer], slack_api: MockSlackApi, postgres_schema_url: str
) -> None:
    a, b = two_instances
    envelope = payload("event_message_im")
    envelope["event"].update(user=ANNA, channel="D0ANNA", text="Study visit to Freiburg week 38 by train")
    signed_request(f"{a.url}/slack/events", *event_body(envelope)[:1], content_type="application/json")
    card = slack_api.wait_for("chat.postMessage", timeout=20)[0].body
    click = click_payload(card, "Save", user=ANNA, channel="D0ANNA", response_url=slack_api.response_url("click"))

    # Both presses reach their instance while the draft is held, as when they land in the same moment.
    with holding_the_dialogue(postgres_schema_url, waiters=2):
        responses = at_once((a, interaction_body(click)), (b, interaction_body(copy.deepcopy(click))))
    assert [r.status for r in responses] == [200, 200]
    answers = slack_api.wait_for("chat.postMessage", 3, timeout=20)[1:]
    said = " ".join(str(call.body.get("text")) for call in answers)
    assert "Saved!" in said
    assert activities(postgres_schema_url) == 1


@pytest.mark.postgres
def test_the_same_form_submitted_twice_saves_one_activity(
    two_instances: tuple[RunningServer, RunningServer], slack_api: MockSlackApi, postgres_schema_url: str
) -> None:
    a, b = two_instances
    values = {
        "kind": {"type": "static_select", "selected_option": {"value": "conference"}},
        "title": {"type": "plain_text_input", "value": "Konferens i Bryssel"},
        "start_date": {"type": "datepicker", "selected_date": "2026-10-12"},
        "city": {"type": "plain_text_input", "value": "Bryssel"},
        "travel_mode": {"type": "static_select", "selected_option": {"value": "train"}},
    }
    view = {"callback_id": FORM_CALLBACK, "private_metadata": '{"action": "log_activity:submit"}'}
    submission = view_submission(view, values, ANNA)
    body = interaction_body(submission)

    first = signed_request(f"{a.url}/slack/events", body[0], content_type=body[1], timeout=20)
    again = signed_request(f"{a.url}/slack/events", body[0], content_type=body[1], timeout=20)
    assert (first.status, again.status) == (200, 200)
    responses = at_once((a, body), (b, body))
    assert [r.status for r in responses] == [200, 200]
    assert activities(postgres_schema_url) == 1

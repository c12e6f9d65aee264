"""The deadline reminder is the reason the bot exists: it never waits behind follow-ups, however many
an import has made due at once."""

from __future__ import annotations

from sqlalchemy import insert, select

from bot.app import App
from reminders.delivery import run_due
from storage.db import Database
from storage.models import Delivery
from tests.mock_slack_api import MockSlackApi
from tests.reminders.conftest import ANNA, ERIK, at


def test_annual_reminders_go_out_on_their_day_with_thousands_of_follow_ups_pending(
    reminder_app: App, slack_api: MockSlackApi, municipality: dict[str, int], database: Database
) -> None:
    # An import three days ago: 3,000 results follow-ups, all due before this morning's deadline reminders.
    queued = at("2027-01-12 09:00")
    rows = [
        {"key": f"results:imported-{n}", "kind": "results_followup", "person_id": municipality["erik"],
         "payload": {"activity_id": municipality["brussels"]}, "due_at": queued, "status": "pending", "attempts": 0,
         "created_at": queued}
        for n in range(3000)
    ]  # fmt: skip
    with database.session_scope() as session:
        session.execute(insert(Delivery), rows)
    summary = run_due(reminder_app.database, reminder_app.channels, reminder_app.settings, at("2027-01-15 09:00"))
    kultur, teknik = municipality["kultur"], municipality["teknik"]
    assert f"annual:{kultur}:2026:14" in summary.sent and f"annual:{teknik}:2026:14" in summary.sent
    digests = [c.body for c in slack_api.calls_to("chat.postMessage") if "Årsrapporten" in str(c.body)]
    assert {d["channel"] for d in digests} == {"D" + ANNA.removeprefix("U")}
    assert any("Annual report 2026" in str(c.body) for c in slack_api.calls_to("chat.postMessage")
               if c.body.get("channel") == "D" + ERIK.removeprefix("U"))  # fmt: skip
    # The follow-ups still go out, a tick's worth at a time.
    with database.session_scope() as session:
        pending = session.scalars(select(Delivery.key).where(Delivery.status == "pending")).all()
    assert 2900 < len(pending) < 3000

"""The Slack app through real Bolt and real HTTP: signed requests in, recorded Web API calls out."""

from __future__ import annotations

from tests.mock_slack_api import MockSlackApi
from tests.platforms.conftest import SlackHarness


def texts(call_body: dict) -> str:
    """Everything a person would read in a posted message's blocks."""
    out = []
    for block in call_body.get("blocks") or []:
        if block.get("text"):
            out.append(block["text"]["text"])
        for field in block.get("fields") or []:
            out.append(field["text"])
        for element in block.get("elements") or []:
            if element.get("text"):
                out.append(element["text"]["text"] if isinstance(element["text"], dict) else element["text"])
    return "\n".join(out)


def test_a_direct_message_is_answered_in_the_dm_by_first_name(slack: SlackHarness, slack_api: MockSlackApi) -> None:
    response = slack.dm("hej")
    assert response.status == 200
    posted = slack_api.wait_for("chat.postMessage")[0].body
    assert posted["channel"] == "D0ANNA"
    assert "Hej Anna!" in texts(posted)

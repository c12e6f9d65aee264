"""The Slack Web API client keeps its connection between calls, as HTTP/1.1 lets it and Slack's servers
do, and a kept connection that the server closed is replaced without the call failing or being sent twice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.platforms.slack import retry_handlers
from bot.platforms.slack_http import KeepAliveWebClient
from tests.mock_slack_api import BOT_TOKEN, MockSlackApi
from tests.platforms.conftest import SlackHarness
from tests.platforms.test_slack import texts


@pytest.fixture
def client(slack_api: MockSlackApi) -> Iterator[KeepAliveWebClient]:
    # No retry handlers: whatever is sent again here is the client's own doing, not a handler's.
    client = KeepAliveWebClient(token=BOT_TOKEN, base_url=slack_api.url, retry_handlers=[], timeout=5)
    yield client
    client.close()


def test_a_second_call_goes_over_the_same_connection(client: KeepAliveWebClient, slack_api: MockSlackApi) -> None:
    client.chat_postMessage(channel="D0ANNA", text="ett")
    client.chat_postMessage(channel="D0ANNA", text="två")
    assert [call.body["text"] for call in slack_api.calls_to("chat.postMessage")] == ["ett", "två"]
    assert slack_api.connections_opened == 1


def test_a_connection_the_server_closed_while_idle_is_replaced(
    client: KeepAliveWebClient, slack_api: MockSlackApi
) -> None:
    client.chat_postMessage(channel="D0ANNA", text="ett")
    slack_api.close_connections()  # the server's keep-alive timeout passed
    client.chat_postMessage(channel="D0ANNA", text="två")
    assert [call.body["text"] for call in slack_api.calls_to("chat.postMessage")] == ["ett", "två"]
    assert slack_api.connections_opened == 2


def test_a_call_on_a_connection_closed_as_it_was_sent_is_sent_once_more_and_arrives_once(
    client: KeepAliveWebClient, slack_api: MockSlackApi
) -> None:
    client.chat_postMessage(channel="D0ANNA", text="ett")
    slack_api.drop_next("chat.postMessage")  # the server closes the kept connection as the call arrives
    response = client.chat_postMessage(channel="D0ANNA", text="två")
    assert response["ok"]
    assert [call.body["text"] for call in slack_api.calls_to("chat.postMessage")] == ["ett", "två"]
    assert slack_api.connections_opened == 2


def test_slacks_errors_are_still_the_sdks_errors_for_the_retry_handlers(slack_api: MockSlackApi) -> None:
    client = KeepAliveWebClient(token=BOT_TOKEN, base_url=slack_api.url, retry_handlers=retry_handlers())
    slack_api.fail_next("chat.postMessage", status=429, headers={"Retry-After": "0"})
    slack_api.fail_next("chat.postMessage", status=500)
    assert client.chat_postMessage(channel="D0ANNA", text="till slut")["ok"]
    assert len(slack_api.calls_to("chat.postMessage")) == 3
    assert slack_api.connections_opened == 1  # an error answer does not cost the connection
    client.close()


def test_a_message_after_slack_dropped_the_connection_is_answered_once(
    slack: SlackHarness, slack_api: MockSlackApi
) -> None:
    slack.dm("hej")
    slack_api.wait_for("chat.postMessage")
    slack_api.close_connections()  # idle too long, as Slack sees it
    slack.dm("hej")
    slack_api.wait_for("chat.postMessage", 2)
    slack_api.drop_next("chat.postMessage")  # and closed just as the next answer leaves
    slack.dm("hej")
    slack_api.wait_for("chat.postMessage", 3)
    slack.finish()
    answers = slack_api.calls_to("chat.postMessage")
    assert len(answers) == 3
    assert all("Hej Anna!" in texts(call.body) for call in answers)

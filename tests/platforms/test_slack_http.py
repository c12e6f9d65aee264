"""The Slack Web API client keeps its connection between calls, as HTTP/1.1 lets it and Slack's servers
do, and a kept connection that the server closed is replaced without the call failing or being sent twice."""

from __future__ import annotations

import http.client
import io
from collections.abc import Iterator

import pytest

from bot.platforms.slack import retry_handlers
from bot.platforms.slack_http import KeepAliveWebClient, parse_headers
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


@pytest.mark.parametrize(
    "block",
    [
        b"Content-Type: application/json; charset=utf-8\r\nContent-Length: 42\r\nConnection: keep-alive\r\n\r\n",
        b"X-Empty:\r\nX-Spaces:   trailing blanks kept   \r\nX-Tab:\tvalue\nset-cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n",
        b"X-Folded: first\r\n second line\r\nContent-Type: text/plain\r\n\r\n",  # an obsolete folded line
        b"Not a header line\r\nContent-Type: text/plain\r\n\r\n",
        b"X-Latin: \xe5\xe4\xf6\r\nX-Colon: a: b\r\n\r\n",
        b"\r\n",
    ],
)
def test_a_responses_headers_read_without_the_email_parser_are_the_standard_librarys(block: bytes) -> None:
    ours, standard = parse_headers(io.BytesIO(block)), http.client.parse_headers(io.BytesIO(block))
    assert ours.items() == standard.items()
    assert [type(d) for d in ours.defects] == [type(d) for d in standard.defects]
    for name in ("content-type", "set-cookie", "x-folded", "x-empty", "x-spaces", "connection"):
        assert ours.get(name) == standard.get(name)
        assert ours.get_all(name) == standard.get_all(name)
    assert (ours.get_content_type(), ours.get_content_charset()) == (
        standard.get_content_type(),
        standard.get_content_charset(),
    )


def test_a_response_header_block_past_the_standard_librarys_limits_is_refused() -> None:
    with pytest.raises(http.client.LineTooLong):
        parse_headers(io.BytesIO(b"X-Long: " + b"a" * 70000 + b"\r\n\r\n"))
    with pytest.raises(http.client.HTTPException):
        parse_headers(io.BytesIO(b"X-Many: 1\r\n" * 101 + b"\r\n"))


def test_a_kept_connections_answer_is_read_to_its_length_and_the_connection_kept(
    client: KeepAliveWebClient, slack_api: MockSlackApi
) -> None:
    # Two answers in a row on one connection: the first one's body was read to its Content-Length.
    assert client.chat_postMessage(channel="D0ANNA", text="ett")["ok"]
    response = client.chat_postMessage(channel="D0ANNA", text="två")
    assert response["ok"]
    assert "content-type" in {name.lower() for name in response.headers}  # the SDK sees the headers too
    assert slack_api.connections_opened == 1

"""The optional generative mode, against a local mock of an OpenAI-compatible API."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.config import DEFAULT_STRATEGY_FILE, Settings
from bot.knowledge.answers import answerer_for
from bot.knowledge.generative import NO_ANSWER, rephrase
from tests.mock_server import SHUTDOWN_POLL


class MockModel:
    """Records requests and answers with whatever `reply` says (a text, a status code, or silence)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.reply: str | int = "Ja. Flygresor ska klimatkompenseras, och resorna ska minimeras."
        model = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                model.requests.append(json.loads(body))
                model.headers.append(dict(self.headers))
                if isinstance(model.reply, int):
                    self.send_response(model.reply)
                    self.end_headers()
                    return
                payload = {"choices": [{"message": {"role": "assistant", "content": model.reply}}]}
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"


@pytest.fixture
def model() -> Iterator[MockModel]:
    mock = MockModel()
    thread = threading.Thread(target=mock.server.serve_forever, args=(SHUTDOWN_POLL,), daemon=True)
    thread.start()
    yield mock
    mock.server.shutdown()
    mock.server.server_close()


def settings_for(model: MockModel, **extra: object) -> Settings:
    return Settings(llm_url=model.url, llm_api_key="sk-test-secret", _env_file=None, **extra)  # type: ignore[arg-type]


def test_the_model_phrases_the_answer_and_the_quote_stays(model: MockModel) -> None:
    extractive = answerer_for(DEFAULT_STRATEGY_FILE).answer("Måste flyget klimatkompenseras?", "sv")
    answer = rephrase(extractive, settings_for(model))
    assert answer.text == "Ja. Flygresor ska klimatkompenseras, och resorna ska minimeras."
    assert answer.sources == extractive.sources
    request = model.requests[0]
    assert request["messages"][0]["role"] == "system"
    assert "ONLY the passages" in request["messages"][0]["content"]
    assert "Answer in Swedish" in request["messages"][0]["content"]
    assert "flygresor klimatkompenseras" in request["messages"][1]["content"]
    assert model.headers[0]["Authorization"] == "Bearer sk-test-secret"


def test_refusals_are_never_sent_to_the_model(model: MockModel) -> None:
    refused = answerer_for(DEFAULT_STRATEGY_FILE).answer("Can you recommend a hotel in Brussels?", "en")
    assert rephrase(refused, settings_for(model)) is refused
    assert model.requests == []


@pytest.mark.parametrize("reply", [500, NO_ANSWER, "   "])
def test_a_failing_or_refusing_model_leaves_the_extractive_answer(
    model: MockModel, reply: str | int, caplog: pytest.LogCaptureFixture
) -> None:
    model.reply = reply
    extractive = answerer_for(DEFAULT_STRATEGY_FILE).answer("Who follows up the strategy?", "en")
    with caplog.at_level(logging.WARNING):
        assert rephrase(extractive, settings_for(model)).text == extractive.text
    assert "sk-test-secret" not in caplog.text


def test_an_unreachable_model_is_not_waited_for_long() -> None:
    settings = Settings(llm_url="http://127.0.0.1:9/v1", llm_timeout_seconds=1, _env_file=None)  # type: ignore[call-arg]
    extractive = answerer_for(DEFAULT_STRATEGY_FILE).answer("Vem följer upp strategin?", "sv")
    assert rephrase(extractive, settings).text == extractive.text


def test_off_by_default_and_the_chat_uses_it_when_configured(model: MockModel, database, clock) -> None:  # type: ignore[no-untyped-def]
    from bot.app import build_app
    from tests.support import Conversation

    assert Settings(_env_file=None).llm_url is None  # type: ignore[call-arg]
    settings = settings_for(model, database_url=database.url)
    chat = Conversation(build_app(settings, clock=clock, database=database).engine)
    said = chat.say("Måste flyget klimatkompenseras?")
    assert "Ja. Flygresor ska klimatkompenseras, och resorna ska minimeras." in said
    assert "Ur strategin: ”… De fysiska resorna skall minimeras" in said
    assert "Källa: Internationell strategi för Växjö kommun" in said

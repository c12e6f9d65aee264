"""Files in Teams (the annual report): offered with a consent card, uploaded to OneDrive once allowed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.context import Context, Turn
from bot.messages import Attachment, Message, Reply
from bot.registry import Capability
from tests.mock_teams_connector import ANNA_CHAT, MockConnector
from tests.mock_teams_connector import activity as teams_activity
from tests.platforms.conftest import TeamsHarness

Start = Callable[..., TeamsHarness]
CONSENT = "application/vnd.microsoft.teams.card.file.consent"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "arsrapport-kff-2026.docx"
    path.write_bytes(b"PK\x03\x04" + b"rapport" * 1000)
    return path


@pytest.fixture
def with_export(start_teams: Start, report: Path) -> TeamsHarness:
    def export(message: Message, ctx: Context) -> Turn:
        return Turn([Reply("Här är rapporten.", files=[Attachment(report, "Årsrapport 2026", "application/msword")])])

    return start_teams(Capability(name="export", handle=export, intents=("export",), recognise=lambda t: 0.9))


def consent(teams: TeamsHarness, connector: MockConnector, context: dict[str, str], action: str) -> dict[str, object]:
    invoke = teams_activity(
        connector.url,
        type="invoke",
        name="fileConsent/invoke",
        value={
            "type": "fileUpload",
            "action": action,
            "context": context,
            "uploadInfo": {
                "contentUrl": "https://vaxjo-my.sharepoint.com/personal/anna/Documents/arsrapport-kff-2026.docx",
                "fileType": "docx",
                "name": "arsrapport-kff-2026.docx",
                "uploadUrl": f"{connector.url}upload/session-1",
                "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
            },
        },
    )
    del invoke["text"]
    response = teams.post(invoke)
    return {"status": response.status, "body": response.body}


def test_a_file_is_offered_and_uploaded_once_the_person_allows_it(
    with_export: TeamsHarness, connector: MockConnector, report: Path
) -> None:
    with_export.say("exportera rapporten")
    text, offer = connector.sent()
    assert text.body["text"] == "Här är rapporten."
    [card] = offer.body["attachments"]
    assert card["contentType"] == CONSENT and card["name"] == report.name
    assert card["content"]["sizeInBytes"] == report.stat().st_size
    assert card["content"]["description"] == "Årsrapport 2026"
    assert str(report) not in str(card)  # the card refers to the file by a token, never by its path

    answer = consent(with_export, connector, card["content"]["acceptContext"], "accept")
    assert answer["status"] == 200  # Teams waits for the invoke's answer
    [upload] = connector.calls_to("upload")
    assert upload.body == {"_bytes": report.stat().st_size}
    assert upload.headers["content-range"] == f"bytes 0-{report.stat().st_size - 1}/{report.stat().st_size}"
    info = connector.sent()[-1].body["attachments"][0]
    assert info["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    assert info["content"]["uniqueId"] == "1150D938-8870-4044-9F2C-5BBDEBA70C9D"

    # The same consent a second time (or a forged one) uploads nothing.
    consent(with_export, connector, card["content"]["acceptContext"], "accept")
    assert len(connector.calls_to("upload")) == 1
    assert "Den filen har jag inte kvar" in connector.sent()[-1].body["text"]


def test_declining_uploads_nothing(with_export: TeamsHarness, connector: MockConnector) -> None:
    with_export.say("exportera rapporten")
    card = connector.sent()[1].body["attachments"][0]
    assert consent(with_export, connector, card["content"]["declineContext"], "decline")["status"] == 200
    assert connector.calls_to("upload") == []
    assert connector.sent()[-1].body["text"] == "Okej, jag laddar inte upp arsrapport-kff-2026.docx."


def test_in_a_channel_files_are_sent_only_in_the_personal_chat(
    with_export: TeamsHarness, connector: MockConnector
) -> None:
    channel = {"id": "19:general@thread.tacv2", "conversationType": "channel"}
    with_export.say("exportera rapporten", conversation=channel)
    texts = [c.body.get("text") for c in connector.sent()]
    assert texts[-1].startswith("Filerna kan jag bara skicka i en personlig chatt")
    assert all(c.conversation != ANNA_CHAT for c in connector.sent())

"""What every Slack request passes through: naming it in the log, and keeping secrets out of logs."""

from __future__ import annotations

import logging

from bot.platforms.slack_middleware import RedactSecrets, redact, request_kind
from tests.mock_slack_api import payload


def test_requests_are_named_for_the_log_without_their_content() -> None:
    assert request_kind(payload("event_message_im")) == "event:message"
    assert request_kind({"command": "/utblick", "text": "hemligt"}) == "command:/utblick"
    assert request_kind(payload("interactive_view_submission")) == "view_submission"


def test_tokens_and_payload_tokens_are_masked() -> None:
    line = (
        'body={"token": "verification_token", "team_id": "T1"} bot=xoxb-1-2-abc app=xapp-1-A1-xyz '
        "form=token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T1"
    )
    masked = redact(line)
    for secret in ("verification_token", "xoxb-1-2-abc", "xapp-1-A1-xyz", "gIkuvaNzQIHg97ATvDxqgjtO"):
        assert secret not in masked
    assert '"team_id": "T1"' in masked and "team_id=T1" in masked


def test_the_log_filter_masks_formatted_records() -> None:
    record = logging.LogRecord(
        "slack_bolt.App", logging.WARNING, __file__, 1, "unhandled request (%s)", ("xoxb-9-9-z",), None
    )
    assert RedactSecrets().filter(record)
    assert record.getMessage() == "unhandled request ([redacted])"

"""A stand-in for Slack's Web API on 127.0.0.1, as Bolt's own tests use one.

It answers the methods Utblick calls the way Slack does (`{"ok": true, …}`, `invalid_auth` for a wrong
token), records every request with its decoded body, and can be told to fail the next call of a
method (a `429` with `Retry-After`, an `expired_trigger_id`). Response URLs (`/respond/…`) and file
upload URLs (`/upload/…`) are served too, so nothing leaves the machine.

Also here: `signed_request`, which sends a request signed with the signing secret exactly as Slack signs
them (`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`), built with slack_sdk's `SignatureVerifier`.
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from slack_sdk.signature import SignatureVerifier

from tests.mock_server import RecordingServer

# A copy of ../shared/slack_payloads, so a fresh clone anywhere has them.
PAYLOADS = Path(__file__).resolve().parent / "data" / "slack_payloads"
BOT_TOKEN = "xoxb-111-222-utblicktest"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_USER = "W111"  # the bot user in the shared payloads (`<@W111>` in the app_mention)
BOT_ID = "B111"
APP_ID = "A111"
TEAM = "T111"
ENTERPRISE = "E111"  # the shared payloads come from a workspace in an Enterprise Grid org


@dataclass(frozen=True)
class Call:
    """One request the mock received: the API method (or `respond` / `upload`), its body and headers."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


@dataclass
class Canned:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


def dm_of(user: str) -> str:
    """The id of the app's DM with `user` in the mock workspace: U0ANNA talks to the app in D0ANNA."""
    return "D" + user.removeprefix("U").removeprefix("W")


def payload(name: str) -> dict[str, Any]:
    """A real-shaped payload from tests/data/slack_payloads (a fresh copy each time)."""
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


class MockSlackApi(RecordingServer[Call]):
    def __init__(self) -> None:
        super().__init__("mock-slack-api")
        self.users: dict[str, dict[str, Any]] = {}
        # The scopes `auth.test` reports in its `x-oauth-scopes` header, as Slack does; None sends no header.
        self.scopes: list[str] | None = None
        self._canned: dict[str, list[Canned]] = {}
        self._delays: dict[str, list[float]] = {}
        self._drops: dict[str, int] = {}
        self._ts = itertools.count(1)

    # --- running -----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The Web API base URL, as SLACK_API_URL."""
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/respond/{name}"

    def start(self) -> MockSlackApi:
        self._start()
        return self

    # --- scripting and reading ------------------------------------------------------------------------

    def add_user(
        self, user_id: str, name: str, email: str, *, tz: str = "Europe/Stockholm", locale: str = "sv-SE"
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM,
            "name": email.split("@")[0],
            "real_name": name,
            "tz": tz,
            "locale": locale,
            "profile": {"real_name": name, "display_name": name.split()[0], "email": email},
        }

    def delay_next(self, method: str, *, seconds: float) -> None:
        """Answer the next call of `method` only after `seconds`, as Slack does on a bad day."""
        self._delays.setdefault(method, []).append(seconds)

    def drop_next(self, method: str) -> None:
        """Close the connection the next call of `method` comes on, unanswered and unrecorded: a kept
        connection the server closed just as the request left the client (the request was never applied)."""
        self._drops[method] = self._drops.get(method, 0) + 1

    def _dropping(self, method: str) -> bool:
        with self._changed:
            if not self._drops.get(method):
                return False
            self._drops[method] -= 1
            return True

    def fail_next(
        self, method: str, *, status: int = 200, error: str = "", headers: dict[str, str] | None = None
    ) -> None:
        body: dict[str, Any] = {"ok": False, "error": error or ("ratelimited" if status == 429 else "fatal_error")}
        self._canned.setdefault(method, []).append(Canned(status, body, headers or {}))

    # --- answering -------------------------------------------------------------------------------------

    def answer(self, method: str, body: dict[str, Any], headers: dict[str, str]) -> Canned:
        canned = self._canned.get(method)
        if canned:
            return canned.pop(0)
        if method.startswith(("respond", "upload")):
            return Canned(200, {"ok": True}, {})
        if headers.get("authorization") != f"Bearer {BOT_TOKEN}" and "token" not in body:
            return Canned(200, {"ok": False, "error": "invalid_auth"}, {})
        headers_out = (
            {"x-oauth-scopes": ",".join(self.scopes)} if method == "auth.test" and self.scopes is not None else {}
        )
        return Canned(200, self._success(method, body), headers_out)

    def _success(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        problem = blocks_problem(body.get("blocks")) if method in {"chat.postMessage", "chat.update"} else None
        if problem:
            return {"ok": False, "error": problem}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://vaxjo.slack.com/",
                "team": "Växjö kommun",
                "user": "utblick",
                "team_id": TEAM,
                "enterprise_id": ENTERPRISE,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "bots.info":
            return {
                "ok": True,
                "bot": {"id": body.get("bot"), "app_id": APP_ID, "user_id": BOT_USER, "name": "utblick"},
            }
        if method == "users.info":
            user = self.users.get(str(body.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "users.lookupByEmail":
            email = str(body.get("email", "")).lower()
            user = next((u for u in self.users.values() if u["profile"]["email"].lower() == email), None)
            return {"ok": True, "user": user} if user else {"ok": False, "error": "users_not_found"}
        if method == "conversations.open":
            user = str(body.get("users", "UX")).split(",")[0]
            return {"ok": True, "channel": {"id": dm_of(user)}}
        if method in {"chat.postMessage", "chat.update", "chat.postEphemeral"}:
            ts = body.get("ts") or f"1700000000.{next(self._ts):06d}"
            return {
                "ok": True,
                "channel": body.get("channel"),
                "ts": ts,
                "message": {"text": body.get("text"), "ts": ts},
            }
        if method in {"views.open", "views.publish", "views.update", "views.push"}:
            return {"ok": True, "view": {"id": f"V{next(self._ts)}", **(body.get("view") or {})}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts)}"
            return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = json.loads(body["files"]) if isinstance(body.get("files"), str) else body.get("files") or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}
        return {"ok": True}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        mock = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # connections are kept between requests, as Slack's servers keep them
            # The headers and the body go out in two writes: without this, the body of an answer on a kept
            # connection waits for the client's delayed ACK of the headers (Nagle's algorithm), 40 ms.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                pass

            def _serve(self) -> None:
                mock._answering(self.connection)
                try:
                    self._answer()
                finally:
                    if mock._answered(self.connection):
                        self.close_connection = True

            def _answer(self) -> None:
                parsed = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                method = parsed.path.removeprefix("/api/").strip("/")
                if parsed.path.startswith(("/respond/", "/upload/")):
                    method = parsed.path.strip("/").split("/")[0]
                if mock._dropping(method):
                    self.close_connection = True
                    return
                if method == "upload":  # the file's bytes, whatever content type urllib claims; never decoded
                    body: dict[str, Any] = {"_bytes": len(raw), "_data": raw}
                else:
                    body = decode_body(raw, headers.get("content-type", ""), parsed.query)
                mock._record(Call(method, body, headers))
                delays = mock._delays.get(method)
                if delays:
                    time.sleep(delays.pop(0))
                canned = mock.answer(method, body, headers)
                data = json.dumps(canned.body).encode()
                self.send_response(canned.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in canned.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_POST = _serve
            do_GET = _serve

        return Handler


# What Slack refuses in a message's blocks: a section over 3,000 characters or more than 50 blocks
# (invalid_blocks), and, undocumented, more than about 12,000 characters of text in all the blocks
# together (msg_blocks_too_long; slackapi/bolt-js#2509 and #2867 measured it between 11,300 and 13,300).
SECTION_TEXT_MAX = 3000
MESSAGE_BLOCKS_MAX = 50
MESSAGE_BLOCKS_TEXT_MAX = 11_000


def _block_texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        texts = [value["text"]] if isinstance(value.get("text"), str) else []
        return texts + [t for k, v in value.items() if k != "text" or not isinstance(v, str) for t in _block_texts(v)]
    if isinstance(value, list):
        return [t for item in value for t in _block_texts(item)]
    return []


def blocks_problem(blocks: Any) -> str | None:
    """The error Slack answers a message's blocks with, or None when it would post them."""
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if not blocks:
        return None
    sections = [b for b in blocks if b.get("type") == "section" and isinstance(b.get("text"), dict)]
    if len(blocks) > MESSAGE_BLOCKS_MAX or any(len(b["text"]["text"]) > SECTION_TEXT_MAX for b in sections):
        return "invalid_blocks"
    if sum(len(text) for text in _block_texts(blocks)) > MESSAGE_BLOCKS_TEXT_MAX:
        return "msg_blocks_too_long"
    return None


def decode_body(raw: bytes, content_type: str, query: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {k: v[0] for k, v in parse_qs(query).items()}
    if not raw:
        return body
    if "application/json" in content_type:
        try:
            body.update(json.loads(raw))
        except ValueError:
            body["_raw"] = raw.decode("utf-8", "replace")
    elif "x-www-form-urlencoded" in content_type:
        body.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
    else:
        body["_bytes"] = len(raw)
    return body


# --- Requests as Slack sends them ----------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


def signed_request(
    url: str,
    body: str,
    *,
    content_type: str,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    signature: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> Response:
    """POST `body` to `url` with Slack's signature headers (or a given, perhaps forged, signature)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    sign = signature or SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    request = urllib.request.Request(url, data=body.encode(), method="POST")
    request.add_header("Content-Type", content_type)
    request.add_header("X-Slack-Request-Timestamp", stamp)
    request.add_header("X-Slack-Signature", sign)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Response(response.status, response.read().decode(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode(), dict(error.headers))


def event_body(event_payload: dict[str, Any]) -> tuple[str, str]:
    return json.dumps(event_payload), "application/json"


def command_body(command: dict[str, Any]) -> tuple[str, str]:
    return urlencode(command), "application/x-www-form-urlencoded"


def interaction_body(interaction: dict[str, Any]) -> tuple[str, str]:
    return urlencode({"payload": json.dumps(interaction)}), "application/x-www-form-urlencoded"


def click_payload(posted: dict[str, Any], label: str, *, user: str, channel: str, response_url: str) -> dict[str, Any]:
    """The `block_actions` payload Slack sends when `user` presses the button labelled `label` in a message
    the bot posted (a recorded chat.postMessage body) in `channel`."""
    buttons = [e for b in posted["blocks"] if b["type"] == "actions" for e in b["elements"]]
    button = next(b for b in buttons if b["text"]["text"] == label)
    click = payload("interactive_block_actions")
    click["user"]["id"] = user
    click["channel"] = {"id": channel, "name": "directmessage"}
    click["container"] = {
        "type": "message",
        "message_ts": "1700000000.000001",
        "channel_id": channel,
        "is_ephemeral": False,
    }
    click["message"] = {"type": "message", "ts": "1700000000.000001", "text": posted.get("text"),
                        "blocks": posted["blocks"]}  # fmt: skip
    click["actions"] = [{**click["actions"][0], **button, "block_id": "b", "action_ts": "1700000001.1"}]
    click["response_url"] = response_url
    return click


def view_submission(view: dict[str, Any], values: dict[str, dict[str, Any]], user: str = "U0ANNA") -> dict[str, Any]:
    """The view_submission Slack sends when `user` submits `view` with `values` ({block_id: state})."""
    body = payload("interactive_view_submission")
    body["user"]["id"] = user
    body["view"] = {**body["view"], **view, "state": {"values": {k: {"value": v} for k, v in values.items()}}}
    return body

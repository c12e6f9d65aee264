"""A stand-in for the Bot Framework connector service (a Teams activity's `serviceUrl`) on 127.0.0.1.

It answers what Utblick calls the way the connector does (`POST v3/conversations/{id}/activities[/{replyTo}]`
→ `{"id": …}`, `PUT …/activities/{id}`, `GET …/members/{user}` → the roster entry), records every request
with its JSON body and headers, and can be told to fail the next call of a kind (a 429 with Retry-After,
a 403 for a bot the person has blocked). It also serves an upload URL (`PUT /upload/…`, standing in for
OneDrive) and a JWKS (`/keys`) for tests that sign Bot Framework tokens themselves.

`activity()` builds the activities Teams posts to the bot from the shared real-shaped payload.
"""

from __future__ import annotations

import copy
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from tests.mock_server import RecordingServer
from tests.schemas import schema_problems

# The repository's copy of ../shared/teams_payloads when there is one, so a fresh clone anywhere has them.
_COPY = Path(__file__).resolve().parent / "data" / "teams_payloads"
PAYLOADS = _COPY if _COPY.is_dir() else Path(__file__).resolve().parents[2] / "shared" / "teams_payloads"
BOT_ID = "28:c9e8c047-2a74-40a2-b28a-b162d5f5327c"
BOT_NAME = "Utblick"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
ANNA_AAD = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8"
ANNA_ID = "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ-NJWi7me2kHTL3Bw"
ANNA_CHAT = "a:17I0kl9EkpE1O9PH5TWrzrLNwnWWcfrU7QZjKR0WSfOpzbfcAg2IaydGElSo10tVr4C7Fc6GtieTJX663WuJCc1uA83n4CSrHSgGBj5XNYLcVlJAs2ZX8DbYBPck201w-"


@dataclass(frozen=True)
class Call:
    """One request the mock received: `send`, `update`, `member`, `upload` or `keys`."""

    method: str
    conversation: str
    body: Any
    headers: dict[str, str]
    reply_to: str | None = None
    activity_id: str | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def cards(self) -> list[dict[str, Any]]:
        """The Adaptive Cards in a sent activity."""
        return [
            a["content"]
            for a in (self.body or {}).get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]


def shared_payload(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


_ids = itertools.count(1)


def activity(service_url: str, text: str = "", **changes: Any) -> dict[str, Any]:
    """A personal-chat message from Anna Berg, in the shape Teams posts it (the shared payload), with a
    fresh id and the mock as its serviceUrl; `changes` replace top-level fields."""
    body = copy.deepcopy(shared_payload("teams_personal_message"))
    number = next(_ids)
    body.update(
        id=f"1700000000{number:06d}",
        serviceUrl=service_url,
        text=text,
        textFormat="plain",
        attachments=[],
        locale="sv-SE",
        timestamp="2026-11-26T09:00:00.000Z",
        localTimestamp="2026-11-26T10:00:00.000+01:00",
    )
    body["from"] = {"id": ANNA_ID, "name": "Anna Berg", "aadObjectId": ANNA_AAD}
    body["recipient"] = {"id": BOT_ID, "name": BOT_NAME}
    body["entities"] = [
        {"type": "clientInfo", "locale": "sv-SE", "country": "SE", "platform": "Web", "timezone": "Europe/Stockholm"}
    ]
    body["channelData"] = {"tenant": {"id": TENANT}}
    body.update(changes)
    return body


# Teams refuses a message over about 40 KB, counted as UTF-16, with 413 Request Entity Too Large.
MESSAGE_BYTES_MAX = 40 * 1024
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


def invalid_card(body: Any) -> tuple[int, Any, dict[str, str]] | None:
    """Teams refuses an Adaptive Card its schema rejects (400 BadArgument): so does the mock."""
    for attachment in (body or {}).get("attachments") or [] if isinstance(body, dict) else []:
        if attachment.get("contentType") != ADAPTIVE_CARD:
            continue
        problems = schema_problems(attachment.get("content"), "adaptive-card-1.5.0.json")
        if problems:
            return 400, {"error": {"code": "BadArgument", "message": "; ".join(problems[:5])}}, {}
    return None


def too_large(body: Any) -> tuple[int, Any, dict[str, str]] | None:
    if len(json.dumps(body, ensure_ascii=False).encode("utf-16-le")) <= MESSAGE_BYTES_MAX:
        return None
    return 413, {"error": {"code": "MessageSizeTooBig", "message": "Message size too big"}}, {}


class MockConnector(RecordingServer[Call]):
    def __init__(self) -> None:
        super().__init__("mock-teams")
        self.members: dict[str, dict[str, Any]] = {}
        self.jwks: dict[str, Any] = {"keys": []}
        self._failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self._ids = itertools.count(1)

    @property
    def url(self) -> str:
        return f"{self.base}/"

    def start(self) -> MockConnector:
        self._start()
        return self

    # --- scripting and reading ----------------------------------------------------------------------

    def add_member(self, user_id: str, aad_id: str, name: str, email: str) -> None:
        given, _, surname = name.partition(" ")
        self.members[user_id] = {
            "id": user_id,
            "name": name,
            "aadObjectId": aad_id,
            "givenName": given,
            "surname": surname,
            "email": email,
            "userPrincipalName": email,
            "tenantId": TENANT,
            "userRole": "user",
        }

    def fail_next(self, method: str, status: int, headers: dict[str, str] | None = None) -> None:
        self._failures.setdefault(method, []).append((status, headers or {}))

    def sent(self) -> list[Call]:
        """The messages the bot sent (not typing indicators or invoke responses)."""
        return [c for c in self.calls_to("send") if (c.body or {}).get("type") == "message"]

    def _failure(self, method: str) -> tuple[int, dict[str, str]] | None:
        queue = self._failures.get(method)
        return queue.pop(0) if queue else None

    # --- answering ------------------------------------------------------------------------------------

    def _route(self, verb: str, path: str, body: Any, headers: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if verb == "GET" and parts == ["keys"]:
            self._record(Call("keys", "", None, headers))
            return 200, self.jwks, {}
        if verb == "PUT" and parts[:1] == ["upload"]:
            self._record(Call("upload", "", {"_bytes": len(body or b"")}, headers, activity_id=parts[-1]))
            return self._answer("upload", 201, {"id": parts[-1]})
        if parts[:2] != ["v3", "conversations"] or len(parts) < 4:
            return 404, {"error": {"code": "NotFound", "message": path}}, {}
        conversation = parts[2]
        if verb == "GET" and parts[3] == "members" and len(parts) == 5:
            self._record(Call("member", conversation, None, headers, activity_id=parts[4]))
            member = self.members.get(parts[4])
            if member is None:
                return 404, {"error": {"code": "MemberNotFoundInConversation", "message": "Member not found"}}, {}
            return self._answer("member", 200, member)
        if parts[3] != "activities":
            return 404, {"error": {"code": "NotFound", "message": path}}, {}
        if verb == "POST":
            reply_to = parts[4] if len(parts) > 4 else None
            new_id = f"1:{next(self._ids)}"
            self._record(Call("send", conversation, body, headers, reply_to=reply_to, activity_id=new_id))
            return too_large(body) or invalid_card(body) or self._answer("send", 201, {"id": new_id})
        if verb == "PUT" and len(parts) == 5:
            self._record(Call("update", conversation, body, headers, activity_id=parts[4]))
            return too_large(body) or invalid_card(body) or self._answer("update", 200, {"id": parts[4]})
        return 405, {"error": {"code": "MethodNotAllowed", "message": verb}}, {}

    def _answer(self, method: str, status: int, body: Any) -> tuple[int, Any, dict[str, str]]:
        failure = self._failure(method)
        if failure is not None:
            code, headers = failure
            return code, {"error": {"code": "Failed", "message": f"canned {code}"}}, headers
        return status, body, {}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        mock = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                pass

            def _serve(self, verb: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                path = urlparse(self.path).path
                body: Any = raw
                if raw and "json" in headers.get("content-type", ""):
                    body = json.loads(raw)
                status, answer, extra = mock._route(verb, path, body, headers)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self._serve("PUT")

        return Handler


@dataclass
class Response:
    status: int
    body: str


def post_activity(url: str, body: dict[str, Any], *, token: str | None = None, raw: bytes | None = None) -> Response:
    """POST an activity to the bot as the Bot Framework does (JSON, with a bearer token when given)."""
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Response(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode())

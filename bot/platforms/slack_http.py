"""A Slack Web API client that keeps its HTTP connections open between calls.

slack_sdk's `WebClient` sends every call through `urllib.request.urlopen`, which opens a new connection
(and, against Slack, a new TLS session), sends `Connection: close` and closes it again: for an answer that
is one `chat.postMessage`, a connect, a close and urllib's handler chain on every turn, about a tenth of
the CPU a turn costs. The SDK has no option to keep the connection (its async client does, on aiohttp;
Bolt's `App` is synchronous). `KeepAliveWebClient` replaces only the step that sends one request: the
SDK's retry handlers, its response parsing and its errors around that step are the SDK's own, unchanged.

What it keeps from urllib's behaviour: the same TLS context (`ssl`, or the default verifying one), the
same timeout, a 4xx/5xx raised as `HTTPError` for the retry handlers to judge, a redirect followed, and a
connection that cannot be made raised as `URLError`. Where a proxy is set (`proxy`, or `HTTPS_PROXY` and
its kin, which the SDK reads), the SDK's own urllib path is taken, exactly as before.

HTTP/1.1 lets either side close an idle connection. An idle connection is therefore checked before it is
reused (a server that closed it has made it readable), and one that is older than `IDLE_SECONDS` is not
reused at all; and a request on a reused connection that the server closed before it answered is sent
once more at once, on a new connection. That is the race every keep-alive client has, with the server
closing just as the request leaves: such a request was never applied. Anything else (a fresh connection
refused, a timeout, a 5xx, a 429) goes to the retry handlers as before.
"""

from __future__ import annotations

import email.parser
import http.client
import io
import re
import select
import threading
import time
import urllib.request
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from slack_sdk import WebClient

# A connection idle for longer is closed rather than reused: servers and load balancers drop idle
# connections after a minute or so (Slack's own, and those in between), some without telling the client.
IDLE_SECONDS = 30.0
# Idle connections kept per server; more threads than this sending at once open more and close the rest.
KEEP_IDLE = 8
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# What a server closing a kept connection looks like to the client: no answer at all, a reset, a broken pipe.
_CLOSED_UNDER_US = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)

Key = tuple[str, str, int]


class _Pool:
    """Idle connections by (scheme, host, port), with when each was last used; safe across threads."""

    def __init__(self) -> None:
        self._idle: dict[Key, list[tuple[http.client.HTTPConnection, float]]] = {}
        self._lock = threading.Lock()

    def take(self, key: Key) -> http.client.HTTPConnection | None:
        """An idle connection that can still be used, or None; the stale ones met on the way are closed."""
        while True:
            with self._lock:
                idle = self._idle.get(key)
                if not idle:
                    return None
                connection, since = idle.pop()
            if time.monotonic() - since < IDLE_SECONDS and not _closed_by_server(connection):
                return connection
            connection.close()

    def give_back(self, key: Key, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if len(idle) < KEEP_IDLE:
                idle.append((connection, time.monotonic()))
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection, _ in connections:
                connection.close()


def _closed_by_server(connection: http.client.HTTPConnection) -> bool:
    """Whether the server has closed (or written to) a connection that should be idle: either way its
    socket reads without waiting, and it must not carry another request."""
    sock = connection.sock
    if sock is None:
        return True
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


class KeepAliveWebClient(WebClient):
    """`WebClient` whose calls share kept-alive HTTP/1.1 connections (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pool = _Pool()
        # Where urllib would go through a proxy from the environment; read once, as reading the whole
        # environment on every call (as urlopen does) cost as much as the rest of the call.
        self._proxied = {scheme for scheme, url in urllib.request.getproxies().items() if url}

    def close(self) -> None:
        """Close the idle connections (a call after this opens a new one)."""
        self._pool.close()

    def _perform_urllib_http_request_internal(self, url: str, req: urllib.request.Request) -> dict[str, Any]:
        parts = urlsplit(url)
        if self.proxy or parts.scheme not in {"http", "https"} or parts.scheme in self._proxied:
            return super()._perform_urllib_http_request_internal(url, req)  # type: ignore[no-any-return]
        key: Key = (parts.scheme, parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        headers = dict(req.header_items())
        body: bytes | None = req.data  # type: ignore[assignment]  # the SDK always sends bytes
        kept = self._pool.take(key)
        if kept is not None:
            kept.timeout = self.timeout  # the client's timeout now, which may have changed since
            if kept.sock is not None:
                kept.sock.settimeout(self.timeout)
            try:
                return self._exchange(kept, key, url, req, path, body, headers, reused=True)
            except _ClosedUnderUs:
                pass  # closed by the server as the request left, so it was never applied: once more, anew
        return self._exchange(self._connect(key), key, url, req, path, body, headers, reused=False)

    def _connect(self, key: Key) -> http.client.HTTPConnection:
        scheme, host, port = key
        connection: http.client.HTTPConnection
        if scheme == "https":
            connection = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self.ssl)
        else:
            connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        connection.response_class = _Response
        return connection

    def _exchange(
        self,
        connection: http.client.HTTPConnection,
        key: Key,
        url: str,
        req: urllib.request.Request,
        path: str,
        body: bytes | None,
        headers: dict[str, str],
        *,
        reused: bool,
    ) -> dict[str, Any]:
        """One request and its whole response on `connection`, which goes back to the pool if both sides
        mean to keep it. Errors are urllib's: no connection is `URLError`, a 4xx/5xx `HTTPError`; on a
        `reused` connection, the server's closing it before it answered is `_ClosedUnderUs`."""
        try:
            try:
                connection.request(req.get_method(), path, body=body, headers=headers)
            except OSError as exc:
                if reused and isinstance(exc, _CLOSED_UNDER_US):
                    raise _ClosedUnderUs from exc
                raise URLError(exc) from exc  # cannot connect or send: urllib says so with a URLError
            try:
                response = connection.getresponse()
            except _CLOSED_UNDER_US as exc:
                if reused:
                    raise _ClosedUnderUs from exc
                raise
            data = response.read()
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            self._pool.give_back(key, connection)
        if response.status in REDIRECTS and response.getheader("Location"):
            return super()._perform_urllib_http_request_internal(url, req)  # type: ignore[no-any-return]
        if response.status >= 400:
            raise HTTPError(url, response.status, response.reason, response.headers, io.BytesIO(data))
        if response.headers.get_content_type() == "application/gzip":  # admin.analytics.getFile
            return {"status": response.status, "headers": response.headers, "body": data}
        charset = response.headers.get_content_charset() or "utf-8"
        return {"status": response.status, "headers": response.headers, "body": data.decode(charset)}


class _ClosedUnderUs(Exception):
    """A kept connection the server closed before it answered the request sent on it."""


# What `http.client` allows of a response's header block (its own limits, which are private there).
MAX_HEADER_LINE = 65536
MAX_HEADERS = 100
# A header as nearly every server writes it: a token, a colon, a value on the same line.
_SIMPLE_HEADER = re.compile(r"([!-9;-~]+):[ \t]*([^\r\n]*)\r?\n")


def parse_headers(fp: io.BufferedIOBase) -> http.client.HTTPMessage:
    """A response's headers, as `http.client.parse_headers` gives them, without the `email` package's
    parser for the common case: that parser (a feed parser, a policy object, a pass over every line to
    classify it) was a fifth of a Slack call's CPU on a kept connection. Each simple line is stored
    exactly as the parser stores it (`set_raw` of the name and the value after the colon's blanks), so
    the message answers `get`, `get_all` and `get_content_type` alike; a block with anything else in it
    (a folded line, a line that is no header) goes through the `email` parser as before."""
    lines: list[bytes] = []
    while True:
        line = fp.readline(MAX_HEADER_LINE + 1)
        if len(line) > MAX_HEADER_LINE:
            raise http.client.LineTooLong("header line")
        lines.append(line)
        if len(lines) > MAX_HEADERS:
            raise http.client.HTTPException(f"got more than {MAX_HEADERS} headers")
        if line in (b"\r\n", b"\n", b""):
            break
    text = b"".join(lines).decode("iso-8859-1")
    message = http.client.HTTPMessage()
    for line in lines[:-1]:
        simple = _SIMPLE_HEADER.fullmatch(line.decode("iso-8859-1"))
        if simple is None:
            return email.parser.Parser(_class=http.client.HTTPMessage).parsestr(text)
        message.set_raw(simple[1], simple[2])
    return message


class _Response(http.client.HTTPResponse):
    """`HTTPResponse` whose headers are read by `parse_headers` above; the rest of `begin` is the
    standard library's (Python 3.11 to 3.13), step for step: the status line, 100 Continue skipped, the
    version, chunked or not, whether the connection closes, the length."""

    def begin(self) -> None:
        if self.headers is not None:
            return  # already begun
        while True:
            version, status, reason = self._read_status()
            if status != http.client.CONTINUE:
                break
            parse_headers(self.fp)  # a 100 response's headers, skipped
        self.code = self.status = status
        self.reason = reason.strip()
        if version in ("HTTP/1.0", "HTTP/0.9"):
            self.version = 10
        elif version.startswith("HTTP/1."):
            self.version = 11
        else:
            raise http.client.UnknownProtocol(version)
        self.headers = self.msg = parse_headers(self.fp)
        transfer_encoding = self.headers.get("transfer-encoding")
        self.chunked = bool(transfer_encoding and transfer_encoding.lower() == "chunked")
        if self.chunked:
            self.chunk_left = None
        self.will_close = self._check_close()
        self.length = None
        length = self.headers.get("content-length")
        if length and not self.chunked:
            try:
                self.length = int(length)
            except ValueError:
                self.length = None
            else:
                if self.length < 0:
                    self.length = None
        head = self._method == "HEAD"
        if status in (http.client.NO_CONTENT, http.client.NOT_MODIFIED) or 100 <= status < 200 or head:
            self.length = 0  # no body, whatever the headers say
        if not self.will_close and not self.chunked and self.length is None:
            self.will_close = True

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

import http.client
import io
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
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self.ssl)
        return http.client.HTTPConnection(host, port, timeout=self.timeout)

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

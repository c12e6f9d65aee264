"""What the mock Slack Web API and the mock Teams connector share: a real HTTP server on 127.0.0.1 that
records every request, so a test can wait for the call the app makes after it has already answered."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final, Generic, Protocol, TypeVar


class Recorded(Protocol):
    @property
    def method(self) -> str: ...


C = TypeVar("C", bound=Recorded)


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog is 5: under a load benchmark's dozens of simultaneous connections
    # the kernel dropped the overflow, and each dropped connection was retried a whole second later
    # (TcpExtListenOverflows), which Slack's own servers never make an app wait.
    request_queue_size = 128

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opened = 0  # connections accepted so far
        self.open: set[socket.socket] = set()
        self.busy: set[socket.socket] = set()  # answering a request now
        self.closing: set[socket.socket] = set()  # to be closed once its answer is out
        self.open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.open_lock:
            self.opened += 1
            self.open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.open_lock:
            self.open.discard(request)
            self.busy.discard(request)
            self.closing.discard(request)
        super().shutdown_request(request)


# How often a server's loop looks whether it is asked to stop. `serve_forever`'s own half second was the
# wait of every `stop()`: a quarter of a second on average in each test that starts a mock server.
SHUTDOWN_POLL: Final = 0.05


class RecordingServer(Generic[C]):
    """Start and stop the server; read the calls it recorded, waiting for those that have not come yet."""

    def __init__(self, name: str) -> None:
        self.calls: list[C] = []
        self._changed = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(SHUTDOWN_POLL,), name=name, daemon=True
        )

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.close_connections()

    @property
    def connections_opened(self) -> int:
        """How many connections clients have opened to the server so far (HTTP/1.1 keeps them open)."""
        with self._server.open_lock:
            return self._server.opened

    def close_connections(self) -> None:
        """Close every open connection from the server's side, as a server does to a connection that
        stayed idle past its keep-alive timeout: an idle one at once, one answering a request as soon as
        its answer is out. The client sees it closed before its next request, or as that request leaves."""
        with self._server.open_lock:
            sockets = [sock for sock in self._server.open if sock not in self._server.busy]
            self._server.closing |= self._server.busy
        for sock in sockets:
            with contextlib.suppress(OSError):  # closed meanwhile
                sock.shutdown(socket.SHUT_RDWR)

    def calls_to(self, method: str) -> list[C]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[C]:
        """The calls to `method`, once there are at least `count` (fails after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = ", ".join(c.method for c in self.calls) or "nothing"
                    raise AssertionError(f"expected {count} call(s) to {method}; the mock saw: {seen}")
                self._changed.wait(left)

    def _answering(self, sock: socket.socket) -> None:
        """A handler begins to answer a request on `sock`."""
        with self._server.open_lock:
            self._server.busy.add(sock)

    def _answered(self, sock: socket.socket) -> bool:
        """A handler has answered on `sock`; True when the connection is to be closed now."""
        with self._server.open_lock:
            self._server.busy.discard(sock)
            return sock in self._server.closing

    def _record(self, call: C) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

"""What the mock Slack Web API and the mock Teams connector share: a real HTTP server on 127.0.0.1 that
records every request, so a test can wait for the call the app makes after it has already answered."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Generic, Protocol, TypeVar


class Recorded(Protocol):
    @property
    def method(self) -> str: ...


C = TypeVar("C", bound=Recorded)


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog is 5: under a load benchmark's dozens of simultaneous connections
    # the kernel dropped the overflow, and each dropped connection was retried a whole second later
    # (TcpExtListenOverflows), which Slack's own servers never make an app wait.
    request_queue_size = 128


class RecordingServer(Generic[C]):
    """Start and stop the server; read the calls it recorded, waiting for those that have not come yet."""

    def __init__(self, name: str) -> None:
        self.calls: list[C] = []
        self._changed = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name=name, daemon=True)

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

    def _record(self, call: C) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

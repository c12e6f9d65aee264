"""A conversation through the real terminal adapter, so tests read like the transcript a user sees."""

from __future__ import annotations

import io
import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.actions import Action
from bot.conversation import Engine
from bot.messages import Message, Reply
from bot.platforms.console import CHANNEL, ConsoleAdapter, render, sender_for
from storage import questions
from storage.models import AskedQuestion


class Conversation:
    def __init__(self, engine: Engine, user: str = "Anna Berg") -> None:
        self.out = io.StringIO()
        self.adapter = ConsoleAdapter(engine, sender_for(user), out=self.out)
        self.replies: list[Reply] = []

    def say(self, text: str) -> str:
        """Send one line as the user would type it; return what the terminal shows."""
        start = self.out.tell()
        self.replies = self.adapter.send(text)
        return self.out.getvalue()[start:]

    def restart(self, engine: Engine) -> None:
        """A new process on the same database, as after a deploy; the terminal's state is gone."""
        self.adapter = ConsoleAdapter(engine, self.adapter.sender, out=self.out)

    @property
    def buttons(self) -> list[str]:
        return [b.label for r in self.replies for b in r.buttons]

    def press(self, value: str | Action, label: str = "") -> str:
        """Press a button whose value is `value`, as a click in Slack or Teams would."""
        start = self.out.tell()
        message = Message(
            sender=self.adapter.sender,
            channel=CHANNEL,
            text=label,
            action=value if isinstance(value, Action) else Action.of(value),
        )
        self.replies = self.adapter.engine.handle(message).replies
        for reply in self.replies:
            print(render(reply), file=self.out)
        return self.out.getvalue()[start:]


def meaning(value: str | None) -> str | None:
    """What a signed button value stands for ("log_activity:save"), as a test reads it off a sent card."""
    return value.rpartition("~")[0] if value and "~" in value else value


def utblick_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """The environment for running `utblick` in a subprocess: none of the developer's own settings, a
    database file in `tmp_path`, and the given variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_", "TEAMS_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'utblick.db'}"
    env.update(values)
    return env


def run_utblick(tmp_path: Path, *args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """`utblick ARGS` as an operator runs it, in `tmp_path`, with `utblick_env`."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=utblick_env(tmp_path, **env),
        cwd=tmp_path,
        timeout=120,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


STARTUP_SECONDS = 120


class RunningServer:
    """`utblick serve` in a subprocess on a free loopback port, its stderr collected line by line."""

    def __init__(self, tmp_path: Path, ready: str, **env: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=utblick_env(tmp_path, **env),
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self._seen: list[str] = []
        stderr = self.process.stderr
        assert stderr is not None
        threading.Thread(target=lambda: [self._lines.put(line) for line in stderr], daemon=True).start()
        # `utblick serve` loads its language data before it listens: seconds, more on a busy machine.
        while not any(ready in line for line in self._seen):
            self._seen.append(self._lines.get(timeout=STARTUP_SECONDS))

    @property
    def log(self) -> str:
        """Everything the server has printed so far."""
        while not self._lines.empty():
            self._seen.append(self._lines.get_nowait())
        return "".join(self._seen)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@contextmanager
def serving(tmp_path: Path, ready: str, **env: str) -> Iterator[RunningServer]:
    """Start `utblick serve`, wait until it prints `ready`, and stop it afterwards."""
    server = RunningServer(tmp_path, ready, **env)
    try:
        yield server
    finally:
        server.stop()


def recorded_question(session: Session, **fields: Any) -> AskedQuestion:
    """A question recorded as chat records it, read back as its row (to give it feedback, to answer it)."""
    row = questions.get(session, questions.record(session, **fields))
    assert row is not None
    return row

"""The terminal adapter behind `utblick chat`: the same engine and database as Slack, in a shell.

Buttons become numbered choices that can be answered with the number or the label, so a scripted
conversation (`printf 'hej\nhjälp\n' | utblick chat`) exercises exactly what a Slack user would click.
"""

from __future__ import annotations

import contextlib
import getpass
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.conversation import Engine
from bot.messages import Button, Message, Reply, Sender

CHANNEL = "console"
BOT_PROMPT = "Utblick: "
INDENT = " " * len(BOT_PROMPT)


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "console"


def sender_for(user: str | None) -> Sender:
    """`--user anna.berg@vaxjo.se` or `--user "Anna Berg"`; without it, the login name."""
    if not user or not user.strip():
        # A login name ("root", "ab1234") is an id, not something to greet anyone by.
        return Sender(platform="console", user_id=default_user())
    user = user.strip()
    if "@" in user:
        return Sender(platform="console", user_id=user.lower(), email=user)
    return Sender(platform="console", user_id=user, display_name=user)


def render(reply: Reply, first_choice: int = 1) -> str:
    """A reply as terminal text: the message, its fields as a list, its buttons as numbered choices."""
    lines: list[str] = []
    if reply.title:
        lines.append(reply.title)
    lines.extend(reply.text.splitlines() or [""])
    width = max((len(f.label) for f in reply.fields), default=0)
    lines.extend(f"  • {f.label + ':':<{width + 1}} {f.value}" for f in reply.fields)
    lines.extend(f"  📎 {file.title}: {file.path}" for file in reply.files)  # in either language
    if reply.form:
        # The terminal has no forms; it shows what the form would hold, and the chat goes on in text.
        lines.append(f"  [{reply.form.title}]")
        lines.extend(f"    {i.label}: {i.value or '–'}" for i in reply.form.inputs)
    if reply.buttons:
        lines.append("  " + "   ".join(f"{i}) {b.label}" for i, b in enumerate(reply.buttons, first_choice)))
    first, *rest = lines
    return "\n".join([BOT_PROMPT + first, *(INDENT + line if line else "" for line in rest)])


class ConsoleAdapter:
    def __init__(self, engine: Engine, sender: Sender, out: TextIO = sys.stdout) -> None:
        self.engine = engine
        self.sender = sender
        self.out = out
        self.choices: list[Button] = []

    def to_message(self, line: str) -> Message:
        """Turn a typed line into a message, picking a numbered choice when the line names one."""
        said = line.strip()
        chosen = self._choice(said)
        if chosen is not None:
            return Message(sender=self.sender, channel=CHANNEL, text=chosen.label, action=chosen.value)
        return Message(sender=self.sender, channel=CHANNEL, text=line)

    def _choice(self, said: str) -> Button | None:
        if said.isdigit() and 1 <= int(said) <= len(self.choices):
            return self.choices[int(said) - 1]
        folded = said.casefold()
        return next((b for b in self.choices if b.label.casefold() == folded), None)

    def send(self, line: str) -> list[Reply]:
        replies = self.engine.handle(self.to_message(line)).replies
        self.choices = []
        for reply in replies:
            print(render(reply, first_choice=len(self.choices) + 1), file=self.out, flush=True)
            self.choices.extend(reply.buttons)
        return replies

    def run(self, lines: Iterable[str], *, echo: bool) -> None:
        for line in lines:
            line = line.rstrip("\r\n")
            if echo:
                print(f"> {line}", file=self.out, flush=True)
            self.send(line)
            if echo:
                print(file=self.out, flush=True)


def interactive_lines(prompt: str) -> Iterable[str]:
    """Lines typed at a terminal, with line editing where readline exists; ends on Ctrl-D or 'quit'."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (imported for its side effect on input())
    while True:
        try:
            line = input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if line.strip().casefold() in {"quit", "exit", "avsluta", "hejdå"}:
            return
        yield line

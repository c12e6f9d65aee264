"""The terminal chat as a newcomer meets it: `make run` with a few lines piped in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.messages import Button, Fact, Reply
from bot.platforms.console import render
from tests.support import Conversation

ROOT = Path(__file__).resolve().parents[2]


def test_piped_conversation_greets_then_helps_in_swedish_then_english(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'chat.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="hej\nhjälp\nhelp\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "terminalchatten" in result.stderr and "SLACK_BOT_TOKEN" in result.stderr
    greeting, swedish, english = result.stdout.split("\n> ")[0:3]
    assert "> hej" in greeting and "Utblick: Hej!" in greeting
    assert swedish.startswith("hjälp") and "Så här kan jag hjälpa dig" in swedish
    assert english.startswith("help") and "How I can help" in english
    assert (tmp_path / "chat.db").exists()


def test_fields_and_buttons_render_as_a_list_and_numbered_choices() -> None:
    reply = Reply(
        "Stämmer det här?",
        fields=[Fact("Typ", "Konferens"), Fact("Plats", "Bryssel, Belgien")],
        buttons=[Button("Spara", "x:save"), Button("Ändra", "x:edit"), Button("Avbryt", "x:cancel")],
    )
    assert render(reply).splitlines() == [
        "Utblick: Stämmer det här?",
        "           • Typ:   Konferens",
        "           • Plats: Bryssel, Belgien",
        "           1) Spara   2) Ändra   3) Avbryt",
    ]


def test_a_choice_can_be_answered_with_its_number_or_its_label(chat: Conversation) -> None:
    chat.adapter.choices = [Button("Spara", "x:save"), Button("Avbryt", "x:cancel")]
    assert chat.adapter.to_message("2").action == "x:cancel"
    assert chat.adapter.to_message("spara").action == "x:save"
    assert chat.adapter.to_message("3").action is None


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UTBLICK_", "SLACK_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'chat.db'}"
    chat = subprocess.Popen([sys.executable, "-m", "bot", "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=tmp_path, text=True)  # fmt: skip
    assert chat.stdin is not None and chat.stdout is not None and chat.stderr is not None
    chat.stdin.write("hjälp\n" * 20)
    chat.stdin.close()
    chat.stdout.readline()
    chat.stdout.close()  # like `| head -1`
    chat.wait(timeout=60)
    assert "Traceback" not in chat.stderr.read()

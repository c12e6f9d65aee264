"""People of the seeded year (tests/reports/seed.py) talking to the bot in the terminal adapter."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import App
from tests.support import Conversation


@pytest.fixture
def anna(app: App, seeded: dict[str, Any]) -> Conversation:
    """Anna Berg, contact person of Kultur- och fritidsförvaltningen."""
    return Conversation(app.engine, user="Anna Berg")


@pytest.fixture
def erik(app: App, seeded: dict[str, Any]) -> Conversation:
    """Erik Lind, who works at Kultur- och fritidsförvaltningen and is nobody's contact person."""
    return Conversation(app.engine, user="Erik Lind")

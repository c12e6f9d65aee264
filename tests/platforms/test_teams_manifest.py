"""`teams/manifest.json` is a package Teams accepts for sideloading, and says what the code does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PIL import Image

from tests.schemas import schema_problems

TEAMS = Path(__file__).resolve().parents[2] / "teams"
PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def manifest() -> dict:  # type: ignore[type-arg]
    return json.loads((TEAMS / "manifest.json").read_text(encoding="utf-8"))


def test_the_app_and_its_bot_share_the_id_the_readme_says_to_fill_in() -> None:
    m = manifest()
    assert m["id"] == m["bots"][0]["botId"] == PLACEHOLDER
    readme = (TEAMS.parent / "README.md").read_text(encoding="utf-8")
    assert PLACEHOLDER in readme and "teams/manifest.json" in readme


def test_the_icons_are_the_sizes_teams_requires() -> None:
    m = manifest()
    color = Image.open(TEAMS / m["icons"]["color"])
    outline = Image.open(TEAMS / m["icons"]["outline"]).convert("RGBA")
    assert color.size == (192, 192)
    assert outline.size == (32, 32)
    # The outline icon is white on transparent: every pixel is either see-through or white.
    raw = outline.tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    assert all(a == 0 or (r, g, b) == (255, 255, 255) for r, g, b, a in pixels)


def test_texts_fit_teams_limits_and_the_bot_can_send_files() -> None:
    m = manifest()
    assert len(m["name"]["short"]) <= 30 and len(m["name"]["full"]) <= 100
    assert len(m["description"]["short"]) <= 80 and len(m["description"]["full"]) <= 4000
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", m["accentColor"])
    bot = m["bots"][0]
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert bot["supportsFiles"] is True  # the report comes as files, through the consent card
    for commands in bot["commandLists"]:
        assert len(commands["commands"]) <= 10
        for command in commands["commands"]:
            assert len(command["title"]) <= 32 and len(command["description"]) <= 128
    for url in m["developer"].values():
        assert url.startswith("https://") or not url.startswith("http")


def test_teams_accepts_the_manifest_as_its_published_schema_says() -> None:
    assert schema_problems(manifest(), "teams-manifest-1.17.json") == []

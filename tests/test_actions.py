"""Button values go through one codec, which signs what it issues and refuses everything else."""

from __future__ import annotations

import pytest

from bot.actions import Action, ActionCodec
from bot.app import App
from bot.conversation import action_codec
from storage.db import Database

CODEC = ActionCodec(b"this installation's key")


def test_an_action_comes_back_as_it_went_out() -> None:
    for action in (Action("log_activity", "save"), Action("report", "unit", ("7", "2026")), Action("help")):
        assert CODEC.decode(CODEC.encode(action)) == action


@pytest.mark.parametrize(
    "value",
    [
        "personal_data:erase_yes",  # typed by hand: never issued
        CODEC.encode(Action("report", "unit", ("7", "2026"))).replace(":7:", ":8:"),  # another unit's, edited in
        ActionCodec(b"another installation").encode(Action("log_activity", "save")),  # stale: not this bot's key
        "",
        None,
        42,
        "report:unit~",
    ],
)
def test_a_value_it_did_not_issue_is_refused(value: object) -> None:
    assert CODEC.decode(value) is None


def test_an_action_holds_only_plain_parts() -> None:
    with pytest.raises(ValueError):
        Action("report", "unit", ("7:8",))


def test_every_instance_on_one_database_signs_alike(database: Database, app: App) -> None:
    signed = app.engine.actions.encode(Action("report", "start"))
    assert action_codec(database).decode(signed) == Action("report", "start")

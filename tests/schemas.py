"""The platforms' published schemas (tests/data/schemas, copied from Slack's and Microsoft's own), for
mocks and tests that must refuse what the real service refuses."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import validators
from jsonschema.protocols import Validator

SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"


@cache
def validator(name: str) -> Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return validators.validator_for(schema)(schema)  # type: ignore[no-any-return]


def schema_problems(document: Any, name: str) -> list[str]:
    """What the schema `name` finds wrong with `document`, one line each (path: message); [] when valid."""
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}"
        for e in validator(name).iter_errors(document)
    ]

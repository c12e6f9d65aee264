"""The date conformance set from Duckling's and Recognizers-Text's public corpora (tests/nlu/conformance/),
run in-process through the same path as `utblick parse --json`, with the scorer's own rules.

A date that is wrong goes unnoticed into the annual report, while a missing one is asked for: so no case may
be answered with a wrong date, and at least 95 % must be right in each language. Cases marked with a
"convention" the project decided not to follow (README.md beside the set) must get the documented answer.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from bot.commands.parse import understand_line

HERE = Path(__file__).parent / "conformance"
MINIMUM = 0.95


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score_conformance", HERE / "score_conformance.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def judged() -> tuple[dict[str, Any], ...]:
    scorer = _scorer()
    rows = []
    for path in sorted(HERE.glob("*.jsonl")):
        for case in scorer.load(path):
            got = understand_line(case["text"], date.fromisoformat(case["today"]))
            verdict, start, end = scorer.judge(case, got, False)
            rows.append({**case, "file": path.name, "verdict": verdict, "got": (start, end)})
    return tuple(rows)


def _listing(rows: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {r['file']} [{r['today']}] {r['text']!r}: got {r['got']}" for r in rows)


def test_no_date_in_the_set_is_confidently_wrong() -> None:
    wrong = [r for r in judged() if r["verdict"] == "wrong"]
    assert not wrong, "answered with a wrong date:\n" + _listing(wrong)


def test_at_least_95_percent_right_in_swedish_and_in_english() -> None:
    for language in ("sv", "en"):
        rows = [r for r in judged() if r["file"].endswith(f"_{language}.jsonl") and "convention" not in r]
        counts = Counter(r["verdict"] for r in rows)
        share = counts["right"] / len(rows)
        missed = [r for r in rows if r["verdict"] == "missed"]
        assert share >= MINIMUM, f"{language}: {share:.1%} right; missed:\n" + _listing(missed)


def test_conventions_are_few_and_each_is_documented() -> None:
    marked = [r for r in judged() if "convention" in r]
    assert len(marked) <= 0.1 * len(judged())
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    for name in {r["convention"] for r in marked}:
        assert f"`{name}`" in readme, f"convention {name!r} is not explained in README.md"

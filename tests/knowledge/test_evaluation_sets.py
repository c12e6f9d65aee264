"""Accuracy on question sets of the evaluation's shape, scored as `../shared/eval/score.py` scores them.

`qa_dev.jsonl` is a copy of the shared development set. `qa_heldout.jsonl` and `qa_fresh.jsonl` hold
questions written for this project (Swedish and English, answerable and not), the second after the first
round of tuning, to see how well the retrieval carries over to wordings it was not built around.
A regression below 0.9 on any of them fails CI.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from bot.config import DEFAULT_STRATEGY_FILE
from bot.knowledge.answers import Answer, answerer_for, question_language

HERE = Path(__file__).parent


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def correct(case: dict[str, object], answer: Answer) -> bool:
    if answer.answered != case["answerable"]:
        return False
    said = fold(" ".join([answer.text, *(f"{s.quote} {s.section}" for s in answer.sources)]))
    groups = case["must"]
    assert isinstance(groups, list)
    return all(any(fold(option) in said for option in group) for group in groups)


def accuracy(name: str) -> tuple[float, list[str]]:
    answerer = answerer_for(DEFAULT_STRATEGY_FILE)
    cases = [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    wrong = []
    for case in cases:
        question = str(case["q"])
        if not correct(case, answerer.answer(question, question_language(question, "sv"))):
            wrong.append(question)
    return 1 - len(wrong) / len(cases), wrong


@pytest.mark.parametrize("name", ["qa_dev.jsonl", "qa_heldout.jsonl", "qa_fresh.jsonl"])
def test_accuracy_stays_at_or_above_ninety_percent(name: str) -> None:
    score, wrong = accuracy(name)
    assert score >= 0.9, f"{name}: {score:.0%}, wrong: {wrong}"


def test_the_dev_set_copy_matches_the_shared_one() -> None:
    shared = HERE.parents[2] / "shared" / "eval" / "qa_dev.jsonl"
    if not shared.is_file():
        pytest.skip("../shared is not beside this checkout")
    assert (HERE / "qa_dev.jsonl").read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")

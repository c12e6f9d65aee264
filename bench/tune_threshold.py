"""Choose the refusal threshold on data: accuracy of `utblick ask` on the question sets at each threshold.

    .venv/bin/python bench/tune_threshold.py [FILE.jsonl ...]

Each question is answered once with the threshold at 0, and its best passage's coverage is kept; a
question is then right at threshold θ when it is answerable, its coverage is at least θ and the answer
has the expected words, or when it is not answerable and its coverage is below θ. A question that
`utblick ask` refuses whatever the threshold (a register question without a register, "which …?" when
the strategy only says "flera", what a referenced policy says) counts as refused at every θ. Prints a
table per threshold (steps of 0.05) and the questions whose coverage is closest to the one in use.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datetime import date  # noqa: E402

from bot.config import DEFAULT_STRATEGY_FILE, Settings  # noqa: E402
from bot.knowledge.answers import DEFAULT_THRESHOLD, Answerer, question_language  # noqa: E402
from bot.knowledge.live_facts import LiveAnswerer  # noqa: E402
from bot.knowledge.retrieval import KnowledgeBase  # noqa: E402

DEFAULT_SETS = [
    ROOT / "tests" / "knowledge" / "qa_dev.jsonl",
    ROOT / "tests" / "knowledge" / "qa_heldout.jsonl",
    ROOT / "tests" / "knowledge" / "qa_fresh.jsonl",
    ROOT / "tests" / "knowledge" / "qa_final.jsonl",
    ROOT / "tests" / "knowledge" / "qa_holdout4.jsonl",
    ROOT / "tests" / "knowledge" / "qa_holdout5.jsonl",
    ROOT / "tests" / "knowledge" / "qa_eval6.jsonl",
    ROOT / "tests" / "knowledge" / "qa_holdout6.jsonl",
    ROOT / "tests" / "knowledge" / "qa_holdout7.jsonl",
]


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def main(paths: list[Path]) -> None:
    answerer = Answerer(KnowledgeBase.from_file(DEFAULT_STRATEGY_FILE), threshold=0.0)
    without_register = LiveAnswerer(Settings(_env_file=None), None)  # type: ignore[call-arg]
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            language = question_language(case["q"], "sv")
            answer = without_register.answer(case["q"], language, date.today()) or answerer.answer(case["q"], language)
            said = fold(" ".join([answer.text, *(f"{s.quote} {s.section}" for s in answer.sources)]))
            has_words = all(any(fold(o) in said for o in group) for group in case["must"])
            coverage = answer.score if answer.kind in {"strategy", "document"} else -1.0
            rows.append((case["q"], case["answerable"], coverage, has_words, path.name))
    print(f"{len(rows)} questions from {', '.join(p.name for p in paths)}\n")
    print(f"{'threshold':>9}  {'right':>5}  {'accuracy':>8}  {'answerable ok':>13}  {'refusals ok':>11}")
    n_answerable = sum(1 for r in rows if r[1])
    n_refusal = len(rows) - n_answerable
    for threshold in sorted({step / 20 for step in range(4, 19)} | {DEFAULT_THRESHOLD}):
        answered_ok = sum(1 for _, a, c, w, _ in rows if a and c >= threshold and w)
        refused_ok = sum(1 for _, a, c, _, _ in rows if not a and c < threshold)
        right = answered_ok + refused_ok
        mark = "  ← in use" if abs(threshold - DEFAULT_THRESHOLD) < 1e-9 else ""
        print(
            f"{threshold:>9.2f}  {right:>5}  {right / len(rows):>8.1%}  {answered_ok:>6}/{n_answerable:<6}"
            f"  {refused_ok:>5}/{n_refusal:<5}{mark}"
        )
    print("\nClosest calls at the threshold in use:")
    for question, answerable, coverage, _has_words, name in sorted(rows, key=lambda r: abs(r[2] - DEFAULT_THRESHOLD)):
        if abs(coverage - DEFAULT_THRESHOLD) <= 0.2:
            verdict = "answerable" if answerable else "not covered"
            print(f"  {coverage:5.2f}  {verdict:<11}  {question}  [{name}]")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or DEFAULT_SETS)

"""Would a threshold help? Accuracy of `utblick ask` on ONE question set if answers were also refused
below a share of the question's concepts that the passage states, and why the questions are refused.

    .venv/bin/python bench/tune_threshold.py tests/knowledge/qa_holdout8.jsonl

The answers need no threshold: a question is answered from the passage that states most of what it asks
about, and refused for a reason (it asks about something the strategy does not cover, another
organisation's rules, a name, figure or date the text does not give, or names no concept at all). This
script checks, on one set at a time, whether a minimum share (the answer's `score`) would still be worth
adding: it prints the accuracy at each minimum from 0 (none, as shipped) to 1, and the refusals by kind.
Never choose a minimum on every set at once, and never on the untouched estimate (qa_holdout9), which
this script refuses to read.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import DEFAULT_STRATEGY_FILE, Settings  # noqa: E402
from bot.knowledge.answers import answerer_for, question_language  # noqa: E402
from bot.knowledge.live_facts import LiveAnswerer  # noqa: E402

UNTOUCHED = "qa_holdout9"


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def main(path: Path) -> int:
    if UNTOUCHED in path.name:
        print(f"{path.name} is the untouched estimate: it is scored once, never tuned on.", file=sys.stderr)
        return 2
    answerer = answerer_for(DEFAULT_STRATEGY_FILE)
    without_register = LiveAnswerer(Settings(_env_file=None), None)  # type: ignore[call-arg]
    rows = []
    kinds: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        language = question_language(case["q"], "sv")
        answer = without_register.answer(case["q"], language, date.today()) or answerer.answer(case["q"], language)
        said = fold(" ".join([answer.text, *(f"{s.quote} {s.section}" for s in answer.sources)]))
        has_words = all(any(fold(o) in said for o in group) for group in case["must"])
        if not answer.answered:
            kinds[answer.kind] += 1
        rows.append((case["answerable"], answer.answered, answer.score, has_words))
    n_answerable = sum(1 for r in rows if r[0])
    n_refusal = len(rows) - n_answerable
    print(f"{len(rows)} questions from {path.name}\n")
    print(f"{'minimum':>7}  {'right':>5}  {'accuracy':>8}  {'answerable ok':>13}  {'refusals ok':>11}")
    for step in range(11):
        minimum = step / 10
        answered_ok = sum(1 for a, ans, score, w in rows if a and ans and score >= minimum and w)
        refused_ok = sum(1 for a, ans, score, _ in rows if not a and (not ans or score < minimum))
        right = answered_ok + refused_ok
        mark = "  ← as shipped" if step == 0 else ""
        print(
            f"{minimum:>7.1f}  {right:>5}  {right / len(rows):>8.1%}  {answered_ok:>6}/{n_answerable:<6}"
            f"  {refused_ok:>5}/{n_refusal:<5}{mark}"
        )
    print("\nRefusals by kind: " + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common()))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(Path(sys.argv[1])))

"""How fast the strategy answers are: index build time, answer time (median, p99), memory.

    .venv/bin/python bench/bench_answers.py [--rounds N]

Measured in-process on the bundled strategy with every question of the project's question sets (but the
untouched qa_holdout9), and
end to end as `utblick ask --json` on the shared dev set (a fresh process: imports, index, 14 answers).
Prints one table. Numbers depend on the machine; the CI machine has 2 shared cores.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import DEFAULT_STRATEGY_FILE  # noqa: E402
from bot.knowledge.answers import Answerer, question_language  # noqa: E402
from bot.knowledge.document import load_document  # noqa: E402
from bot.knowledge.glossary import load_glossary  # noqa: E402
from bot.knowledge.retrieval import KnowledgeBase  # noqa: E402

# Every question set but the untouched estimate (qa_holdout9), which is only ever scored once.
SETS = [
    "qa_dev.jsonl", "qa_heldout.jsonl", "qa_fresh.jsonl", "qa_final.jsonl", "qa_holdout4.jsonl", "qa_holdout5.jsonl",
    "qa_eval6.jsonl", "qa_holdout6.jsonl", "qa_holdout7.jsonl", "qa_holdout8.jsonl",
]  # fmt: skip


def questions() -> list[str]:
    found = []
    for name in SETS:
        for line in (ROOT / "tests" / "knowledge" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line)["q"])
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="times each question is answered (default 5)")
    args = parser.parse_args()

    started = time.perf_counter()
    KnowledgeBase(load_document(DEFAULT_STRATEGY_FILE), load_glossary())  # first build: loads word lists
    first_build = time.perf_counter() - started

    builds = []
    tracemalloc.start()
    for _ in range(5):
        started = time.perf_counter()
        knowledge = KnowledgeBase(load_document(DEFAULT_STRATEGY_FILE), load_glossary())
        builds.append(time.perf_counter() - started)
    _, index_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    started = time.perf_counter()
    answerer = Answerer(knowledge)  # marks up the passages with concepts (markup, or found in the text)
    concept_index = time.perf_counter() - started
    asked = questions()
    for question in asked:  # warm the caches once, as a running bot would have them
        answerer.answer(question, question_language(question, "sv"))
    times = []
    for _ in range(args.rounds):
        for question in asked:
            started = time.perf_counter()
            answerer.answer(question, question_language(question, "sv"))
            times.append(time.perf_counter() - started)

    dev = (ROOT / "tests" / "knowledge" / "qa_dev.jsonl").read_text(encoding="utf-8").splitlines()
    dev_questions = "".join(json.loads(line)["q"] + "\n" for line in dev if line.strip())
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input=dev_questions,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    end_to_end = time.perf_counter() - started

    rows = [
        ("passages + front matter facts indexed", f"{len(knowledge.items)}"),
        ("terms in the index", f"{len(knowledge.vocabulary)}"),
        (
            "concepts in the lexicon / stated by the strategy",
            f"{len(answerer.lexicon.concepts)} / {len(answerer.index.covered)}",
        ),
        ("phrases in the lexicon (Swedish and English)", f"{len(answerer.lexicon.phrases)}"),
        ("first index build (loads word frequencies)", f"{first_build * 1000:.0f} ms"),
        ("index build, warm (median of 5)", f"{statistics.median(builds) * 1000:.1f} ms"),
        ("memory allocated while building (peak)", f"{index_peak / 1e6:.1f} MB"),
        ("concept index build (passages, units, front matter)", f"{concept_index * 1000:.1f} ms"),
        (f"answer time, median ({len(times)} answers)", f"{statistics.median(times) * 1000:.2f} ms"),
        ("answer time, p99", f"{percentile(times, 0.99) * 1000:.2f} ms"),
        ("answer time, max", f"{max(times) * 1000:.2f} ms"),
        (f"`utblick ask --json`, {dev_questions.count(chr(10))} questions, new process", f"{end_to_end:.2f} s"),
        ("this process's peak memory (RSS, word lists included)", f"{peak_rss_mb():.0f} MB"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 10}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()

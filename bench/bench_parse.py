"""Parse time per message: median and p99 over the evaluation sets, repeated; plus the one-off cost of
loading the gazetteer, and the share of it spent reading dates (the date grammar, on the evaluation sets and
on the date conformance set). Run with `make bench` or `.venv/bin/python bench/bench_parse.py`."""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.activity import parse_activity  # noqa: E402
from bot.nlu.dates import find_dates  # noqa: E402
from bot.nlu.places import find_places  # noqa: E402

SETS = sorted((ROOT / "tests" / "nlu" / "data").glob("parse_*.jsonl"))
CONFORMANCE = sorted((ROOT / "tests" / "nlu" / "conformance").glob("*.jsonl"))


def _median_ms(cases: list[dict[str, str]], parse: object) -> float:
    timings = []
    for _ in range(REPEAT):
        for case in cases:
            today = date.fromisoformat(case["today"])
            t0 = time.perf_counter()
            parse(case["text"], today)  # type: ignore[operator]
            timings.append(time.perf_counter() - t0)
    return statistics.median(timings) * 1000


REPEAT = 20


def main() -> None:
    cases = [json.loads(line) for path in SETS for line in path.read_text(encoding="utf-8").splitlines() if line]
    started = time.perf_counter()
    find_places("Konferens i Bryssel")  # loads the gazetteer and word frequencies once
    load = time.perf_counter() - started

    timings = []
    for _ in range(REPEAT):
        for case in cases:
            today = date.fromisoformat(case["today"])
            t0 = time.perf_counter()
            parse_activity(case["text"], today)
            timings.append(time.perf_counter() - t0)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    long_text = "Jag var på konferens i Bryssel 12–14 mars, flög dit. " * 75  # about 4,000 characters
    t0 = time.perf_counter()
    parse_activity(long_text, date(2026, 11, 26))
    longest = time.perf_counter() - t0

    conformance = [json.loads(line) for path in CONFORMANCE for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [
        ("messages parsed", f"{len(timings)} ({len(cases)} × {REPEAT})"),
        ("gazetteer load (once per process)", f"{load * 1000:.0f} ms"),
        ("parse time, median", f"{statistics.median(timings) * 1000:.2f} ms"),
        ("parse time, p99", f"{p99 * 1000:.2f} ms"),
        ("parse time, max", f"{timings[-1] * 1000:.2f} ms"),
        ("4,000-character message", f"{longest * 1000:.1f} ms"),
        ("dates alone (find_dates), median", f"{_median_ms(cases, find_dates):.3f} ms"),
        (f"conformance set ({len(conformance)}), find_dates median", f"{_median_ms(conformance, find_dates):.3f} ms"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 20}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()

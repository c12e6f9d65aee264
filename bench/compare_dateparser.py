"""Our date understanding against dateparser's on the same evaluation sets, measured, not assumed.

For each case, dateparser's `search_dates` (Swedish and English, relative to the case's day) supplies the
start date (the first date it finds) and the end date (a later second one, if any); every other field
comes from our parser, so the whole-case figures differ only in the dates. Run with `make bench`.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.commands.parse import understand_line  # noqa: E402
from tests.nlu.test_parse_accuracy import field_ok  # noqa: E402

DATA = ROOT / "tests" / "nlu" / "data"
SETS = (
    "parse_dev.jsonl",
    "parse_holdout.jsonl",
    "parse_holdout2.jsonl",
    "parse_holdout3.jsonl",
    "parse_holdout4.jsonl",
)


def dateparser_dates(text: str, today: date) -> tuple[str | None, str | None]:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime.combine(today, datetime.min.time()), "DATE_ORDER": "DMY"}
    found = search_dates(text, languages=["sv", "en"], settings=settings) or []
    days = [moment.date() for _, moment in found]
    start = days[0] if days else None
    end = next((d for d in days[1:] if start and d > start), None)
    return (start.isoformat() if start else None, end.isoformat() if end else None)


def score(cases: list[dict[str, Any]], use_dateparser: bool) -> tuple[int, int, int, int, int]:
    whole = start_ok = start_n = end_ok = end_n = 0
    for case in cases:
        today = date.fromisoformat(case["today"])
        activity = dict(understand_line(case["text"], today)["activity"])
        if use_dateparser:
            activity["start_date"], activity["end_date"] = dateparser_dates(case["text"], today)
        right = {name: field_ok(name, exp, activity.get(name)) for name, exp in case["expect"].items()}
        whole += all(right.values())
        if "start_date" in right:
            start_n += 1
            start_ok += right["start_date"]
        if "end_date" in right:
            end_n += 1
            end_ok += right["end_date"]
    return whole, start_ok, start_n, end_ok, end_n


def main() -> None:
    print(f"{'set':<22} {'dates from':<11} {'whole cases':>12} {'start_date':>11} {'end_date':>9}")
    for name in SETS:
        cases = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]
        for label, flag in (("Utblick", False), ("dateparser", True)):
            whole, s_ok, s_n, e_ok, e_n = score(cases, flag)
            print(
                f"{name:<22} {label:<11} {whole / len(cases):>11.0%} {s_ok / max(s_n, 1):>11.0%} {e_ok / max(e_n, 1):>9.0%}"
            )


if __name__ == "__main__":
    main()

"""What the parser makes of every message of the evaluation and conformance sets, saved once and compared
after a change that must not change behaviour (a speed-up, a refactoring).

    .venv/bin/python bench/parse_reference.py save /tmp/parse-ref      # before the change
    .venv/bin/python bench/parse_reference.py compare /tmp/parse-ref   # after it: exit 1 on any difference
    .venv/bin/python bench/parse_reference.py compare /tmp/parse-ref --in-process   # the same, faster

Two views are kept per set: the JSON lines `utblick parse --today DAY --json` prints (run as the evaluation
script runs it, one process per reference day), and a fuller in-process dump (the whole draft with its
places and date spans, `find_dates` alone, and how `split_activities` cuts the message), which also catches
changes the JSON contract does not show.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.activity import parse_activity, split_activities  # noqa: E402
from bot.nlu.dates import find_dates  # noqa: E402

SETS = [
    *sorted((ROOT / "tests" / "nlu" / "data").glob("parse_*.jsonl")),
    *sorted((ROOT / "tests" / "nlu" / "conformance").glob("*.jsonl")),
]
EXTRA = Path("/work/shared/eval/parse_dev.jsonl")
UTBLICK = Path(sys.executable).parent / "utblick"
# `--in-process`: the JSON lines from the function the command calls, in this process (a minute instead of
# ten on a busy machine; the command itself prints exactly that function's answer).
IN_PROCESS = "--in-process" in sys.argv


def _cases(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _cli(cases: list[dict[str, str]]) -> str:
    if IN_PROCESS:
        from bot.commands.parse import understand_line

        lines = [understand_line(c["text"].replace("\n", " "), date.fromisoformat(c["today"])) for c in cases]
        return "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    by_day: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        by_day[case["today"]].append(i)
    out: list[str] = [""] * len(cases)
    for day, indices in by_day.items():
        lines = "".join(cases[i]["text"].replace("\n", " ") + "\n" for i in indices)
        proc = subprocess.run(
            [str(UTBLICK), "parse", "--today", day, "--json"], input=lines, capture_output=True, text=True, check=True
        )
        printed = [line for line in proc.stdout.splitlines() if line.strip()]
        assert len(printed) == len(indices), proc.stderr[-2000:]
        for i, line in zip(indices, printed, strict=True):
            out[i] = line
    return "\n".join(out) + "\n"


def _deep(cases: list[dict[str, str]]) -> str:
    lines = []
    for case in cases:
        today = date.fromisoformat(case["today"])
        draft = parse_activity(case["text"], today)
        lines.append(repr(draft))
        lines.append(f"  dates: {draft.dates!r}")
        lines.append(f"  find_dates: {find_dates(case['text'], today)!r}")
        lines.append(f"  split: {split_activities(case['text'], today, draft)!r}")
        lines.append(f"  split alone: {split_activities(case['text'], today)!r}")
    return "\n".join(lines) + "\n"


def _outputs() -> dict[str, str]:
    outputs = {}
    for path in [*SETS, *([EXTRA] if EXTRA.exists() else [])]:
        name = f"{path.parent.name}-{path.stem}"
        cases = _cases(path)
        outputs[f"{name}.cli.jsonl"] = _cli(cases)
        outputs[f"{name}.deep.txt"] = _deep(cases)
    return outputs


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--in-process"]
    if len(args) != 2 or args[0] not in ("save", "compare"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(args[1])
    outputs = _outputs()
    if args[0] == "save":
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in outputs.items():
            (folder / name).write_text(text, encoding="utf-8")
        print(f"saved {len(outputs)} files in {folder}")
        return 0
    differing = [name for name, text in outputs.items() if (folder / name).read_text(encoding="utf-8") != text]
    missing = sorted({p.name for p in folder.iterdir()} - set(outputs))
    for name in differing:
        print(f"differs: {name}")
    for name in missing:
        print(f"not produced: {name}")
    print("identical" if not differing and not missing else f"{len(differing) + len(missing)} files differ")
    return 1 if differing or missing else 0


if __name__ == "__main__":
    sys.exit(main())

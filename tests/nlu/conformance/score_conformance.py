#!/usr/bin/env python3
"""Score `utblick parse` on the date conformance sets in this folder.

Each *.jsonl line is {"text", "today", "start_date", "end_date", "grain", "source"}.
For every file the cases are grouped by `today`; each group's texts are piped, one per
line, to `UTBLICK parse --today D --json`, which prints one JSON object per line.

A case is
  right   when the returned start_date and end_date both equal the expected ones,
  missed  when no start_date is returned,
  wrong   when a start_date is returned but start or end differs.
A returned end_date of null is read as a single day (end = start), because the bot
leaves end_date empty for one-day activities; --strict-end turns that off.

Usage:
  python3 score_conformance.py [--utblick PATH] [-v] [--grain] [--json OUT] [FILE.jsonl ...]
Stdlib only.
"""
from __future__ import annotations

import argparse
import collections
import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def run_group(utblick, today, texts, timeout):
    proc = subprocess.run(
        [utblick, "parse", "--today", today, "--json"],
        input="".join(t.replace("\n", " ") + "\n" for t in texts),
        capture_output=True, text=True, timeout=timeout,
    )
    out = [l for l in proc.stdout.splitlines() if l.strip()]
    if proc.returncode != 0 or len(out) != len(texts):
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"{utblick} parse --today {today}: exit {proc.returncode}, "
                         f"{len(out)} output lines for {len(texts)} inputs")
    return [json.loads(l) for l in out]


def judge(case, got, strict_end):
    act = (got or {}).get("activity") or {}
    start = act.get("start_date")
    end = act.get("end_date")
    start = str(start)[:10] if start else None
    end = str(end)[:10] if end else None
    if end is None and start is not None and not strict_end:
        end = start
    if start is None:
        verdict = "missed"
    elif start == case["start_date"] and end == case["end_date"]:
        verdict = "right"
    else:
        verdict = "wrong"
    return verdict, start, end


def score_file(path, utblick, timeout, strict_end):
    cases = load(path)
    by_day = collections.defaultdict(list)
    for i, c in enumerate(cases):
        by_day[c["today"]].append(i)
    results = [None] * len(cases)
    for today, idx in sorted(by_day.items()):
        outs = run_group(utblick, today, [cases[i]["text"] for i in idx], timeout)
        for i, o in zip(idx, outs):
            verdict, s, e = judge(cases[i], o, strict_end)
            results[i] = {**cases[i], "verdict": verdict, "got_start": s, "got_end": e}
    return results


def pct(n, d):
    return f"{100.0 * n / d:5.1f}%" if d else "    -"


def table(rows, key=None):
    lines = [f"{'':24} {'total':>5} {'right':>13} {'missed':>13} {'wrong':>13}"]
    groups = collections.OrderedDict()
    for r in rows:
        groups.setdefault(key(r) if key else "all", []).append(r)
    for name, rs in groups.items():
        c = collections.Counter(r["verdict"] for r in rs)
        n = len(rs)
        lines.append(f"{name:24} {n:5d} " + " ".join(
            f"{c[v]:5d} ({pct(c[v], n)})" for v in ("right", "missed", "wrong")))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="conformance files (default: every *.jsonl beside this script)")
    ap.add_argument("--utblick", default="utblick", help="path to the utblick command (default: utblick)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list wrong and missed cases")
    ap.add_argument("--grain", action="store_true", help="also break each file down by grain")
    ap.add_argument("--strict-end", action="store_true", help="a null end_date never matches")
    ap.add_argument("--json", metavar="OUT", help="write every judged case to OUT as JSON lines")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per utblick call")
    a = ap.parse_args(argv)

    files = [pathlib.Path(f) for f in a.files] or sorted(HERE.glob("*.jsonl"))
    all_rows = []
    totals = collections.Counter()
    for f in files:
        rows = score_file(f, a.utblick, a.timeout, a.strict_end)
        for r in rows:
            r["file"] = f.name
        all_rows += rows
        totals.update(r["verdict"] for r in rows)
        print(f"== {f.name}")
        print(table(rows, (lambda r: r["grain"]) if a.grain else None))
        if a.verbose:
            for verdict in ("wrong", "missed"):
                bad = [r for r in rows if r["verdict"] == verdict]
                if bad:
                    print(f"-- {verdict} ({len(bad)})")
                for r in bad:
                    exp = r["start_date"] if r["start_date"] == r["end_date"] else f"{r['start_date']}..{r['end_date']}"
                    got = "-" if r["got_start"] is None else (
                        r["got_start"] if r["got_start"] == r["got_end"] else f"{r['got_start']}..{r['got_end']}")
                    print(f"   [{r['today']}] {r['text']!r}: expected {exp} ({r['grain']}), got {got}")
        print()
    n = sum(totals.values())
    print(f"== all files: {n} cases, right {totals['right']} ({pct(totals['right'], n).strip()}), "
          f"missed {totals['missed']} ({pct(totals['missed'], n).strip()}), "
          f"wrong {totals['wrong']} ({pct(totals['wrong'], n).strip()})")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as out:
            for r in all_rows:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

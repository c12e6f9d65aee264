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

A case marked with "convention" encodes a convention the project decided not to follow
(README.md, "Conventions"). It is judged against its "utblick" field instead (the
documented answer, or null for no date): "as decided" when the answer is that one,
"wrong" otherwise. Such cases are counted apart and left out of the main percentages.

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
        return [json.loads(line) for line in f if line.strip()]


def run_group(utblick, today, texts, timeout):
    proc = subprocess.run(
        [utblick, "parse", "--today", today, "--json"],
        input="".join(t.replace("\n", " ") + "\n" for t in texts),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    out = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or len(out) != len(texts):
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(
            f"{utblick} parse --today {today}: exit {proc.returncode}, {len(out)} output lines for {len(texts)} inputs"
        )
    return [json.loads(line) for line in out]


def judge(case, got, strict_end):
    act = (got or {}).get("activity") or {}
    start = act.get("start_date")
    end = act.get("end_date")
    start = str(start)[:10] if start else None
    end = str(end)[:10] if end else None
    if end is None and start is not None and not strict_end:
        end = start
    if "convention" in case:
        decided = case.get("utblick")
        if decided is None:
            verdict = "as decided" if start is None else "wrong"
        else:
            same = start == decided["start_date"] and end == decided["end_date"]
            verdict = "as decided" if same else "wrong"
    elif start is None:
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
        for i, o in zip(idx, outs, strict=True):
            verdict, s, e = judge(cases[i], o, strict_end)
            results[i] = {**cases[i], "verdict": verdict, "got_start": s, "got_end": e}
    return results


def pct(n, d):
    return f"{100.0 * n / d:5.1f}%" if d else "    -"


def language(name):
    return "sv" if name.endswith("_sv.jsonl") else "en"


def table(rows, key=None):
    lines = [f"{'':24} {'total':>5} {'right':>13} {'missed':>13} {'wrong':>13}"]
    groups = collections.OrderedDict()
    for r in rows:
        groups.setdefault(key(r) if key else "all", []).append(r)
    for name, rs in groups.items():
        c = collections.Counter(r["verdict"] for r in rs)
        n = len(rs)
        lines.append(
            f"{name:24} {n:5d} " + " ".join(f"{c[v]:5d} ({pct(c[v], n)})" for v in ("right", "missed", "wrong"))
        )
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
        judged = score_file(f, a.utblick, a.timeout, a.strict_end)
        for r in judged:
            r["file"] = f.name
        all_rows += judged
        rows = [r for r in judged if "convention" not in r]
        conventions = [r for r in judged if "convention" in r]
        totals.update(r["verdict"] for r in rows)
        print(f"== {f.name}")
        print(table(rows, (lambda r: r["grain"]) if a.grain else None))
        if conventions:
            decided = sum(r["verdict"] == "as decided" for r in conventions)
            by = collections.Counter(r["convention"] for r in conventions)
            print(
                f"   conventions not followed: {len(conventions)}, answered as decided {decided} "
                f"({', '.join(f'{k} {n}' for k, n in sorted(by.items()))})"
            )
        if a.verbose:
            for verdict in ("wrong", "missed"):
                bad = [r for r in judged if r["verdict"] == verdict]
                if bad:
                    print(f"-- {verdict} ({len(bad)})")
                for r in bad:
                    exp = r["start_date"] if r["start_date"] == r["end_date"] else f"{r['start_date']}..{r['end_date']}"
                    got = (
                        "-"
                        if r["got_start"] is None
                        else (r["got_start"] if r["got_start"] == r["got_end"] else f"{r['got_start']}..{r['got_end']}")
                    )
                    print(f"   [{r['today']}] {r['text']!r}: expected {exp} ({r['grain']}), got {got}")
        print()
    for lang in ("sv", "en"):
        rows = [r for r in all_rows if language(r["file"]) == lang and "convention" not in r]
        c = collections.Counter(r["verdict"] for r in rows)
        print(
            f"== {lang}: {len(rows)} cases (conventions apart), right {c['right']} "
            f"({pct(c['right'], len(rows)).strip()}), missed {c['missed']}, wrong {c['wrong']}"
        )
    n = sum(totals.values())
    print(
        f"== all files: {n} cases, right {totals['right']} ({pct(totals['right'], n).strip()}), "
        f"missed {totals['missed']} ({pct(totals['missed'], n).strip()}), "
        f"wrong {totals['wrong']} ({pct(totals['wrong'], n).strip()})"
    )
    if a.json:
        with open(a.json, "w", encoding="utf-8") as out:
            for r in all_rows:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

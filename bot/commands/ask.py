"""`utblick ask`: answer questions about the strategy from the command line, one JSON object a line.

The contract is docs/evaluation.md: with `--json`, every input line gets exactly one line on
standard output, `{"answered", "answer", "sources": [{"section", "quote"}], "score"}`, and nothing else
is printed there. Strategy questions need no database, so this runs on a fresh machine; questions about
live facts (a unit's contact person, its activities) use the database when one is configured and exists.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from bot.config import Settings
from bot.knowledge.answers import Answer, answerer_for, question_language
from bot.knowledge.live_facts import LiveFacts


def answer_lines(lines: Iterable[str], settings: Settings, today: date, facts: LiveFacts) -> Iterable[Answer]:
    answerer = answerer_for(settings.strategy_file)
    for line in lines:
        question = line.strip()[: settings.max_message_chars]
        language = question_language(question, settings.language)
        yield facts.answer(question, language, today) or answerer.answer(question, language)


def render_text(answer: Answer) -> str:
    lines = [answer.text]
    for source in answer.sources:
        lines.append("")
        lines.append(f"  [{source.section}]")
        lines.extend(f"  {line}" for line in source.quote.splitlines())
    return "\n".join(lines)


def ask(args: argparse.Namespace, settings: Settings) -> int:
    today = args.today or datetime.now(settings.tz).date()
    facts = LiveFacts.open(settings)
    lines: Iterable[str] = [" ".join(args.question)] if args.question else sys.stdin
    try:
        for answer in answer_lines(lines, settings, today, facts):
            if args.json:
                print(json.dumps(answer.as_json(), ensure_ascii=False), flush=True)
            else:
                print(render_text(answer) + "\n", flush=True)
    finally:
        facts.close()
    return 0


def _iso_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date as YYYY-MM-DD") from None


def register(commands: Any) -> None:
    parser = commands.add_parser("ask", help="answer a question about the strategy (or one per line from stdin)")
    parser.add_argument("question", nargs="*", help="the question; without it, questions are read from stdin")
    parser.add_argument("--json", action="store_true", help="print one JSON object per question")
    parser.add_argument("--today", type=_iso_day, help="answer date questions as on this day (YYYY-MM-DD)")
    parser.set_defaults(func=ask)

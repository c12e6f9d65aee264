"""`utblick parse`: what the bot understands from a message, without talking to a database.

The evaluation script feeds it one message a line and reads one JSON object a line, so stdout carries
nothing else and a failure on one line answers that line instead of stopping the run.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from typing import Any

from bot.config import Settings
from bot.conversation import clean_text
from bot.nlu.activity import parse_activity
from bot.nlu.intents import understand
from handlers import default_registry


def understand_line(text: str, today: date) -> dict[str, Any]:
    text = clean_text(text)
    registry = default_registry()
    understanding = understand(text, registry.intents, registry.recognisers)
    draft = parse_activity(text, today)
    activity = draft.contract()
    # How precisely the dates were said (day, week, month, year): "förra månaden" is a month, not 30 days.
    activity["date_precision"] = draft.date_precision if (draft.start_date or draft.end_date) else None
    return {
        "intent": understanding.intent,
        "confidence": round(understanding.confidence, 2),
        "activity": activity,
    }


def _today(value: str | None, settings: Settings) -> date:
    if not value:
        return datetime.now(settings.tz).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"--today {value!r}: expected a date as YYYY-MM-DD") from None


def _human(result: dict[str, Any]) -> str:
    lines = [f"intent: {result['intent']} ({result['confidence']})"]
    lines.extend(f"  {k}: {v}" for k, v in result["activity"].items() if v not in (None, []))
    return "\n".join(lines)


def parse(args: argparse.Namespace, settings: Settings) -> int:
    today = _today(args.today, settings)
    lines = [args.text] if args.text else sys.stdin
    for line in lines:
        try:
            result = understand_line(line.rstrip("\n"), today)
        except Exception as exc:  # one bad line must not cost the others their answer
            result = {"intent": "error", "error": type(exc).__name__, "activity": None}
        print(json.dumps(result, ensure_ascii=False) if args.json else _human(result), flush=True)
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("parse", help="show what the bot understands from a message")
    parser.add_argument("text", nargs="?", help="the message; without it, one message per line from stdin")
    parser.add_argument("--today", help="the reference date, YYYY-MM-DD (default: today)")
    parser.add_argument("--json", action="store_true", help="one JSON object per message")
    parser.set_defaults(func=parse)

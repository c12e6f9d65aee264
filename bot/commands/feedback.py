"""`utblick feedback`: which strategy questions failed, so the operator can improve the answers.

Lists the questions people asked with their 👍/👎, the ones the bot could not answer, and the ones
passed on to the international coordinator (who can be sent that list until delivery in chat exists).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.commands.base import say, start_app
from bot.config import Settings
from storage import questions
from storage.models import AskedQuestion

MARKS = {"up": "👍", "down": "👎", None: "·"}


def as_json(row: AskedQuestion) -> dict[str, object]:
    person = row.person
    return {
        "id": row.id,
        "asked_at": row.asked_at.isoformat(),
        "person": (person.display_name or person.email) if person else None,
        "email": person.email if person else None,
        "question": row.question,
        "language": row.language,
        "answered": row.answered,
        "kind": row.kind,
        "score": round(row.score, 3),
        "sections": row.sections,
        "feedback": row.feedback,
        "forwarded_at": row.forwarded_at.isoformat() if row.forwarded_at else None,
        "forwarded_to": row.forwarded_to,
    }


def as_line(row: AskedQuestion, settings: Settings) -> str:
    person = row.person
    who = (person.display_name or person.email or "?") if person else "?"
    answered = say(settings, "answer_question.cli.answered" if row.answered else "answer_question.cli.refused")
    forwarded = " ↪" if row.forwarded_at else ""
    question = " ".join(row.question.split())
    if len(question) > 90:
        question = question[:89] + "…"
    when = row.asked_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
    line = f"{row.id:>5}  {when}  {MARKS.get(row.feedback, '·')}{forwarded}  {answered:<10} {who}: {question}"
    if row.sections:
        line += "\n" + " " * 7 + "→ " + " | ".join(row.sections)
    return line


def feedback(args: argparse.Namespace, settings: Settings) -> int:
    app = start_app(settings)
    with app.database.session_scope() as session:
        rows = questions.listing(session, args.which, args.limit)
        if args.json:
            for row in rows:
                print(json.dumps(as_json(row), ensure_ascii=False))
            return 0
        if not rows:
            print(say(settings, f"answer_question.cli.none_{args.which}"))
            return 0
        print(say(settings, f"answer_question.cli.heading_{args.which}", count=len(rows)))
        for row in rows:
            print(as_line(row, settings))
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("feedback", help="questions about the strategy: feedback, refusals, passed on")
    parser.add_argument(
        "--which",
        choices=["feedback", "down", "unanswered", "forwarded", "all"],
        default="feedback",
        help="with 👍/👎 (default), 👎 only, not answered, passed on to the coordinator, or all",
    )
    parser.add_argument("--limit", type=int, default=50, help="at most this many, newest first (default 50)")
    parser.add_argument("--json", action="store_true", help="one JSON object per question")
    parser.set_defaults(func=feedback)

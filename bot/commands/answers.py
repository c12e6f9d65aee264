"""`utblick answers`: the international coordinator's verified answers, for administrators.

    utblick answers list [--all] [--json]     the answers in use and those awaiting review (or all)
    utblick answers show ID                   one answer in full, with the passage it rests on
    utblick answers edit ID TEXT              change an answer's text
    utblick answers retire ID                 stop giving an answer
    utblick answers review                    answers given against another strategy text, to check
    utblick answers confirm ID                serve an answer again after checking it against the strategy
    utblick answers export [--format json|csv] every answer, retired ones too, for safekeeping

Changes are recorded with the operator named by `--by` (default: the login name).
"""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import sys
from typing import Any

from bot.commands.base import say, start_app
from bot.config import Settings
from storage import verified_answers
from storage.models import VerifiedAnswer

EXPORT_FIELDS = (
    "id", "question", "language", "concepts", "answer", "section", "quote", "answered_by", "answered_at",
    "updated_at", "updated_by", "status", "question_id",
)  # fmt: skip


def line(row: VerifiedAnswer, settings: Settings) -> str:
    from bot.knowledge.answers import format_date  # with the strategy's index: only when listing

    when = format_date(row.answered_at.astimezone(settings.tz).date().isoformat(), settings.language)
    status = say(settings, f"answer_question.verified_list.status_{row.status}")
    return say(
        settings,
        "answer_question.verified_list.line",
        id=row.id,
        question=" ".join(row.question.split()),
        answer=" ".join(row.answer.split()),
        name=row.answered_by_name,
        date=when,
        status=status,
    )


def answers(args: argparse.Namespace, settings: Settings) -> int:
    app = start_app(settings)
    strategy = verified_answers.fingerprint(settings.strategy_file)
    by = args.by or getpass.getuser()
    now = app.clock.now()
    with app.database.session_scope() as session:
        verified_answers.review(session, strategy)
        if args.action in {"list", "review", "export"}:
            if args.action == "export":
                statuses: tuple[str, ...] = verified_answers.STATUSES
            elif args.action == "review":
                statuses = ("review",)
            else:
                statuses = verified_answers.STATUSES if args.all else ("active", "review")
            rows = verified_answers.listing(session, statuses)
            if args.action == "export":
                return _export(rows, args.format)
            if getattr(args, "json", False):
                for data in verified_answers.export(rows):
                    print(json.dumps(data, ensure_ascii=False))
                return 0
            if not rows:
                print(say(settings, "answer_question.verified_list.none"))
                return 0
            print(say(settings, "answer_question.verified_list.heading", count=len(rows)))
            for row in rows:
                print(line(row, settings))
            return 0
        one = verified_answers.get(session, args.id)
        if one is None:
            print(say(settings, "answer_question.verified_list.gone", id=args.id), file=sys.stderr)
            return 1
        row = one
        if args.action == "show":
            print(line(row, settings))
            print(f"  concepts: {', '.join(row.concepts) or '-'}")
            if row.section:
                print(f"  [{row.section}]")
                print("  " + (row.quote or "").replace("\n", "\n  "))
            return 0
        if args.action == "edit":
            verified_answers.edit(row, " ".join(args.text), by, now)
            print(say(settings, "answer_question.verified_list.edited", id=row.id))
        elif args.action == "retire":
            verified_answers.retire(row, by, now)
            print(say(settings, "answer_question.verified_list.retired", id=row.id))
        elif args.action == "confirm":
            verified_answers.confirm(row, strategy, by, now)
            print(say(settings, "answer_question.verified_list.confirmed", id=row.id))
    return 0


def _export(rows: list[VerifiedAnswer], fmt: str) -> int:
    data = verified_answers.export(rows)
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        for item in data:
            writer.writerow({**item, "concepts": " ".join(item["concepts"])})
        return 0
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("answers", help="the coordinator's verified answers: list, edit, retire, export")
    parser.add_argument("--by", help="who makes the change (default: the login name)")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the answers in use and those awaiting review")
    listing.add_argument("--all", action="store_true", help="retired answers too")
    listing.add_argument("--json", action="store_true", help="one JSON object per answer")
    actions.add_parser("review", help="answers given against another strategy text, to check and confirm")
    show = actions.add_parser("show", help="one answer in full")
    show.add_argument("id", type=int)
    edit = actions.add_parser("edit", help="change an answer's text")
    edit.add_argument("id", type=int)
    edit.add_argument("text", nargs="+")
    retire = actions.add_parser("retire", help="stop giving an answer")
    retire.add_argument("id", type=int)
    confirm = actions.add_parser("confirm", help="serve an answer again after checking it against the strategy")
    confirm.add_argument("id", type=int)
    export = actions.add_parser("export", help="every answer, retired ones too")
    export.add_argument("--format", choices=["json", "csv"], default="json")
    parser.set_defaults(func=answers)

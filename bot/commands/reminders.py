"""`utblick reminders plan`, `preview` and `run-due`: what the scheduler would send, to whom, through which
channel and in which words, and sending it."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from bot.commands.base import say, start_app
from bot.config import Settings
from bot.i18n import Translator
from bot.messages import Reply
from reminders.delivery import Preview, preview, run_due, who
from reminders.planner import plan

EXIT_NO_CHANNEL = 5


def _moment(value: str | None, settings: Settings) -> datetime:
    """--at as an ISO date-time; without a time zone it is the bot's local time."""
    if not value:
        return datetime.now(settings.tz)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SystemExit(say(settings, "cli.reminders.bad_at", value=value)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.tz)


def plan_command(args: argparse.Namespace, settings: Settings) -> int:
    at = _moment(args.at, settings)
    app = start_app(settings)
    with app.database.session_scope() as session:
        notices = plan(session, at, settings)
    for notice in notices:
        if args.json:
            print(json.dumps(notice.contract(), ensure_ascii=False))
        else:
            who = notice.to.name or notice.to.email or "?"
            print(f"{notice.due_at:%Y-%m-%d %H:%M}  {notice.kind:<21} {who}  {notice.unit_name or ''}  [{notice.key}]")
    if not args.json and not notices:
        print(say(settings, "cli.reminders.nothing_due", at=f"{at:%Y-%m-%d %H:%M}"))
    return 0


def _chat_text(replies: list[Reply]) -> list[str]:
    """A chat message as plain lines: its title, text, facts and, in brackets, its buttons."""
    lines: list[str] = []
    for reply in replies:
        lines += [reply.title] if reply.title else []
        lines += reply.text.split("\n")
        lines += [f"• {fact.label}: {fact.value}" for fact in reply.fields]
        lines += ["  ".join(f"[{button.label}]" for button in reply.buttons)] if reply.buttons else []
    return lines


def _email_text(item: Preview, t: Translator) -> list[str]:
    """The e-mail as the channel would hand it to the server now: its headers and its plain-text body."""
    from bot.platforms.email_channel import EmailChannel

    assert isinstance(item.channel, EmailChannel) and item.person is not None
    message = item.channel.letter(item.person, item.replies, item.about)
    lines = [f"{t('cli.reminders.header.' + name)}: {message[header]}"
             for name, header in (("from", "From"), ("to", "To"), ("reply_to", "Reply-To"), ("subject", "Subject"))]  # fmt: skip
    lines += [f"{t('cli.reminders.header.attachment')}: {part.get_filename()}" for part in message.iter_attachments()]
    body = message.get_body(("plain",))
    assert body is not None
    return [*lines, "", *str(body.get_content()).removesuffix("\n").split("\n")]  # type: ignore[attr-defined]


def render_preview(item: Preview, t: Translator) -> str:
    channel = item.channel.name if item.channel else "none"
    heading = t("cli.reminders.preview_heading", who=who(item.person), channel=t(f"cli.reminders.channel.{channel}"),
                kind=t(f"reminders.kinds.{item.kind}"), notice=item.key)  # fmt: skip
    if item.skipped:
        lines = [t("cli.reminders.preview_skipped", reason=item.skipped)]
    elif item.channel is None:
        lines = [t("cli.reminders.preview_none")]
    elif item.channel.name == "email":
        lines = _email_text(item, t)
    else:
        lines = _chat_text(item.replies)
    return "\n".join([heading, *lines, ""])


def preview_command(args: argparse.Namespace, settings: Settings) -> int:
    """What each person would get at a moment and through which channel; nothing is sent or marked."""
    at = _moment(args.at, settings)
    app = start_app(settings)
    items = preview(app.database, app.channels, settings, at, to=args.to)
    t = Translator(settings.language)
    for item in items:
        print(render_preview(item, t))
    if not items:
        moment = f"{at:%Y-%m-%d %H:%M}"
        print(t("cli.reminders.preview_to_none", to=args.to, at=moment) if args.to else
              t("cli.reminders.nothing_due", at=moment))  # fmt: skip
    if not app.channels:
        print(t("cli.reminders.preview_no_channel"), file=sys.stderr)
    return 0


def run_due_command(args: argparse.Namespace, settings: Settings) -> int:
    """Send what is due. Without any channel it still goes through the outbox, so those it could not reach
    are listed there as undeliverable and here by name, and exits non-zero for cron to notice."""
    at = _moment(args.at, settings)
    app = start_app(settings)
    summary = run_due(app.database, app.channels, settings, at)
    t = Translator(settings.language)
    print(t("cli.reminders.ran", sent=len(summary.sent), retrying=len(summary.retrying), failed=len(summary.failed),
            undeliverable=len(summary.undeliverable), skipped=len(summary.skipped)))  # fmt: skip
    if summary.unreached:
        print(t("cli.reminders.unreached"))
        for person, kind in summary.unreached.values():
            print(t("cli.reminders.unreached_line", who=person, kind=t(f"reminders.kinds.{kind}")))
    if not app.channels:
        print(say(settings, "cli.reminders.no_channel"), file=sys.stderr)
        return EXIT_NO_CHANNEL
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("reminders", help="the reminders that are due, and sending them")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    planning = actions.add_parser("plan", help="show what is due at a moment and not yet sent")
    planning.add_argument("--at", help="ISO date-time, e.g. 2027-01-10T09:00 (default: now)")
    planning.add_argument("--json", action="store_true", help="one JSON object per notice")
    planning.set_defaults(func=plan_command)
    previewing = actions.add_parser(
        "preview", help="print what each person would get and through which channel, sending nothing"
    )
    previewing.add_argument("--at", help="ISO date-time, e.g. 2027-01-10T09:00 (default: now)")
    previewing.add_argument("--to", metavar="EMAIL", help="only what this e-mail address would get")
    previewing.set_defaults(func=preview_command)
    running = actions.add_parser("run-due", help="send what is due now (what the scheduler does every tick)")
    running.add_argument("--at", help="ISO date-time to act as now (for catching up by hand)")
    running.set_defaults(func=run_due_command)

"""When nothing else understood the message: say so kindly and suggest what to write."""

from __future__ import annotations

from bot.context import Context, Turn
from bot.messages import Message, Reply
from bot.nlu.intents import match_command
from bot.registry import Capability


def suggestions(ctx: Context, limit: int = 3) -> list[str]:
    """The first example of each capability that has help, as ready-to-type suggestions."""
    examples = []
    for listed in ctx.registry.with_help():
        first = ctx.t.list(f"{listed.help_key}.examples")[:1]
        examples.extend(first)
    return examples[:limit]


# Answers to a question ("ja", "ok", "avbryt") when no question is open: most likely the dialogue ended.
_ANSWERS = ("yes", "no", "save", "cancel", "unknown")


def not_understood(message: Message, ctx: Context) -> Turn:
    answer = ctx.dialogue is None and match_command(message.text, _ANSWERS)
    lines = [ctx.t("fallback.nothing_open" if answer else "fallback.not_understood")]
    lines.extend(f"• {ctx.t('fallback.example', example=example)}" for example in suggestions(ctx))
    lines.append(ctx.t("fallback.more"))
    return Turn([Reply("\n".join(lines))])


capability = Capability(name="fallback", handle=not_understood)

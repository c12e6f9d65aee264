"""When nothing else understood the message: say so kindly and suggest what to write."""

from __future__ import annotations

from bot.context import Context, Turn
from bot.messages import Message, Reply
from bot.registry import Capability


def suggestions(ctx: Context, limit: int = 3) -> list[str]:
    """The first example of each capability that has help, as ready-to-type suggestions."""
    examples = []
    for listed in ctx.registry.with_help():
        first = ctx.t.list(f"{listed.help_key}.examples")[:1]
        examples.extend(first)
    return examples[:limit]


def not_understood(message: Message, ctx: Context) -> Turn:
    lines = [ctx.t("fallback.not_understood")]
    lines.extend(f"• {ctx.t('help.example', example=example)}" for example in suggestions(ctx))
    lines.append(ctx.t("fallback.more"))
    return Turn([Reply("\n".join(lines))])


capability = Capability(name="fallback", handle=not_understood)

"""What the bot can do, with examples, built from the capabilities that are registered.

The help text grows by itself: each capability names its catalog entry (`help_key`), whose `title`
and `examples` appear here in the person's language.
"""

from __future__ import annotations

from bot.context import Context, Turn
from bot.messages import Message, Reply
from bot.registry import Capability


def help_lines(ctx: Context) -> list[str]:
    lines: list[str] = []
    for listed in ctx.registry.with_help():
        lines.append(f"• {ctx.t(f'{listed.help_key}.title')}")
        examples = ctx.t.list(f"{listed.help_key}.examples")
        lines.extend(f"    {ctx.t('help.example', example=example)}" for example in examples)
    return lines


def show_help(message: Message, ctx: Context) -> Turn:
    body = "\n".join([ctx.t("help.intro"), *help_lines(ctx), ctx.t("help.outro")])
    return Turn([Reply(body, title=ctx.t("help.title"))])


capability = Capability(
    name="help",
    handle=show_help,
    intents=("help",),
    help_key="help.capabilities.help",
    help_order=90,
    interrupts=True,
)

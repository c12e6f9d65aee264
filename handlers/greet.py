"""Answer a greeting with a short introduction, by first name when the bot knows it, and thanks with a welcome."""

from __future__ import annotations

from bot.context import Context, Turn
from bot.messages import Message
from bot.nlu.intents import match_command
from bot.registry import Capability


def first_name(display_name: str | None) -> str | None:
    if not display_name or "@" in display_name:
        return None
    return display_name.split()[0]


def greet(message: Message, ctx: Context) -> Turn:
    if match_command(message.text, ("thanks",)) == "thanks":
        return Turn.say(ctx.t("greeting.welcome"))
    name = first_name(ctx.person.display_name)
    hello = ctx.t("greeting.hello_name", name=name) if name else ctx.t("greeting.hello")
    return Turn.say(f"{hello} {ctx.t('greeting.intro')}")


capability = Capability(name="greeting", handle=greet, intents=("greeting", "thanks"), interrupts=True)

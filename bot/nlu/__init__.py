"""Language understanding: what a message is for (intent) and what it says (entities)."""

from bot.nlu.intents import Understanding, normalise, understand

__all__ = ["Understanding", "normalise", "understand"]

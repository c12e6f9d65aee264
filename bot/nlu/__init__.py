"""Language understanding: what a message is for (intent) and what it says (entities), once per message
(`bot.nlu.understanding`)."""

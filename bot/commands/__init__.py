"""The `utblick` subcommands, one module each. Each module has `register(commands)`, which adds its parser
and sets `func(args, settings) -> exit status`. `bot/cli.py` lists them."""

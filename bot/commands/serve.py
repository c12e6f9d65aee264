"""`utblick serve` (HTTP, Slack and Teams) and `utblick socket` (Socket Mode, Slack): running the bot.

Both start the same Slack app on the same engine; they differ only in how Slack reaches it. HTTP needs a
public URL and the signing secret; Socket Mode dials out to Slack with the app-level token, which suits a
municipal network that accepts no incoming traffic. Teams always comes in over HTTP, so `serve` also
mounts its endpoint when `TEAMS_APP_ID` is set, and on a machine where nothing is configured in the local
mode the Bot Framework Emulator uses; the start says which.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.app import App
from bot.commands.base import EXIT_CONFIG, say, start_app
from bot.config import Settings
from storage.db import safe_url

EXIT_SLACK = 4
DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 3000


def _missing(settings: Settings, *names: str) -> list[str]:
    values = {
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_SIGNING_SECRET": settings.slack_signing_secret,
        "SLACK_APP_TOKEN": settings.slack_app_token,
    }
    return [name for name in names if values[name] is None]


def _start_reminders(app: App) -> None:
    """The reminder ticker, once the platforms it delivers through are in place."""
    if app.start_scheduler() is not None:
        print(say(app.settings, "cli.reminders.scheduler_started", minutes=app.settings.tick_minutes), file=sys.stderr)


def _slack_adapter(app: App) -> Any:
    """The Slack adapter, or None after printing why Slack refused (bad token, no network)."""
    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackClientError

    from bot.platforms.slack import SlackAdapter, api_url

    settings = app.settings
    try:
        return SlackAdapter(app.engine, settings)
    except BoltError as exc:
        print(say(settings, "slack.rejected", reason=str(exc).splitlines()[0]), file=sys.stderr)
    except (SlackClientError, OSError) as exc:
        print(say(settings, "slack.unreachable", url=api_url(settings), reason=type(exc).__name__), file=sys.stderr)
    return None


def _teams_missing(settings: Settings) -> list[str]:
    if not settings.teams_app_id:
        return []
    values = {"TEAMS_APP_SECRET": settings.teams_app_secret, "TEAMS_TENANT_ID": settings.teams_tenant_id}
    return [name for name, value in values.items() if value is None]


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Slack when any of its settings is given (then all it needs must be); Teams with its Entra app, or in
    local mode when nothing is configured."""
    with_slack = settings.slack_bot_token is not None or settings.slack_signing_secret is not None
    missing = _missing(settings, "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET") if with_slack else []
    if missing:
        print(say(settings, "slack.missing", variables=", ".join(missing), mode="HTTP"), file=sys.stderr)
        return EXIT_CONFIG
    missing = _teams_missing(settings)
    if missing:
        print(say(settings, "teams.missing", variables=", ".join(missing)), file=sys.stderr)
        return EXIT_CONFIG
    from bot.platforms.teams import TeamsAdapter
    from bot.server import create_web_app
    from bot.server import serve as run_server

    app = start_app(settings)
    adapter = _slack_adapter(app) if with_slack else None
    if with_slack and adapter is None:
        return EXIT_SLACK
    app.warm_up(background=False)  # before the server accepts requests: loaded once, not per thread
    # Teams signs in with its Entra app; without one, only a developer's machine with no Slack gets the
    # unauthenticated local mode, never a Slack deployment that happens not to use Teams.
    teams = app.teams or (TeamsAdapter(app.engine, settings) if adapter is None else None)
    web_app = create_web_app(app.database, slack=adapter, teams=teams)
    _start_reminders(app)

    def ready(host: str, port: int) -> None:
        if teams is not None and teams.authenticated:
            print(say(settings, "teams.serving", app_id=settings.teams_app_id), file=sys.stderr)
        elif teams is not None:
            print(say(settings, "teams.serving_local"), file=sys.stderr)
        if adapter is not None:
            print(say(settings, "slack.serving", host=host, port=port), file=sys.stderr, flush=True)
        else:
            print(
                say(settings, "teams.listening", host=host, port=port, routes="Teams: /api/messages"),
                file=sys.stderr,
                flush=True,
            )

    run_server(web_app, args.host, args.port, on_ready=ready)
    return 0


def socket(args: argparse.Namespace, settings: Settings) -> int:
    missing = _missing(settings, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    if missing:
        print(say(settings, "slack.missing", variables=", ".join(missing), mode="Socket Mode"), file=sys.stderr)
        return EXIT_CONFIG
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError, SlackClientError

    from bot.platforms.slack import api_url

    app = start_app(settings)
    adapter = _slack_adapter(app)
    if adapter is None:
        return EXIT_SLACK
    app.warm_up(background=False)
    _start_reminders(app)
    assert settings.slack_app_token is not None
    handler = SocketModeHandler(adapter.bolt, settings.slack_app_token.get_secret_value())
    print(say(settings, "slack.socket_connecting"), file=sys.stderr, flush=True)
    try:
        handler.start()
    except SlackApiError as exc:
        print(say(settings, "slack.app_token_rejected", reason=exc.response.get("error", "?")), file=sys.stderr)
        return EXIT_SLACK
    except (SlackClientError, OSError) as exc:
        print(say(settings, "slack.unreachable", url=api_url(settings), reason=type(exc).__name__), file=sys.stderr)
        return EXIT_SLACK
    finally:
        adapter.close()
    return 0


def run_teams(args: argparse.Namespace, settings: Settings) -> int:
    """What `utblick run` does when only Teams is configured: the HTTP server."""
    return serve(argparse.Namespace(host=DEFAULT_HOST, port=DEFAULT_PORT), settings)


def run_slack(args: argparse.Namespace, settings: Settings) -> int:
    """What `utblick run` does when SLACK_BOT_TOKEN is set: Socket Mode if it can, else HTTP."""
    database = safe_url(settings.database_url)
    if settings.slack_app_token is not None:
        print(say(settings, "slack.run_socket", database=database), file=sys.stderr)
        return socket(args, settings)
    if settings.slack_signing_secret is not None:
        print(say(settings, "slack.run_http", database=database, port=DEFAULT_PORT), file=sys.stderr)
        return serve(argparse.Namespace(host=DEFAULT_HOST, port=DEFAULT_PORT), settings)
    print(say(settings, "slack.run_neither"), file=sys.stderr)
    return EXIT_CONFIG


def register(commands: Any) -> None:
    parser = commands.add_parser("serve", help="serve Slack (/slack/events) and Teams (/api/messages) over HTTP")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    parser.set_defaults(func=serve)
    parser = commands.add_parser("socket", help="connect to Slack with Socket Mode (needs SLACK_APP_TOKEN)")
    parser.set_defaults(func=socket)

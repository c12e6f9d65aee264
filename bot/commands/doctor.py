"""`utblick doctor`: check the settings, the database, the strategy file, Slack and Teams, one line each.

Runs even when the settings are wrong (that is when it is needed most): `main` hands it the configuration
error instead of stopping, and it says which variables to correct.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.config import ConfigurationError, Settings
from bot.doctor import MARKS, run_checks
from bot.i18n import Translator

EXIT_PROBLEM = 1
EXIT_CONFIG = 2


def doctor(args: argparse.Namespace, settings: Settings) -> int:
    t = Translator(settings.language)
    checks = run_checks(settings, t)
    if args.json:
        for check in checks:
            print(json.dumps(check.as_dict(), ensure_ascii=False))
    else:
        for check in checks:
            print(check.line(t))
    failed = [c for c in checks if c.status == "fail"]
    if not args.json:
        warned = any(c.status == "warn" for c in checks)
        summary = "doctor.summary_fail" if failed else "doctor.summary_warn" if warned else "doctor.summary_ok"
        print(t(summary, count=len(failed)))
    return EXIT_PROBLEM if failed else 0


def bad_settings(args: argparse.Namespace, error: ConfigurationError) -> int:
    """The settings themselves are wrong: one line per variable, then what the other checks need."""
    t = Translator("sv")
    for line in str(error).splitlines():
        variable, _, reason = line.partition(": ")
        if args.json:
            print(json.dumps({"check": "settings", "status": "fail", "detail": line, "fix": t("doctor.settings_fix")},
                             ensure_ascii=False))  # fmt: skip
        else:
            print(f"{MARKS['fail']} {t('doctor.check.settings')}: {variable}: {reason} → {t('doctor.settings_fix')}")
    if not args.json:
        print(t("doctor.settings_first"))
    return EXIT_CONFIG


def register(commands: Any) -> None:
    parser = commands.add_parser("doctor", help="check the settings, database, strategy file, Slack and Teams")
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    parser.set_defaults(func=doctor, on_config_error=bad_settings)

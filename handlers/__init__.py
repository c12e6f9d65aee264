"""Capabilities: one module each, listed here once. The order is the order of the help text.

To add a capability, write `handlers/<verb>.py` exposing `capability = Capability(...)`, add its
texts to both catalogs in `bot/locales/`, and add one line below. A capability that recognises free text
declares a `priority`: when two recognisers score a message the same, the higher priority wins (the more
specific reading first: logging, one's own activities, a question, the report, the unit list, units,
personal data, reminders). tests/nlu/test_intents.py holds sentences to the intents they must get.
"""

from __future__ import annotations

from bot.registry import Capability, Registry
from handlers import (
    answer_question,
    ask_register,
    fallback,
    good_examples,
    greet,
    home,
    log_activity,
    manage_units,
    my_activities,
    personal_data,
    reminder_actions,
    report,
    show_help,
    unit_activities,
)

CAPABILITIES: tuple[Capability, ...] = (
    greet.capability,
    log_activity.capability,
    my_activities.capability,
    show_help.capability,
    answer_question.capability,
    ask_register.capability,
    report.capability,
    unit_activities.capability,
    good_examples.capability,
    manage_units.capability,
    personal_data.capability,
    reminder_actions.capability,
    home.capability,
    fallback.capability,
)


def default_registry() -> Registry:
    return Registry(CAPABILITIES)

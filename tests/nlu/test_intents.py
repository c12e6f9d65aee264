"""Sentence → intent: what each kind of message is taken for, in both languages.

A table of messages as people write them, held to the intent the engine must route them to. A change to
a recogniser, a lexicon or a priority that moves one of them shows here first.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.intents import UNKNOWN
from bot.nlu.understanding import understand
from handlers import default_registry

TODAY = date(2026, 11, 26)

GOLDEN = [
    # Commands, by their trigger phrases (a typo or a word of politeness is forgiven).
    ("hej", "greeting"),
    ("tack så mycket", "thanks"),
    ("hjälp", "help"),
    ("help please", "help"),
    ("hjälpp", "help"),
    ("mina aktiviteter", "my_activities"),
    ("my activities", "my_activities"),
    ("översikt", "home"),
    ("rapport", "report"),
    ("enhetens aktiviteter", "unit_activities"),
    ("lista enheter", "list_units"),
    ("mina uppgifter", "my_data"),
    ("radera mina uppgifter", "erase_my_data"),
    ("logga", "log_activity"),
    # Reports of international work.
    ("Jag var på konferens i Bryssel 12–14 mars, flög dit", "log_activity"),
    ("Study visit to Freiburg week 38 by train", "log_activity"),
    ("Vi har skickat in en ansökan till Interreg Södra Östersjön", "log_activity"),
    ("Tog emot en delegation från Kaunas idag", "log_activity"),
    ("We attended the Eurocities annual meeting in Ghent last week", "log_activity"),
    # Questions about the strategy.
    ("Måste flygresor klimatkompenseras?", "question"),
    ("Who adopts the international strategy?", "question"),
    ("vad säger strategin om resor", "question"),
    ("flyg?", "question"),
    ("Should we look for EU funding for our projects?", "question"),
    # Commands on one's own activities and the register.
    ("radera 2", "my_activities"),
    ("resultat för Bryssel-konferensen: tre nya projektpartner", "my_activities"),
    ("Kan jag få årsrapporten för 2025?", "report"),
    ("sätt Anna Berg som kontaktperson för Tekniska förvaltningen", "list_units"),  # manage_units
    ("what do you know about me?", "my_data"),
    ("Kan ni radera alla mina personuppgifter?", "my_data"),  # personal_data, which asks first
    # Questions about the register are answered from the database, never by the strategy …
    ("vilka förvaltningar har inte loggat något i år?", "register_question"),
    ("Which departments haven't logged anything this year?", "register_question"),
    ("vilka saknar resultat?", "register_question"),
    ("vilka enheter saknar kontaktperson?", "register_question"),
    ("hur många aktiviteter har loggats i år totalt?", "register_question"),
    ("how many flights did my unit log in 2025?", "register_question"),
    ("vem i min enhet har loggat vad?", "register_question"),
    ("which applications are still waiting for a decision?", "register_question"),
    ("påminn Tekniska förvaltningen", "register_question"),
    # … and strategy questions that use the same words stay the strategy's.
    ("hur många flygresor får man göra?", "question"),
    ("Vilka aktiviteter räknas som internationellt arbete?", "question"),
    ("Vem ska utse kontaktpersonen?", "question"),
    ("Which activities count as international work?", "question"),
    ("Måste alla förvaltningar ha en kontaktperson?", "question"),
    # Nothing the bot does.
    ("Kan du ordna blommor till fikat?", UNKNOWN),
    ("asdf qwerty", UNKNOWN),
]


@pytest.mark.parametrize(("text", "intent"), GOLDEN)
def test_a_message_is_taken_for_what_it_is(text: str, intent: str) -> None:
    registry = default_registry()
    understanding = understand(text, TODAY, registry.intents, registry.recognisers)
    assert understanding.intent == intent, (text, understanding.candidates)


def test_a_tie_goes_to_the_higher_priority_not_to_the_order_of_the_list() -> None:
    from bot.registry import Capability, Registry

    def handle(message: object, ctx: object) -> object:
        raise AssertionError

    low = Capability(name="low", handle=handle, intents=("low",), recognise=lambda u: 0.8, priority=1)  # type: ignore[arg-type]
    high = Capability(name="high", handle=handle, intents=("high",), recognise=lambda u: 0.8, priority=2)  # type: ignore[arg-type]
    for order in ([low, high], [high, low]):
        registry = Registry(order)
        assert understand("något", TODAY, registry.intents, registry.recognisers).intent == "high"

"""Questions about Utblick's register of logged activities, which are not strategy questions.

"Vilka förvaltningar har inte loggat något i år?", "Hur många resor har loggats?", "Vilka aktiviteter
saknar resultat?", "Which units haven't reported?" ask about what people have logged, which the
strategy cannot know. They get their own kind ("register") so the chat can say so instead of refusing
them as if the strategy were silent. (A unit's contact person and its count of activities are answered
from the register already, in `live_facts`; this recognises the rest.)
"""

from __future__ import annotations

import re

from bot.knowledge.analysis import fold

# Logging and registering in Utblick, in any tense.
_LOGGED = r"(?:logga\w*|loggat|loggade|loggats|registrera\w*|inrapporter\w*|log|logs|logged|logging|registered)"
# What the register holds.
_ACTIVITIES = (
    r"(?:aktivitet\w*|resor|resorna|studiebesök\w*|konferens\w*|möten|utlandsresor|tjänsteresor|"
    r"activit\w*|trips|journeys|study visits|conferences|meetings|entries|poster|inlägg)"
)
_UNITS = r"(?:förvaltning\w*|enhet\w*|avdelning\w*|bolag\w*|nämnd\w*|units?|departments?|companies|teams?|vem|who)"
_NOT = r"(?:inte|ej|inget|inga|ingenting|aldrig|not|n't|no|nothing|never)"
_MISSING = r"(?:saknar|saknas|utan|lack|lacks|lacking|missing|without|har inga|have no|has no)"
_RESULTS = r"(?:resultat\w*|results?|outcomes?|klimatkompensation|compensation|rapport\w*|reports?)"
_COUNT = r"(?:hur många|how many|antal|antalet|number of|count of)"
# A verb in the perfect: "har (redan) utsett", "have (already) sent", "has done".
_DONE = (
    r"(?:har|have|has)\s+(?:redan\s+|inte\s+|ännu\s+|hittills\s+|already\s+|not\s+|yet\s+)?"
    r"(?!ett\b|ansvaret\b)\w+(?:at|it|tt|rt|gt|ed|one|ent|ade)\b"
)
_REGISTER = r"(?:utblick|registret|register|loggen|the log)"
# "minska antalet flygresor", "reduce the number of meetings abroad": a number to keep down is a rule's aim, not a
# count asked of the register.
_REDUCED_COUNT = re.compile(
    rf"\b(?:hålla\s+nere|håller\s+nere|minska|minskar|minimera|begränsa|begränsar|dra\s+ner\s+på|reduce|reducing|"
    rf"cut|cutting|limit|limiting|lower|lowering|keep\s+down|minimi[sz]e)\s+(?:the\s+|på\s+)?{_COUNT}"
)
# Where a command opens: the message or a sentence, after a greeting or "kan du", "can you", "please".
_COMMAND = (
    r"(?:^|[.!?]\s+)\W*(?:(?:hej|hi|hello|hey|ok|okej)\W+)?"
    r"(?:(?:kan|kunde|skulle)\s+(?:du|ni)\s+|(?:can|could|would)\s+you\s+|please\s+|snälla\s+)?"
)

_PATTERNS = [
    # "Vilka förvaltningar har inte loggat …?", "Which departments haven't logged anything?"
    re.compile(rf"\b(vilka|vilken|which|who|vem|lista|list|visa|show)\b.*\b{_UNITS}\b.*\b{_NOT}\b.*\b{_LOGGED}"),
    re.compile(rf"\b{_UNITS}\b.*\b(har|have|has|haven|hasn)\w*\s+{_NOT}\b.*\b{_LOGGED}"),
    # "Vilka aktiviteter saknar resultat?", "Which trips are missing results?"
    re.compile(rf"\b{_ACTIVITIES}\b.*\b{_MISSING}\b.*\b{_RESULTS}"),
    # "Hur många aktiviteter har loggats?", "How many trips were logged this year?"
    re.compile(rf"\b{_COUNT}\b.*\b{_LOGGED}"),
    re.compile(rf"\b{_COUNT}\s+(\w+\s+)?{_ACTIVITIES}\b"),
    # "Vem har loggat flest resor?", "Lista alla aktiviteter i Utblick"
    re.compile(rf"\b(vem|vilka|who|which)\b.*\b(har|have|has)\s+{_LOGGED}"),
    # Only as a command that opens a sentence ("Visa alla resor", "kan du lista …"): "vi vill visa upp
    # vårt arbetssätt för gästerna" shows off, it does not ask for the register.
    re.compile(rf"{_COMMAND}(lista|list|visa|show|exportera|export)\b(?!\s+upp\b|\s+off\b).*\b{_ACTIVITIES}\b"),
    re.compile(rf"\b{_ACTIVITIES}\b.*\bi\s+{_REGISTER}\b|\bin\s+{_REGISTER}\b"),
    # "Vilka av bolagen har redan utsett en kontaktperson?", "Which of the departments have sent in their
    # reports?": which of the units have done something is the state of things, which the register
    # knows and the strategy (a rule) cannot.
    re.compile(rf"\b(vilka|vilken|which)\s+(av|of)\b.*\b{_UNITS}\s+{_DONE}"),
    # "Vilken förvaltning har flest resor?", "Which department travels the most?"
    re.compile(rf"\b(vilken|vilka|vem|which|who)\b.*\b(flest|minst|mest|most|fewest|least)\b.*\b{_ACTIVITIES}\b"),
    re.compile(rf"\b(vilken|vilka|vem|which|who)\b.*\b{_UNITS}\b.*\b(flest|most|fewest)\b"),
]


def is_register_question(question: str) -> bool:
    """Whether a question asks about what has been logged in Utblick rather than about the strategy."""
    text = _REDUCED_COUNT.sub(" ", fold(question).replace("’", "'"))
    return any(pattern.search(text) for pattern in _PATTERNS)

"""The words that tell what kind of message something is, one lexicon per language (data/lexicon.*.toml):
a statement of what someone did ("Jag var …", "We attended …"), a question, a request for a service.

Every capability that needs to tell these apart reads them here, so a word added for one language reaches
the recognisers of logging and of questions alike, and no two lists of the same thing drift apart.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("sv", "en")
DATA = Path(__file__).parent / "data"


@cache
def lexicon(language: str) -> dict[str, Any]:
    return tomllib.loads((DATA / f"lexicon.{language}.toml").read_text(encoding="utf-8"))


def words(section: str, key: str) -> tuple[str, ...]:
    """A list from every language's lexicon, longest first (so "tog emot" is tried before "tog")."""
    found = {w for language in LANGUAGES for w in lexicon(language).get(section, {}).get(key, [])}
    return tuple(sorted(found, key=len, reverse=True))


def _alternatives(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(item).replace(r"\ ", r"\s+") for item in items)


# "Jag var på …", "we attended …": a subject and a verb of doing, anywhere in the message.
STATEMENT = re.compile(
    rf"\b(?:{_alternatives(words('statement', 'subjects'))})\s+(?:{_alternatives(words('statement', 'verbs'))})\b",
    re.IGNORECASE,
)
# A message that opens as a statement of what someone did.
STATEMENT_OPENING = re.compile(rf"^\s*{STATEMENT.pattern}", re.IGNORECASE)
INTERROGATIVES = frozenset(words("question", "interrogatives"))
QUESTION_OPENERS = frozenset(words("question", "openers"))
# A message that opens as nothing but a question ("vad", "måste", "kan jag"; not "var", which opens
# statements too).
QUESTION_OPENING = re.compile(rf"^\s*(?:{_alternatives(words('question', 'clear_openings'))})\b", re.IGNORECASE)
REQUEST = re.compile(rf"^\s*(?:{_alternatives(words('request', 'openers'))})\b", re.IGNORECASE)

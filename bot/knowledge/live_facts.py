"""Questions the strategy text cannot answer but Utblick's own data can: who a unit's contact person is,
when the next report is due, how many activities a unit has logged this year.

Telling these apart from strategy questions matters: "Vem ska utse kontaktpersonen?" is about the
strategy, "Vem är kontaktperson för Tekniska förvaltningen?" is about the register. A contact question
is live when it asks who *is* the contact, names a unit, or says "my/our"; otherwise the strategy answers.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.i18n import Translator
from bot.knowledge.analysis import fold, without_abbreviation_stops, words
from bot.knowledge.answers import Answer, Source, format_date
from bot.knowledge.reading import INTERROGATIVES
from bot.nlu.funding import find_network, find_programme
from reminders.deadlines import next_deadline
from storage import units
from storage.db import Database, DatabaseUnavailable
from storage.models import Activity, OrgUnit, Person

log = logging.getLogger(__name__)


class Topic(Enum):
    DEADLINE = "deadline"
    CONTACT = "contact"
    COUNT = "count"


_DEADLINE = re.compile(
    r"\b(deadline|deadlines|sista dag(en)?|last day|due date|"
    r"(när|when)\b.*\b(rapport\w*|report\w*|årsrapport\w*)\b.*\b(lämna\w*|in|inne|klar|färdig\w*|senast|due|"
    r"submit\w*|hand(ed)? in|ready|done|finished|completed?|skickas|deadline))\b"
)
_DEADLINE_REPORT = re.compile(r"\b(när|when|senast|by when|datum|date)\b")
# The register knows one deadline, the annual report's. "När är deadline?" means that one; a deadline
# for something else ("the next Horizon call", "anmälan till konferensen") is not it, and the
# report's date would be a wrong answer to it.
_REPORT_WORD = re.compile(r"\b(\w*rapport\w*|\w*report\w*|redovisning\w*|annual)\b")
_OTHER_DEADLINE = re.compile(
    r"\b(\w*ansök\w*|söka|söker|application\w*|apply\w*|utlysning\w*|call|calls|anmäl\w*|registration\w*|"
    r"sign up|konferens\w*|conference\w*|abstract\w*|bidrag\w*|grants?|funding|finansiering\w*|"
    r"upphandling\w*|tender\w*|anbud\w*|bokning\w*|booking\w*|betalning\w*|payment\w*|faktur\w*|"
    r"invoice\w*|visum|budget\w*|nominering\w*|nomination\w*)\b"
)
_CONTACT_WORD = re.compile(r"\b(kontaktperson\w*|kontakt\w*|contact person\w*|contact|point of contact)\b")
# "Vem är kontaktpersonen på …", "Who's the contact at …", "min/vår kontaktperson": asking who it *is*.
_CONTACT_WHO = re.compile(
    r"\b(vem|vilka|vilken|who|who's|whom)\s+(är|var|is|are|was|s)?\s*(the\s+|vår\s+|min\s+|our\s+|my\s+)?"
    r"(kontaktperson\w*|kontakt\w*|contact\w*)"
    r"|\b(min|mitt|vår|vårt|våra|my|our)\s+(kontaktperson\w*|kontakt\w*|contact\w*)"
)
# What must happen is the strategy's business: "Vem ska utse kontaktpersonen?", "who must appoint one?"
_RULE_WORDS = re.compile(
    r"\b(utse\w*|utnämn\w*|appoint\w*|designat\w*|ska|skall|bör|måste|behöver|should|must|shall|need|needs|"
    r"förväntas|supposed|expected|represent\w*|roll\w*|role|uppgift\w*|task\w*)\b"
)
# "count" alone is no count: "What activities count as international work?" asks for a definition.
_COUNT = re.compile(r"\b(hur många|how many|antal|antalet|number of)\b")
_ACTIVITY_WORD = re.compile(
    r"\b(aktivitet\w*|activit\w*|resor|trips?|konferens\w*|conferences?|projekt\w*|projects?|"
    r"studiebesök\w*|study visits?|möten|meetings?|loggat|logged|registrerat|registered)\b"
)
_OWN_UNIT = re.compile(r"\b(vi|vår|vårt|våra|min|mitt|we|our|my)\b")
_LAST_YEAR = re.compile(r"\b(förra året|i fjol|last year|previous year)\b")
_YEAR = re.compile(r"\b(20\d\d)\b")

WEEKDAYS = {
    "sv": "måndag tisdag onsdag torsdag fredag lördag söndag".split(),
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
}


def topic(question: str) -> Topic | None:
    """Which live fact a question asks for, judged from its words alone (no unit lookup). Only the
    sentences that ask count: "Rapporten ska in på måndag. Vad ska stå i den?" tells the deadline and
    asks what to write, and "Vem är kontaktperson på X? Jag måste nå hen idag" asks who, though the next
    sentence has a "måste"."""
    text = fold(question)
    asked = [fold(sentence) for sentence in asking_sentences(question)]
    if _COUNT.search(text) and _ACTIVITY_WORD.search(text):
        return Topic.COUNT
    if any(_DEADLINE.search(sentence) for sentence in asked) and not _other_deadline(question, text):
        return Topic.DEADLINE
    if any(_CONTACT_WHO.search(sentence) and not _RULE_WORDS.search(sentence) for sentence in asked):
        return Topic.CONTACT
    return None


# A colon ends what comes before a question too: "kort fråga, rapporten ska in i morgon: vad räknas som
# resultat?", and so does a dash between spaces, chat's way of joining a told fact to the question
# ("report due monday — what counts as a result?").
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\s+[–—-]+\s+|\n+")


def asking_sentences(question: str) -> list[str]:
    """The sentences of a message that ask: those ending in a question mark or opening with a question
    word. A message with none of those is all question (chat often drops the "?")."""
    sentences = [s for s in _SENTENCE_END.split(without_abbreviation_stops(question).strip()) if s.strip()]
    asking = [s for s in sentences if s.rstrip().endswith("?") or bool(set(words(s)[:1]) & INTERROGATIVES)]
    return asking or sentences


def _other_deadline(question: str, folded: str) -> bool:
    """Whether a deadline question is about something other than the annual report: it names an
    application, a call, a registration … or a funding programme or network, and not the report."""
    if _REPORT_WORD.search(folded):
        return False
    return bool(_OTHER_DEADLINE.search(folded) or find_programme(question) or find_network(question))


def mentioned_unit(session: Session, question: str) -> OrgUnit | None:
    """The unit whose name, short name or alias the question contains (genitive -s allowed)."""
    text = fold(question)
    best: tuple[int, int] | None = None  # (length of the name found, the unit's id)
    for unit_id, unit_names in units.names(session):
        for name in unit_names:
            name = fold(name).strip()
            if len(name) < 2:
                continue
            if re.search(rf"(?<!\w){re.escape(name)}s?(?!\w)", text) and (best is None or len(name) > best[0]):
                best = (len(name), unit_id)
    return session.get(OrgUnit, best[1]) if best else None


def asked_unit_phrase(question: str) -> str | None:
    """The words after "för/på/at/for/of" in a contact question, to name a unit the register lacks."""
    match = re.search(r"\b(för|på|hos|vid|inom|for|at|of|in)\s+(.+?)[?.!]*$", question.strip(), re.IGNORECASE)
    if not match:
        return None
    name = match[2].strip()
    return name if len(name) <= 60 else name[:59] + "…"


def long_date(day: date, language: str) -> str:
    return f"{WEEKDAYS[language][day.weekday()]} {format_date(day.isoformat(), language)}"


@dataclass
class LiveAnswerer:
    """Answers live-fact questions with a session (the chat) or without one (the command line, no database)."""

    settings: Settings
    session: Session | None
    person: Person | None = None

    def answer(self, question: str, language: str, today: date) -> Answer | None:
        about = topic(question)
        unit = mentioned_unit(self.session, question) if self.session is not None else None
        asked = [fold(sentence) for sentence in asking_sentences(question)]
        if (
            about is None
            and unit is not None
            and any(_CONTACT_WORD.search(s) and not _RULE_WORDS.search(s) for s in asked)
        ):
            about = Topic.CONTACT
        if about is None:
            return None
        t = Translator(language)
        if about is Topic.DEADLINE:
            return self._deadline(question, t, today)
        if self.session is None:
            return Answer(question, False, t("answer_question.live.no_register"), kind="live", language=language)
        if unit is None and self.person is not None and _OWN_UNIT.search(fold(question)):
            unit = self.person.org_unit
        if about is Topic.CONTACT:
            return self._contact(question, t, unit)
        return self._count(question, t, unit, today)

    def _deadline(self, question: str, t: Translator, today: date) -> Answer:
        reported, due = next_deadline(today, self.settings.report_deadline, self.settings.report_deadline_overrides)
        days = (due - today).days
        when = t("answer_question.live.today") if days == 0 else t("answer_question.live.in_days", days=days)
        text = t("answer_question.live.deadline", date=long_date(due, t.language), year=reported, when=when)
        month, day = (int(part) for part in self.settings.report_deadline.split("-"))
        rule_day = format_date(f"2000-{month:02d}-{day:02d}", t.language).removesuffix(" 2000")
        quote = t("answer_question.live.deadline_rule", day=rule_day, date=format_date(due.isoformat(), t.language))
        source = Source(t("answer_question.live.deadline_section"), quote, quote)
        return Answer(question, True, text, [source], 1.0, "live", t.language)

    def _contact(self, question: str, t: Translator, unit: OrgUnit | None) -> Answer:
        asked = asked_unit_phrase(question)
        if unit is None and asked and self.session is not None:
            unit = units.find(self.session, asked)  # "tekniska" for Tekniska förvaltningen
        if unit is None:
            return self._unknown_unit(question, t)
        contact = unit.contact_person
        if contact is None:
            text = t("answer_question.live.no_contact", unit=unit.name)
            quote = t("answer_question.live.register_line_empty", unit=unit.name)
        else:
            who = contact.display_name or contact.email or "?"
            reach = f" ({contact.email})" if contact.email and contact.display_name else ""
            text = t("answer_question.live.contact", unit=unit.name, name=who, reach=reach)
            quote = t("answer_question.live.register_line", unit=unit.name, name=who, reach=reach)
        source = Source(t("answer_question.live.register_section"), quote, quote)
        return Answer(question, True, text, [source], 1.0, "live", t.language)

    def _unknown_unit(self, question: str, t: Translator) -> Answer:
        assert self.session is not None
        known = [u.name for u in units.all_units(self.session)]
        asked = asked_unit_phrase(question)
        if not known:
            text = t("answer_question.live.no_units")
        elif asked:
            text = t("answer_question.live.unknown_unit", name=asked, units=", ".join(known[:12]))
        else:
            text = t("answer_question.live.which_unit", units=", ".join(known[:12]))
        return Answer(question, False, text, kind="live", language=t.language)

    def _count(self, question: str, t: Translator, unit: OrgUnit | None, today: date) -> Answer:
        assert self.session is not None
        if unit is None:
            return self._unknown_unit(question, t)
        text_folded = fold(question)
        year = today.year
        if _LAST_YEAR.search(text_folded):
            year -= 1
        elif explicit := _YEAR.search(text_folded):
            year = int(explicit[1])
        kinds = activity_counts(self.session, unit.id, year)
        total = sum(kinds.values())
        if total == 0:
            text = t("answer_question.live.count_none", unit=unit.name, year=year)
        else:
            parts = ", ".join(f"{t(f'vocab.kind.{kind}')}: {t.number(n)}" for kind, n in kinds.most_common())
            text = t("answer_question.live.count", unit=unit.name, year=year, count=t.number(total), kinds=parts)
        source = Source(t("answer_question.live.activities_section"), text, text)
        return Answer(question, True, text, [source], 1.0, "live", t.language)


def activity_counts(session: Session, unit_id: int, year: int) -> Counter[str]:
    """Activities of a unit in a calendar year, by kind: dated by their start, else by when they were logged."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    start = datetime.combine(first, time.min).astimezone()
    end = datetime.combine(last, time.max).astimezone()
    dated = (Activity.start_date >= first) & (Activity.start_date <= last)
    undated = Activity.start_date.is_(None) & (Activity.created_at >= start) & (Activity.created_at <= end)
    rows = session.execute(
        select(Activity.kind, func.count())
        .where(Activity.org_unit_id == unit_id, dated | undated)
        .group_by(Activity.kind)
    )
    return Counter({kind: int(n) for kind, n in rows})


class LiveFacts:
    """For the command line: the database is opened only when a live question comes, and only if it
    exists and is migrated, so `utblick ask` never creates a database file or changes a schema."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._database: Database | None | Literal[False] = None

    @classmethod
    def open(cls, settings: Settings) -> LiveFacts:
        return cls(settings)

    def _available(self) -> Database | None:
        if self._database is False:
            return None
        if self._database is None:
            self._database = _existing_database(self.settings.database_url) or False
        return self._database or None

    def answer(self, question: str, language: str, today: date) -> Answer | None:
        if topic(question) is Topic.DEADLINE:
            return LiveAnswerer(self.settings, None).answer(question, language, today)
        if topic(question) is None:
            return None
        database = self._available()
        if database is None:
            return LiveAnswerer(self.settings, None).answer(question, language, today)
        try:
            with database.session_scope() as session:
                return LiveAnswerer(self.settings, session).answer(question, language, today)
        except (SQLAlchemyError, DatabaseUnavailable) as exc:
            log.warning("live facts unavailable: %s", type(exc).__name__)
            return LiveAnswerer(self.settings, None).answer(question, language, today)

    def close(self) -> None:
        if self._database:
            self._database.dispose()


def _existing_database(url: str) -> Database | None:
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            path = parsed.database
            if not path or path == ":memory:" or not Path(path).is_file():
                return None
        database = Database(url)
        database.check()
        if database.current_revision() is None:
            database.dispose()
            return None
        return database
    except (SQLAlchemyError, DatabaseUnavailable, ValueError) as exc:
        log.info("no database for live facts: %s", type(exc).__name__)
        return None

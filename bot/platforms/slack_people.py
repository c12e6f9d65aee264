"""Who a Slack user is: name, e-mail, time zone and language, from `users.info`, cached on `Person`.

The first message of a person costs one `users.info` call; after that the database answers, so a busy
day does not spend Slack's rate limit on lookups. The profile is fetched again after `REFRESH_AFTER`,
because people change names and their time zone follows them when they travel. If Slack cannot be
asked (missing scope, network), the person is still served under their user id.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.i18n import LANGUAGES
from bot.messages import Sender
from storage import people
from storage.db import Database
from storage.models import Person

log = logging.getLogger(__name__)

PLATFORM = "slack"
REFRESH_AFTER = timedelta(days=7)
# How long a person's Sender is kept in this process's memory, so a conversation's turns do not each
# open a database session just to learn again who is writing (the database keeps it for REFRESH_AFTER).
REMEMBER_FOR = timedelta(minutes=1)
_REMEMBER_AT_MOST = 5000  # people writing within a minute in one instance, far above a municipality's peak


def sender_from_profile(user_id: str, user: dict[str, Any]) -> Sender:
    """The `user` object of `users.info` as a `Sender` (pure, for tests and for the cache)."""
    profile = user.get("profile") or {}
    name = profile.get("real_name") or profile.get("display_name") or user.get("real_name") or user.get("name") or None
    return Sender(
        platform=PLATFORM,
        user_id=user_id,
        display_name=name,
        email=profile.get("email") or None,
        locale=user.get("locale") or None,
        timezone=user.get("tz") or None,
    )


def _language(locale: str | None) -> str | None:
    base = (locale or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


class KeyedLocks:
    """One lock per key (a person, a conversation), created on demand and dropped when unused.

    Slack delivers a person's quick messages in parallel; without this, two first messages would both
    ask `users.info` and both try to create the person, and two answers in one dialogue would race.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: weakref.WeakValueDictionary[str, _Lock] = weakref.WeakValueDictionary()

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = self._locks[key] = _Lock()
        with lock.inner:
            yield


class _Lock:
    __slots__ = ("__weakref__", "inner")

    def __init__(self) -> None:
        self.inner = threading.Lock()


class SlackPeople:
    """Turns a Slack user id into a `Sender`, asking Slack only when the database does not know enough."""

    def __init__(self, client: WebClient, database: Database, clock: Clock) -> None:
        self.client = client
        self.database = database
        self.clock = clock
        self._locks = KeyedLocks()
        self._remembered: dict[str, tuple[datetime, Sender]] = {}

    def sender(self, user_id: str) -> Sender:
        remembered = self._remembered.get(user_id)
        if remembered is not None and self.clock.now() - remembered[0] < REMEMBER_FOR:
            return remembered[1]
        with self._locks.hold(user_id):
            sender = self._sender(user_id)
        if sender.display_name:  # a full profile, from the database or Slack, not the bare id of a failure
            now = self.clock.now()
            if len(self._remembered) >= _REMEMBER_AT_MOST:  # forget the stale ones: memory stays bounded
                self._remembered = {k: v for k, v in self._remembered.items() if now - v[0] < REMEMBER_FOR}
            self._remembered[user_id] = (now, sender)
        return sender

    def _sender(self, user_id: str) -> Sender:
        try:
            cached = self._cached(user_id)
        except SQLAlchemyError as exc:
            # The engine will say the database is down; the lookup need not say it twice.
            log.debug("person cache unavailable: %s", type(exc).__name__)
            return Sender(platform=PLATFORM, user_id=user_id)
        if cached is not None:
            return cached
        fetched = self._fetch(user_id)
        if fetched is None:
            return Sender(platform=PLATFORM, user_id=user_id)
        try:
            self._store(fetched)
        except SQLAlchemyError as exc:
            log.warning("could not cache Slack profile of %s: %s", user_id, type(exc).__name__)
        return fetched

    def _cached(self, user_id: str) -> Sender | None:
        with self.database.session_scope() as session:
            person = session.scalars(select(Person).where(Person.slack_user_id == user_id)).first()
            if person is None or not person.display_name:
                return None
            if self.clock.now() - person.updated_at > REFRESH_AFTER:
                return None
            return Sender(
                platform=PLATFORM,
                user_id=user_id,
                display_name=person.display_name,
                email=person.email,
                locale=person.language,
                timezone=person.timezone,
            )

    def _fetch(self, user_id: str) -> Sender | None:
        try:
            response = self.client.users_info(user=user_id, include_locale=True)
        except SlackApiError as exc:
            log.warning("users.info for %s failed: %s", user_id, exc.response.get("error", "unknown error"))
            return None
        except (SlackClientError, OSError) as exc:
            log.warning("users.info for %s failed: %s", user_id, type(exc).__name__)
            return None
        user = response.get("user") or {}
        return sender_from_profile(user_id, user)

    def _store(self, sender: Sender) -> None:
        with self.database.session_scope() as session:
            person = people.find_or_create(session, sender.identity)
            # find_or_create keeps a name once set; a refresh is the moment to follow a change.
            if sender.display_name:
                person.display_name = sender.display_name
            language = _language(sender.locale)
            if language and not person.language:
                person.language = language
            person.updated_at = self.clock.now()

"""Who a Teams user is, and how to reach them later.

People are keyed by their Microsoft Entra (AAD) object id, the one id that is the same in every Teams
conversation, tenant-wide, and that an administrator can look up. The activity carries the name, the
client's locale and time zone; the e-mail address only the conversation roster has, so a newcomer costs
one roster call (`GET v3/conversations/{id}/members/{user}`), after which the database answers until
`REFRESH_AFTER`. The same visit keeps the reference to a person's personal chat, which reminders need.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.clock import Clock
from bot.i18n import LANGUAGES
from bot.messages import Sender
from storage import people, teams_conversations
from storage.db import Database
from storage.models import Person

log = logging.getLogger(__name__)

PLATFORM = "teams"
REFRESH_AFTER = timedelta(days=7)
# What a proactive message needs; the message id, locale and request id change with every message.
REFERENCE_KEYS = ("user", "bot", "conversation", "channelId", "serviceUrl")


def _client_info(activity: Any) -> dict[str, Any]:
    for entity in activity.entities or []:
        if getattr(entity, "type", None) == "clientInfo":
            return dict(entity.model_dump(by_alias=True))
    return {}


def sender_from_activity(activity: Any) -> Sender:
    """The person as the activity describes them: AAD object id (the Teams user id when there is none,
    as in the Bot Framework Emulator), name, locale and time zone of their Teams client."""
    account = activity.from_property
    info = _client_info(activity)
    return Sender(
        platform=PLATFORM,
        user_id=str(getattr(account, "aad_object_id", None) or account.id),
        display_name=getattr(account, "name", None) or None,
        locale=activity.locale or info.get("locale") or None,
        timezone=info.get("timezone") or None,
    )


def with_roster(sender: Sender, member: Any) -> Sender:
    """The sender completed from the roster's TeamsChannelAccount: e-mail (or UPN) and the full name."""
    email = getattr(member, "email", None) or getattr(member, "user_principal_name", None)
    name = getattr(member, "name", None) or " ".join(
        part for part in (getattr(member, "given_name", None), getattr(member, "surname", None)) if part
    )
    return Sender(
        platform=PLATFORM,
        user_id=sender.user_id,
        display_name=name or sender.display_name,
        email=email if email and "@" in email else sender.email,
        locale=sender.locale,
        timezone=sender.timezone,
    )


def stored_reference(activity: Any) -> dict[str, Any]:
    """The activity's conversation reference as kept in the database, without what changes per message."""
    reference = activity.get_conversation_reference().model_dump(by_alias=True, exclude_none=True, mode="json")
    return {key: reference[key] for key in REFERENCE_KEYS if key in reference}


def tenant_of(activity: Any) -> str | None:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = (data.get("tenant") or {}).get("id") if isinstance(data.get("tenant"), dict) else None
    return str(tenant) if tenant else getattr(activity.conversation, "tenant_id", None)


def is_personal(activity: Any) -> bool:
    """A one-to-one chat with the bot (the Emulator's conversations have no type and count as one)."""
    return getattr(activity.conversation, "conversation_type", None) in {None, "personal"}


def _language(locale: str | None) -> str | None:
    base = (locale or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


@dataclass(frozen=True)
class Known:
    """What the database already knows about a Teams user."""

    sender: Sender | None  # None: not known well enough, ask the roster
    reference_current: bool


class TeamsPeople:
    """The database side of knowing Teams users; the adapter does the (async) roster call in between."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock

    def known(self, sender: Sender, reference: dict[str, Any] | None) -> Known:
        with self.database.session_scope() as session:
            person = session.scalars(select(Person).where(Person.teams_aad_id == sender.user_id)).first()
            if person is None:
                return Known(None, False)
            current = True
            if reference is not None:
                row = teams_conversations.find(session, person.id)
                current = row is not None and row.reference == reference
            fresh = bool(person.display_name) and self.clock.now() - person.updated_at <= REFRESH_AFTER
            if not fresh:
                return Known(None, current)
            return Known(
                Sender(
                    platform=PLATFORM,
                    user_id=sender.user_id,
                    display_name=person.display_name,
                    email=person.email,
                    locale=sender.locale or person.language,
                    timezone=sender.timezone or person.timezone,
                ),
                current,
            )

    def personal_reference(self, user_id: str) -> dict[str, Any] | None:
        """The stored reference to the person's own chat with the bot, if they have one."""
        with self.database.session_scope() as session:
            person = session.scalars(select(Person).where(Person.teams_aad_id == user_id)).first()
            row = teams_conversations.find(session, person.id) if person is not None else None
            return dict(row.reference) if row is not None else None

    def language(self, activity: Any) -> str | None:
        """The language the person last wrote in, for what the adapter says on its own (file offers)."""
        user_id = sender_from_activity(activity).user_id
        with self.database.session_scope() as session:
            person = session.scalars(select(Person).where(Person.teams_aad_id == user_id)).first()
            return person.language if person is not None else None

    def forget(self, sender: Sender) -> None:
        """The person removed the app: their chat with it leads nowhere now."""
        with self.database.session_scope() as session:
            person = session.scalars(select(Person).where(Person.teams_aad_id == sender.user_id)).first()
            if person is not None:
                teams_conversations.forget(session, person.id)

    def store(
        self,
        sender: Sender,
        *,
        refreshed: bool,
        reference: dict[str, Any] | None = None,
        tenant_id: str | None = None,
    ) -> None:
        """Create or update the person (a fresh roster answer updates the name) and keep the reference."""
        with self.database.session_scope() as session:
            person = people.find_or_create(session, sender)
            if refreshed:
                if sender.display_name:
                    person.display_name = sender.display_name
                language = _language(sender.locale)
                if language and not person.language:
                    person.language = language
                person.updated_at = self.clock.now()
            if reference is not None:
                teams_conversations.remember(session, person, reference, tenant_id)

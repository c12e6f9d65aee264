"""Files in Teams (the annual report as Word, Excel and a chart): Teams' file consent flow.

A bot cannot attach a file to a personal chat. It offers the file with a FileConsentCard; when the person
presses Allow, Teams creates the file in their OneDrive and sends an invoke (`fileConsent/invoke`) with an
upload URL; the bot uploads the bytes there and posts a file card that opens it. Teams offers this only in
personal chats, so elsewhere the person is asked to write to the bot directly.

What a consent refers to is a random token, never a path: the token is known only to this process and only
for the conversation and person it was offered to, so an invoke cannot make the bot upload any other file.
An offer outlives neither a restart nor a day (when the report exports are cleared).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.activity import Attachment as CardAttachment
from microsoft_agents.hosting.core import TurnContext

from bot.i18n import Translator
from bot.messages import Attachment
from bot.platforms.rendering import delivered
from bot.platforms.teams_people import is_personal

if TYPE_CHECKING:
    from bot.platforms.teams import TeamsAdapter

log = logging.getLogger(__name__)

CONSENT_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.info"
TOKEN_KEY = "utblick_file"
OFFER_SECONDS = 24 * 3600
# A person's data export waits an hour at most for Allow; then the file is gone and they ask again.
PERSONAL_OFFER_SECONDS = 3600
UPLOAD_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Offer:
    attachment: Attachment
    conversation: str
    user: str
    language: str
    expires: float

    @property
    def path(self) -> Path:
        return self.attachment.path


def consent_card(attachment: Attachment, token: str, size: int) -> dict[str, Any]:
    context = {TOKEN_KEY: token}
    return {
        "contentType": CONSENT_CONTENT_TYPE,
        "name": attachment.path.name,
        "content": {
            "description": attachment.title,
            "sizeInBytes": size,
            "acceptContext": context,
            "declineContext": context,
        },
    }


def file_info_card(upload: dict[str, Any]) -> dict[str, Any]:
    return {
        "contentType": FILE_INFO_CONTENT_TYPE,
        "contentUrl": upload.get("contentUrl"),
        "name": upload.get("name"),
        "content": {"uniqueId": upload.get("uniqueId"), "fileType": upload.get("fileType")},
    }


class FileOffers:
    def __init__(self) -> None:
        self._offers: dict[str, Offer] = {}
        self._lock = threading.Lock()

    async def offer(self, context: TurnContext, adapter: TeamsAdapter, files: list[Attachment]) -> None:
        """Offer each file for upload; outside a personal chat, say where the files can be had."""
        activity = context.activity
        language = await adapter.run(adapter.people.language, activity) or adapter.settings.language
        t = Translator(language)
        if not is_personal(activity):
            await adapter.send(context, Activity(type=ActivityTypes.message, text=t("teams.files_personal_only")))
            return
        for attachment in files:
            try:
                size = attachment.path.stat().st_size
            except OSError:
                log.warning("a file to offer is gone: %s", attachment.path.name)
                continue
            token = self._keep(attachment, activity.conversation.id, activity.from_property.id, language)
            card = Activity(
                type=ActivityTypes.message,
                attachments=[CardAttachment.model_validate(consent_card(attachment, token, size))],
            )
            await adapter.send(context, card)

    def _keep(self, attachment: Attachment, conversation: str, user: str, language: str) -> str:
        token = secrets.token_urlsafe(18)
        now = time.time()
        lifetime = PERSONAL_OFFER_SECONDS if attachment.personal else OFFER_SECONDS
        with self._lock:
            for key in [k for k, o in self._offers.items() if o.expires < now]:
                delivered(self._offers.pop(key).attachment)
            self._offers[token] = Offer(attachment, conversation, user, language, now + lifetime)
        return token

    def _take(self, token: str, conversation: str, user: str) -> Offer | None:
        with self._lock:
            offer = self._offers.get(token)
            if offer is None or offer.conversation != conversation or offer.user != user:
                return None
            if offer.expires < time.time():
                del self._offers[token]
                return None
            del self._offers[token]
            return offer

    async def on_consent(self, context: TurnContext, adapter: TeamsAdapter) -> None:
        """The person pressed Allow or Decline on a file card. Teams waits for an invoke response."""
        activity = context.activity
        value = activity.value if isinstance(activity.value, dict) else {}
        token = str((value.get("context") or {}).get(TOKEN_KEY) or "")
        user = activity.from_property.id if activity.from_property else ""
        offer = self._take(token, activity.conversation.id, user) if token else None
        language = offer.language if offer else (await adapter.run(adapter.people.language, activity))
        t = Translator(language or adapter.settings.language)
        try:
            await self._answer_consent(context, adapter, value, offer, t)
        finally:
            if offer is not None:
                delivered(offer.attachment)
            await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200)))

    async def _answer_consent(
        self, context: TurnContext, adapter: TeamsAdapter, value: dict[str, Any], offer: Offer | None, t: Translator
    ) -> None:
        """Upload on Allow, or say why not; the caller answers the invoke and lets go of the file."""
        if value.get("action") != "accept":
            if offer is not None:
                await adapter.send(context, _text(t("teams.file_declined", name=offer.path.name)))
            return
        if offer is None:
            await adapter.send(context, _text(t("teams.file_expired")))
            return
        upload = value.get("uploadInfo") or {}
        try:
            await upload_file(offer.path, str(upload.get("uploadUrl") or ""))
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            log.warning("uploading %s to OneDrive failed: %s", offer.path.name, type(exc).__name__)
            await adapter.send(context, _text(t("teams.file_failed", name=offer.path.name)))
            return
        await adapter.send(
            context,
            Activity(type=ActivityTypes.message, attachments=[CardAttachment.model_validate(file_info_card(upload))]),
        )


async def upload_file(path: Path, url: str) -> None:
    """PUT the whole file to the upload session Teams opened in the person's OneDrive."""
    if not url.startswith(("https://", "http://")):
        raise ValueError("no upload URL")
    data = await asyncio.to_thread(path.read_bytes)
    headers = {"Content-Length": str(len(data)), "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}"}
    timeout = aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout) as session, session.put(url, data=data, headers=headers) as r:
        r.raise_for_status()


def _text(text: str) -> Activity:
    return Activity(type=ActivityTypes.message, text=text, text_format="plain")

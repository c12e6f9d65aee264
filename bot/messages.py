"""The platform-neutral conversation model: what comes in (`Message`) and what goes out (`Reply`).

Slack, Teams and the terminal each translate their own events into a `Message` and render a `Reply`
their own way; nothing past the adapters knows which platform a person is on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bot.actions import Action
from storage.people import Identity


@dataclass(frozen=True)
class Sender:
    """Who wrote, as the platform knows them. Only `platform` and `user_id` are always present."""

    platform: str
    user_id: str
    display_name: str | None = None
    email: str | None = None
    locale: str | None = None
    timezone: str | None = None

    @property
    def identity(self) -> Identity:
        """What the database keeps of the sender (`storage.people.find_or_create`)."""
        return Identity(self.platform, self.user_id, self.display_name, self.email, self.timezone)


@dataclass(frozen=True)
class Message:
    """One thing a person said or clicked.

    `action` is set when the person pressed a button (or answered a numbered choice in the terminal):
    it carries the button's `Action`, and `text` the label they saw, so handlers never parse labels.
    A platform passes a pressed button's value as it came (`pressed`); the engine decodes it into `action`,
    or sets `refused_action` when it is not a value this bot issued.
    `data` carries the values of a submitted form, by input name (dates as ISO strings), and
    `submission_id` the platform's id of that one form (a Slack view, a Teams card): the same form sent
    twice has the same id, so what it saves is saved once.
    `delivery_id` is the platform's id of the event that brought the message (a Slack `event_id`), when
    the platform redelivers events: the engine records it in the turn's own transaction, so a redelivery,
    on any instance, is answered once, and a turn that does not commit leaves no record behind.
    """

    sender: Sender
    channel: str
    text: str = ""
    action: Action | None = None
    locale: str | None = None
    event_id: str | None = None
    data: Mapping[str, str] | None = None
    submission_id: str | None = None
    # Whether only the person and the bot see this conversation (a DM, the terminal, an ephemeral answer);
    # if not, `private_channel` is the person's own conversation with the bot, where anything personal
    # is answered instead (None when the platform has none to offer).
    private: bool = True
    private_channel: str | None = None
    refused_action: bool = False
    pressed: str | None = None
    delivery_id: str | None = None

    @property
    def platform(self) -> str:
        return self.sender.platform


@dataclass(frozen=True)
class Fact:
    """A labelled value, shown as a section field in Slack, a fact in Teams, a list line in the terminal."""

    label: str
    value: str


@dataclass(frozen=True)
class Button:
    """A choice. `value` goes back to the engine as `Message.action` when the person picks it."""

    label: str
    value: Action
    style: str | None = None  # "primary" or "danger"; platforms without styles ignore it


@dataclass(frozen=True)
class Attachment:
    """A file to upload with the reply (a report, a data export).

    A `personal` file (a person's data export) is removed as soon as it has been delivered or refused:
    it must not outlive the upload in the server's temporary folder.
    """

    path: Path
    title: str
    mime_type: str = "application/octet-stream"
    personal: bool = False


@dataclass(frozen=True)
class Option:
    label: str
    value: str


@dataclass(frozen=True)
class FormInput:
    """One input of a form; `value` pre-fills it (an ISO date for `date`, an option value for `select`)."""

    name: str
    label: str
    kind: Literal["text", "multiline", "date", "select", "number"] = "text"
    value: str | None = None
    options: tuple[Option, ...] = ()
    required: bool = False
    hint: str | None = None


@dataclass(frozen=True)
class Form:
    """A form for people who prefer one: a Slack modal, an Adaptive Card with inputs.

    Submitting it sends `Message(action=form.action, data={input name: value})` back to the engine.
    """

    title: str
    submit_label: str
    action: Action
    inputs: tuple[FormInput, ...]


@dataclass
class Reply:
    """What the bot says back. `text` is plain text; adapters escape and format it for their platform.

    `form_errors` sends a submitted form back because some answers do not fit together: {input name: what
    is wrong}. `form` is then the same form, filled in as submitted, and `text` says what to mend; Slack
    shows the errors under the inputs of the still open modal, elsewhere the text and the form are shown.
    """

    text: str
    fields: list[Fact] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)
    title: str | None = None
    form: Form | None = None
    form_errors: dict[str, str] = field(default_factory=dict)
    # For the person's eyes only: delivered in their private conversation with the bot (`Message.private_channel`).
    personal: bool = False


__all__ = ["Attachment", "Button", "Fact", "Form", "FormInput", "Message", "Option", "Reply", "Sender"]

"""Reminders by e-mail: the `reminders.channels.Channel` for people neither Slack nor Teams reaches.

The standard library's smtplib, not aiosmtplib: delivery is synchronous, one notice at a time from the
scheduler's thread or `utblick reminders run-due`, so an asyncio client would only need a loop of its own
around each message. Each notice is one SMTP session (EHLO, STARTTLS or TLS from the start, login when the
URL names a user, one message to one recipient), so a reminder is either taken by the server or not.

What the server answers decides what happens next, as SMTP means it: a 5xx reply is permanent (no such
mailbox, the login refused), so the notice fails and the administrators are told; a 4xx reply (mailbox
busy, greylisting), a refused connection or a timeout is temporary, and the outbox tries again after its
pause. The reason kept in the outbox and the log is the reply code and its enhanced status code (5.1.1),
never the server's text, which often repeats the address.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from collections.abc import Callable, Mapping
from datetime import datetime
from email.message import EmailMessage

from bot.config import Settings, SmtpServer
from bot.messages import Reply
from reminders import mail
from reminders.channels import About, DeliveryError, Unreachable
from storage.models import Person

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30.0
_ENHANCED = re.compile(r"^\s*([245]\.\d{1,3}\.\d{1,3})\b")


def refusal(code: int, text: bytes | str) -> DeliveryError:
    """A reply the server gave instead of taking the message: 5xx for good, anything else for now."""
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    enhanced = _ENHANCED.match(said)
    reason = f"mail server answered {code}" + (f" {enhanced[1]}" if enhanced else "")
    return DeliveryError(reason, retryable=not 500 <= code < 600)


def connect(server: SmtpServer, timeout: float = TIMEOUT_SECONDS) -> smtplib.SMTP:
    """An SMTP session greeted (EHLO), encrypted as the URL says and logged in when it names a user.

    Certificates are checked against the system's trust store (`SSL_CERT_FILE` names another)."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if server.security == "tls":
        smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=timeout)
    try:
        smtp.ehlo()
        if server.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if server.username:
            password = server.password.get_secret_value() if server.password else ""
            smtp.login(server.username, password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def deliver(server: SmtpServer, message: EmailMessage) -> None:
    """Hand one message to the server; raise DeliveryError with what its answer means."""
    try:
        with connect(server) as smtp:
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise refusal(code, text) from None
    except smtplib.SMTPResponseException as exc:  # the sender, the data, the login or the greeting refused
        raise refusal(exc.smtp_code, exc.smtp_error) from None
    except smtplib.SMTPNotSupportedError:
        raise DeliveryError("mail server does not offer STARTTLS or login", retryable=False) from None
    except UnicodeEncodeError:  # smtplib logs in with ASCII only
        raise DeliveryError("the mail server login must be ASCII (smtplib sends no other)", retryable=False) from None
    except (smtplib.SMTPException, OSError) as exc:  # refused connection, timeout, dropped line, TLS
        raise DeliveryError(f"mail server unreachable ({type(exc).__name__})", retryable=True) from None


class EmailChannel:
    name = "email"

    def __init__(
        self,
        settings: Settings,
        *,
        links: Callable[[], Mapping[str, str]] = dict,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        server = settings.smtp
        if server is None or not settings.mail_from:
            raise ValueError("e-mail needs UTBLICK_SMTP_URL and UTBLICK_MAIL_FROM")
        self.server = server
        self.settings = settings
        self.links = links
        self.clock = clock or (lambda: datetime.now(settings.tz))

    def reaches(self, person: Person) -> bool:
        return bool(person.email and "@" in person.email)

    def confirms(self, person: Person) -> bool:
        return self.reaches(person)

    def app_link(self) -> str | None:
        return None

    def letter(self, person: Person, replies: list[Reply], about: About | None = None) -> EmailMessage:
        """The e-mail `send` would hand the server now (`utblick reminders preview` prints it)."""
        about = about or About(key=f"adhoc:{person.id}:{self.clock().isoformat()}", kind="adhoc")
        return mail.letter(person, replies, about, self.settings, self.links(), self.clock())

    def send(self, person: Person, replies: list[Reply], about: About | None = None) -> None:
        if not self.reaches(person):
            raise Unreachable("no e-mail address is known for this person")
        deliver(self.server, self.letter(person, replies, about))

"""A real SMTP server on 127.0.0.1 for the e-mail tests: aiosmtpd, which keeps every message it accepts
and can be told to refuse the next one as a mail server does (451 at RCPT, 550 at RCPT, 452 after DATA).

It speaks real SMTP to the real client (smtplib), so EHLO, STARTTLS, AUTH, 8BITMIME and the reply codes
are what a municipality's relay would answer; nothing about the client is stubbed.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

USER = "utblick@vaxjo.se"
PASSWORD = "ratt-losenord-7"


@dataclass(frozen=True)
class Received:
    """One message the server accepted: the envelope and the bytes as they came over the wire."""

    sender: str
    recipients: tuple[str, ...]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.data)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @property
    def plain(self) -> str:
        body = self.message.get_body(("plain",))
        assert body is not None
        return str(body.get_content()).replace("\r\n", "\n")  # type: ignore[attr-defined]

    @property
    def html(self) -> str:
        body = self.message.get_body(("html",))
        assert body is not None
        return str(body.get_content()).replace("\r\n", "\n")  # type: ignore[attr-defined]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpServer:
    """Start it, point UTBLICK_SMTP_URL at `url`, read `received`; `refuse_next` scripts a refusal."""

    def __init__(
        self,
        *,
        login: bool = False,
        tls: ssl.SSLContext | None = None,
        starttls: ssl.SSLContext | None = None,
    ) -> None:
        self.port = free_port()
        self.received: list[Received] = []
        self.logins: list[str] = []
        self.tls = tls is not None
        self.starttls = starttls is not None
        self._refusals: dict[str, list[str]] = {"rcpt": [], "data": []}
        self._lock = threading.Condition()
        kwargs: dict[str, Any] = {"auth_require_tls": False}
        if login:
            kwargs["authenticator"] = self._authenticate
            kwargs["auth_required"] = True
        if starttls is not None:
            kwargs["tls_context"] = starttls
            kwargs["require_starttls"] = True
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, ssl_context=tls, **kwargs)

    @property
    def url(self) -> str:
        scheme = "smtps" if self.tls else "smtp"
        return f"{scheme}://127.0.0.1:{self.port}" + ("?starttls=true" if self.starttls else "")

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def refuse_next(self, stage: str, reply: str) -> None:
        """Answer the next RCPT TO (`stage="rcpt"`) or end of DATA (`"data"`) with `reply`."""
        with self._lock:
            self._refusals[stage].append(reply)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} message(s), the server has {len(self.received)}")
                self._lock.wait(left)
            return list(self.received)

    def to(self, address: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if address in r.recipients]

    # --- aiosmtpd's handler hooks ----------------------------------------------------------------------

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            user, password = data.login.decode(), data.password.decode()
            if (user, password) == (USER, PASSWORD):
                self.logins.append(user)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        with self._lock:
            refusal = self._refusals["rcpt"].pop(0) if self._refusals["rcpt"] else None
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self._lock:
            refusal = self._refusals["data"].pop(0) if self._refusals["data"] else None
            if refusal:
                return refusal
            data = envelope.original_content or envelope.content or b""
            assert isinstance(data, bytes)
            self.received.append(Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), data))
            self._lock.notify_all()
        return "250 2.0.0 Message accepted for delivery"


def self_signed(directory: Path) -> tuple[ssl.SSLContext, Path]:
    """A certificate for 127.0.0.1 made now, and the server's TLS context with it. Point SSL_CERT_FILE at
    the returned file and the client trusts it, as it would trust the municipality's relay."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file

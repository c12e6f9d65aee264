"""A notice as an e-mail, for people no chat platform reaches: the same replies as in chat, as plain text
and as HTML, and what to do where chat would have had buttons.

Built with the standard library's `email` package (policy `SMTP` with 7-bit bodies: CRLF line ends,
RFC 2047 for å, ä and ö in headers, quoted-printable bodies, so any relay passes it on unchanged). The headers are those a mail program and a spam
filter expect: From, To, Reply-To (a person, the coordinator, when one is set), Date, a Message-ID that is
the same if the notice is ever sent twice, so mail programs show it once, and `Auto-Submitted`, so
out-of-office answers do not come back (RFC 3834). There is no tracking: no pixels, no rewritten links.

A deadline comes with an `.ics` calendar entry (icalendar) whose UID is the reminder series', so a later
reminder updates the entry instead of adding another.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from icalendar import Calendar, Event

from bot.config import Settings
from bot.i18n import Translator
from bot.messages import Reply
from reminders.channels import About
from storage.models import Person

# Where the e-mail names the platform a link opens.
PLATFORM_NAMES = {"slack": "Slack", "teams": "Microsoft Teams"}
CALENDAR_KINDS = ("annual_deadline", "mandate_review")
SIGNATURE = "-- "  # the conventional line before a signature, which mail programs grey out
# CRLF and 7-bit bodies (quoted-printable for å, ä, ö): it passes any relay, 8BITMIME or not.
MAIL_POLICY = policy.SMTP.clone(cte_type="7bit")


def _domain(address: str) -> str:
    return parseaddr(address)[1].rpartition("@")[2] or "utblick.invalid"


def message_id(about: About, sender: str) -> str:
    """One id per notice, whatever sends it and however often."""
    digest = hashlib.sha256(about.key.encode("utf-8")).hexdigest()[:32]
    return f"<utblick.{digest}@{_domain(sender)}>"


def reply_to(settings: Settings) -> str:
    """Answers go to a person: the coordinator when named by e-mail, else the sender's mailbox."""
    coordinator = settings.coordinator or ""
    return coordinator if "@" in coordinator else parseaddr(settings.mail_from or "")[1]


def subject(replies: list[Reply], about: About, t: Translator) -> str:
    titled = next((reply.title for reply in replies if reply.title), None)
    if titled:
        return titled
    key = f"reminders.email.subject.{about.kind}"
    return t(key) if t.has(key) else t(f"reminders.kinds.{about.kind}").capitalize()


def guidance(about: About, t: Translator, links: Mapping[str, str]) -> list[str]:
    """What to do, where chat would have shown buttons: open Utblick on a platform and what to write
    there, or, with no chat platform at all, answer the e-mail."""
    how = f"reminders.email.how.{about.kind}"
    if not t.has(how):
        return []
    if not links:
        return [t("reminders.email.no_chat")]
    lines = [
        t("reminders.email.open", platform=PLATFORM_NAMES.get(name, name), link=link) for name, link in links.items()
    ]
    return [*lines, t(how, year=about.year or "")]


def plain_text(replies: list[Reply], guide: list[str], t: Translator) -> str:
    blocks: list[str] = []
    for reply in replies:
        lines = [reply.title, ""] if reply.title else []
        lines.append(reply.text)
        lines += [f"• {fact.label}: {fact.value}" for fact in reply.fields]
        blocks.append("\n".join(lines))
    if guide:
        blocks.append("\n".join([t("reminders.email.how_heading"), *guide]))
    blocks.append(f"{SIGNATURE}\n{t('reminders.email.why')}")
    return "\n\n".join(blocks) + "\n"


def _html_lines(text: str, links: Mapping[str, str]) -> str:
    """Paragraphs from blank lines, lists from lines that start with •, links where the guide has them."""
    parts: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def inline(line: str) -> str:
        escaped = html.escape(line)
        for link in links.values():
            escaped = escaped.replace(html.escape(link), f'<a href="{html.escape(link)}">{html.escape(link)}</a>')
        return escaped

    def flush() -> None:
        if paragraph:
            parts.append("<p>" + "<br>\n".join(inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            parts.append("<ul>\n" + "\n".join(f"<li>{inline(item)}</li>" for item in items) + "\n</ul>")
            items.clear()

    for line in text.split("\n"):
        if line.startswith("• "):
            if paragraph:
                flush()
            items.append(line[2:])
        elif not line.strip():
            flush()
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    flush()
    return "\n".join(parts)


def html_text(replies: list[Reply], guide: list[str], t: Translator, title: str, links: Mapping[str, str]) -> str:
    body: list[str] = []
    for reply in replies:
        if reply.title:
            body.append(f"<h2>{html.escape(reply.title)}</h2>")
        body.append(_html_lines(reply.text, links))
        if reply.fields:
            body.append(_html_lines("\n".join(f"• {f.label}: {f.value}" for f in reply.fields), links))
    if guide:
        body.append(f"<h3>{html.escape(t('reminders.email.how_heading'))}</h3>")
        body.append(_html_lines("\n".join(guide), links))
    body.append(f'<hr>\n<p style="color:#555;font-size:small">{html.escape(t("reminders.email.why"))}</p>')
    return (
        f'<!DOCTYPE html>\n<html lang="{t.language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n"
        '<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.45;max-width:40em">\n'
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def calendar_entry(about: About, title: str, t: Translator, sender: str, now: datetime) -> bytes | None:
    """An all-day entry on the deadline; the same UID for every reminder of a series."""
    if about.deadline is None or about.kind not in CALENDAR_KINDS:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//Utblick//Reminders//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"utblick-{about.series or about.key}@{_domain(sender)}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", about.deadline)
    event.add("dtend", about.deadline + timedelta(days=1))
    event.add("summary", t("reminders.email.calendar_summary", title=title))
    event.add("transp", "TRANSPARENT")
    calendar.add_component(event)
    return calendar.to_ical()


def letter(
    person: Person,
    replies: list[Reply],
    about: About,
    settings: Settings,
    links: Mapping[str, str],
    now: datetime,
) -> EmailMessage:
    """The whole e-mail of one notice to one person, ready for SMTP."""
    assert person.email and settings.mail_from, "an e-mail needs an address and a sender"
    t = Translator(person.language or settings.language)
    title = subject(replies, about, t)
    guide = guidance(about, t, links)
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = settings.mail_from
    message["To"] = formataddr((person.display_name or "", person.email))
    message["Reply-To"] = reply_to(settings)
    message["Subject"] = title
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(about, settings.mail_from)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(plain_text(replies, guide, t))
    message.add_alternative(html_text(replies, guide, t, title, links), subtype="html")
    entry = calendar_entry(about, title, t, settings.mail_from, now)
    if entry is not None:
        message.add_attachment(
            entry, maintype="text", subtype="calendar", filename=t("reminders.email.calendar_file"),
            params={"method": "PUBLISH"},
        )  # fmt: skip
    message["Content-Language"] = t.language  # after the body: setting content clears Content-* headers
    return message

"""What every platform's renderer needs alike: splitting long text into pieces a message can hold,
reading a form's pre-filled date, and letting go of a delivered personal file."""

from __future__ import annotations

from datetime import date

from bot.messages import Attachment


def split_lines(text: str, limit: int) -> list[str]:
    """Split on line breaks into pieces of at most `limit` characters (a longer line is cut hard)."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return pieces


def iso_date(value: str | None) -> str | None:
    """A pre-filled value as an ISO date a date picker accepts, or None when it is not a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def delivered(attachment: Attachment) -> None:
    """A file has been uploaded (or the upload was refused or failed for good): a personal one is removed
    at once, with its private directory, so no copy of a person's data waits in the temporary folder."""
    if not attachment.personal:
        return
    try:
        attachment.path.unlink(missing_ok=True)
        attachment.path.parent.rmdir()
    except OSError:
        pass

"""How long free text is kept: what `utblick db prune` and the scheduler's daily run remove.

The activities themselves stay (the annual report and its history need them); what goes after
`UTBLICK_RETENTION_YEARS` is what people wrote in their own words and the bookkeeping around it: the
original message of an activity, the questions asked about the strategy, notices already sent, and the
audit log's entries. Unfinished conversations and Slack's event ids are removed much sooner, since
they are useless after a day.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Final

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from storage import audit
from storage.models import Activity, AskedQuestion, Delivery, Dialogue, ProcessedEvent

# An unfinished conversation is dropped after UTBLICK_DIALOGUE_TIMEOUT_HOURS when the person next
# writes; one nobody came back to is deleted after this, at the latest.
KEEP_DIALOGUES: Final = timedelta(days=30)
# Slack retries an event within minutes; its id is kept a day (as bot/platforms/slack_middleware does).
KEEP_EVENTS: Final = timedelta(days=1)
ACTOR: Final = "retention"


@dataclass(frozen=True)
class PruneSummary:
    """What one run removed; `before` is the moment older text was removed from."""

    years: int
    before: datetime
    messages: int = 0
    questions: int = 0
    dialogues: int = 0
    events: int = 0
    deliveries: int = 0
    audit: int = 0

    @property
    def total(self) -> int:
        return self.messages + self.questions + self.dialogues + self.events + self.deliveries + self.audit

    def as_dict(self) -> dict[str, object]:
        values = asdict(self)
        values["before"] = self.before.isoformat()
        return values


def cutoff(now: datetime, years: int) -> datetime:
    return now - relativedelta(years=years)


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def prune(session: Session, now: datetime, *, years: int, dialogue_timeout_hours: int) -> PruneSummary:
    """Remove what is older than the retention period (`years`), in the caller's transaction; say what went.

    Safe to run as often as wanted: a second run the same day removes nothing more.
    """
    before = cutoff(now, years)
    messages = session.execute(
        update(Activity)
        .where(Activity.created_at < before, Activity.original_message.is_not(None))
        .values(original_message=None)
        .execution_options(synchronize_session=False)
    )
    questions = session.execute(delete(AskedQuestion).where(AskedQuestion.asked_at < before))
    idle = max(KEEP_DIALOGUES, timedelta(hours=dialogue_timeout_hours))
    dialogues = session.execute(delete(Dialogue).where(Dialogue.updated_at < now - idle))
    events = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < now - KEEP_EVENTS))
    # A notice still waiting is the reminders' business; one sent or given up on is only history.
    deliveries = session.execute(delete(Delivery).where(Delivery.due_at < before, Delivery.status != "pending"))
    logged = audit.delete_before(session, before)
    summary = PruneSummary(
        years=years,
        before=before,
        messages=_count(messages),
        questions=_count(questions),
        dialogues=_count(dialogues),
        events=_count(events),
        deliveries=_count(deliveries),
        audit=logged,
    )
    if summary.total - summary.events:  # event ids go every day; only text worth noting is logged
        details = {k: v for k, v in summary.as_dict().items() if k not in ("before", "events")}
        audit.record(session, "pruned", actor_label=ACTOR, details=details, now=now)
    session.flush()
    return summary

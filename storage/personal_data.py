"""Everything stored about one person, to hand it to them (GDPR art. 15) or erase it (art. 17).

What is stored about a person: their profile (name, e-mail, platform ids, unit, language, time zone,
administrator flag), the activities they logged with the messages they wrote, their unfinished
conversations, the questions they asked about the strategy, the notices addressed to them, and the audit
log's entries where they acted or were acted on.

Erasing keeps the activities, because the unit must account for its international work in the annual
report (the strategy's reporting requirement), but without the person: `logged_by` and the original
message go. Everything else about them is deleted, and the audit log keeps what was done but not by whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, joinedload

from storage import audit
from storage.models import Activity, AskedQuestion, AuditEntry, Delivery, Dialogue, OrgUnit, Person, VerifiedAnswer

FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: object, columns: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in columns}


_PERSON = ("display_name", "email", "slack_user_id", "teams_aad_id", "console_user", "language", "timezone",
           "is_admin", "created_at", "updated_at")  # fmt: skip
_ACTIVITY = ("id", "kind", "title", "description", "start_date", "end_date", "date_precision", "city", "country",
             "travel_mode", "climate_compensated", "programme", "project_name", "network", "status", "participants",
             "results", "cofunding_considered", "original_message", "source", "created_at", "updated_at")  # fmt: skip
_QUESTION = ("asked_at", "question", "language", "answered", "kind", "sections", "feedback", "feedback_at",
             "forwarded_at", "forwarded_to", "channel")  # fmt: skip
_DIALOGUE = ("channel", "handler", "pending", "slots", "created_at", "updated_at")
_DELIVERY = ("kind", "key", "due_at", "deadline", "status", "attempts", "sent_at", "payload", "error")
_VERIFIED = ("id", "question", "answer", "answered_at", "status")


def collect(session: Session, person: Person, now: datetime) -> dict[str, Any]:
    """Everything stored about `person`, as plain JSON-ready data; nothing about anyone else."""
    activities = session.scalars(
        select(Activity).options(joinedload(Activity.org_unit)).where(Activity.logged_by_id == person.id)
        .order_by(Activity.id)
    )  # fmt: skip
    questions = session.scalars(
        select(AskedQuestion).where(AskedQuestion.person_id == person.id).order_by(AskedQuestion.asked_at)
    )
    dialogues = session.scalars(select(Dialogue).where(Dialogue.person_id == person.id).order_by(Dialogue.id))
    deliveries = session.scalars(select(Delivery).where(Delivery.person_id == person.id).order_by(Delivery.due_at))
    units = {u.id: u.name for u in session.scalars(select(OrgUnit))}
    return {
        "format": FORMAT_VERSION,
        "exported_at": now.isoformat(),
        "person": {
            **_row(person, _PERSON),
            "unit": person.org_unit.name if person.org_unit else None,
            "contact_person_for": [
                u.name
                for u in session.scalars(
                    select(OrgUnit).where(OrgUnit.contact_person_id == person.id).order_by(OrgUnit.name)
                )
            ],
        },  # fmt: skip
        "activities": [{**_row(a, _ACTIVITY), "unit": a.org_unit.name if a.org_unit else None} for a in activities],
        # Whom a question was passed on to is the coordinator's address, not the asker's data: only whether.
        "questions": [{**_row(q, _QUESTION), "forwarded_to": None} for q in questions],
        "dialogues": [_row(d, _DIALOGUE) for d in dialogues],
        "deliveries": [
            {**_row(d, _DELIVERY), "unit": units.get(d.org_unit_id) if d.org_unit_id else None} for d in deliveries
        ],
        "audit_log": [_own_view(e, person) for e in audit.about(session, person)],
        # Answers the person gave as the international coordinator, which carry their name.
        "verified_answers": [
            _row(v, _VERIFIED)
            for v in session.scalars(
                select(VerifiedAnswer).where(VerifiedAnswer.answered_by_id == person.id).order_by(VerifiedAnswer.id)
            )
        ],
    }


def _own_view(entry: AuditEntry, person: Person) -> dict[str, Any]:
    """An audit entry about the person as they may see it: who else acted, or whom a change replaced, is
    someone else's data and is left out (an administrator set them as contact person, not "Karin Holm")."""
    names = audit.names_of(person)
    details = {
        key: (value if key not in audit.PERSON_KEYS or not isinstance(value, str) or audit.names_person(value, names)
              else None)
        for key, value in entry.details.items()
    }  # fmt: skip
    actor = entry.actor if entry.actor_id == person.id else None
    return {"at": _plain(entry.at), "action": entry.action, "by_you": entry.actor_id == person.id, "actor": actor,
            "details": details}  # fmt: skip


@dataclass
class Erasure:
    """What erasing a person did, for the reply that confirms it."""

    activities_kept: int = 0
    questions: int = 0
    dialogues: int = 0
    deliveries: int = 0
    audit_entries: int = 0
    units_without_contact: list[str] = field(default_factory=list)


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def erase(session: Session, person: Person) -> Erasure:
    """Remove the person and their free text; keep their activities for the unit, without them."""
    done = Erasure()
    pid = person.id
    done.units_without_contact = [
        u.name for u in session.scalars(select(OrgUnit).where(OrgUnit.contact_person_id == pid).order_by(OrgUnit.name))
    ]
    session.execute(
        update(OrgUnit).where(OrgUnit.contact_person_id == pid).values(contact_person_id=None)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    done.activities_kept = _count(
        session.execute(
            update(Activity).where(Activity.logged_by_id == pid)
            .values(logged_by_id=None, original_message=None, description=None)
            .execution_options(synchronize_session="fetch")
        )
    )  # fmt: skip
    # The coordinator's answers stay (they are the municipality's), without the asker's words or the name of
    # a coordinator who is erased; the question passed on, queued for the coordinator, goes.
    asked = list(session.scalars(select(AskedQuestion.id).where(AskedQuestion.person_id == pid)))
    if asked:
        session.execute(
            update(VerifiedAnswer).where(VerifiedAnswer.question_id.in_(asked)).values(question="", question_id=None)
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip
        session.execute(delete(Delivery).where(Delivery.key.in_([f"forwarded:{i}" for i in asked])))
    session.execute(
        update(VerifiedAnswer).where(VerifiedAnswer.answered_by_id == pid).values(answered_by_id=None, answered_by_name="")
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    done.questions = _count(session.execute(delete(AskedQuestion).where(AskedQuestion.person_id == pid)))
    done.dialogues = _count(session.execute(delete(Dialogue).where(Dialogue.person_id == pid)))
    done.deliveries = _count(session.execute(delete(Delivery).where(Delivery.person_id == pid)))
    done.audit_entries = audit.forget_person(session, person)
    audit.record(session, "personal_data_erased", details={"activities": done.activities_kept})
    session.delete(person)
    session.flush()
    return done

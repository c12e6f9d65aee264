"""The data model of docs/design.md as typed SQLAlchemy 2 models.

Vocabularies (activity kinds, travel modes, statuses) are plain strings checked by `storage.vocab`
rather than database enums, so adding a kind is a code change, not a table rewrite on two databases.
Every schema change is an Alembic revision in `storage/migrations/versions/`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored in UTC and always returned time-zone aware, on SQLite as on PostgreSQL.

    SQLite has no time zones and hands back naive datetimes; comparing those with aware ones is the
    classic reminder bug, so the conversion happens here, once.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[str]: JSON()}


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OrgUnit(Timestamped, Base):
    """A förvaltning or a municipal bolag: the unit that reports, with its contact person."""

    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # forvaltning | bolag
    short_name: Mapped[str | None] = mapped_column(String(60))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    contact_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL", use_alter=True))

    # post_update: a unit and its contact person point at each other, so one of the two keys is written
    # after both rows exist.
    contact_person: Mapped[Person | None] = relationship(foreign_keys=[contact_person_id], post_update=True)
    members: Mapped[list[Person]] = relationship(back_populates="org_unit", foreign_keys="Person.org_unit_id")


class Person(Timestamped, Base):
    """Someone who talks to the bot or is named as a contact person before they ever do."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    slack_user_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    teams_aad_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    console_user: Mapped[str | None] = mapped_column(String(200), unique=True)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(5))
    timezone: Mapped[str | None] = mapped_column(String(64))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)

    org_unit: Mapped[OrgUnit | None] = relationship(back_populates="members", foreign_keys=[org_unit_id])

    # E-mail addresses are compared without case (`storage.people.find_by_email`, the import's lookups);
    # the unique index on the column as written cannot serve `lower(email) = …` (docs/scale.md).
    __table_args__ = (Index("ix_persons_email_lower", func.lower(email)),)


class Activity(Timestamped, Base):
    """One piece of international work, in the shape the annual report needs."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # week | month | year when the dates stand for a vaguer period ("i januari"); None for exact days.
    date_precision: Mapped[str | None] = mapped_column(String(8))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    travel_mode: Mapped[str | None] = mapped_column(String(16))
    climate_compensated: Mapped[str] = mapped_column(String(8), default="unknown")  # yes | no | unknown
    programme: Mapped[str | None] = mapped_column(String(200))
    project_name: Mapped[str | None] = mapped_column(String(300))
    network: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str | None] = mapped_column(String(16))
    participants: Mapped[int | None] = mapped_column(Integer)
    results: Mapped[str | None] = mapped_column(Text)
    cofunding_considered: Mapped[str | None] = mapped_column(String(8))  # yes | no | None (not asked)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="SET NULL"), index=True)
    original_message: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="chat")  # chat | form | import
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The draft or form submission it was saved from: a second save of the same one is refused here.
    submission_key: Mapped[str | None] = mapped_column(String(100), unique=True)

    logged_by: Mapped[Person | None] = relationship(foreign_keys=[logged_by_id])
    org_unit: Mapped[OrgUnit | None] = relationship(foreign_keys=[org_unit_id])

    # What a reminder tick looks for among the activities: those that ended (or, without an end, started)
    # on the days whose follow-up fell due since the last tick, and those changed since then
    # (`reminders.planner.Window`). One index on the day an activity ended serves the first, where one
    # on each date column did: every row an import adds is written into each index (docs/scale.md).
    __table_args__ = (
        Index("ix_activities_ended", func.coalesce(end_date, start_date)),
        Index("ix_activities_updated_at", "updated_at"),
    )  # fmt: skip


class Dialogue(Base):
    """The unfinished conversation of one person in one channel, kept here so a restart continues it."""

    __tablename__ = "dialogues"
    __table_args__ = (UniqueConstraint("person_id", "channel", name="uq_dialogues_person_channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(200))
    handler: Mapped[str] = mapped_column(String(60))
    pending: Mapped[str | None] = mapped_column(String(60))
    slots: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Delivery(Base):
    """One notice that must be sent exactly once; `key` names it so a second planner run finds it."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    due_at: Mapped[datetime] = mapped_column(index=True)
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    claimed_until: Mapped[datetime | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        # What a tick claims: the waiting rows by due time, a small part of a table that keeps every
        # notice ever sent.
        Index("ix_deliveries_pending_due", due_at, postgresql_where=status == "pending",
              sqlite_where=status == "pending"),
        # A series' rows by key prefix ("annual:7:2026:%"): PostgreSQL uses an index for LIKE only under
        # the C collation, or with the pattern operator class. (On SQLite it is a plain second index on
        # the key, kept so that both databases have the same schema.)
        Index("ix_deliveries_key_pattern", key, postgresql_ops={"key": "varchar_pattern_ops"}),
    )  # fmt: skip


class PlannerState(Base):
    """How far the reminder planner has planned, shared by every instance, so a tick looks only at what
    became due or changed since (`reminders.planner.plan_new`)."""

    __tablename__ = "planner_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    planned_until: Mapped[datetime] = mapped_column()
    # The settings it planned with (`reminders.planner.fingerprint`): other settings plan in full once.
    settings: Mapped[str] = mapped_column(Text)


class ProcessedEvent(Base):
    """A platform event already handled, so Slack's retries of the same event do nothing twice."""

    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("platform", "event_id", name="uq_processed_events_platform_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AskedQuestion(Base):
    """A question put to the strategy, kept so that the 👍/👎 under its answer and passing it on to the
    international coordinator refer to it, and so the operator can see which questions fail."""

    __tablename__ = "asked_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    channel: Mapped[str | None] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5))
    answered: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(16))  # strategy | document | live | refused | vague | empty | language
    score: Mapped[float] = mapped_column(Float, default=0.0)
    sections: Mapped[list[str]] = mapped_column(default=list)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    feedback: Mapped[str | None] = mapped_column(String(8))  # up | down
    feedback_at: Mapped[datetime | None] = mapped_column()
    forwarded_at: Mapped[datetime | None] = mapped_column()  # passed on to the international coordinator
    forwarded_to: Mapped[str | None] = mapped_column(String(320))

    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])


class AuditEntry(Base):
    """One administrative change (units, contact persons, roles, deletions, imports), kept so that an
    operator can answer "who changed this, and when" with `utblick audit`.

    `actor` and the names in `details` are copies taken at the time, so the log still reads when a
    person or unit is later removed; erasing a person's data blanks them (see `storage.audit`).
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str | None] = mapped_column(String(320))  # "Anna Berg <anna.berg@…>", or "cli:<login>"
    action: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class TeamsConversation(Timestamped, Base):
    """How to reach a Teams user unasked: the reference to their personal chat with the bot.

    Teams lets a bot write only into a conversation that exists, at the service URL of the person's
    region; both are learned when the person first talks to the bot (or installs it) and kept here, so a
    reminder can be sent months later, from any instance.
    """

    __tablename__ = "teams_conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(400))
    service_url: Mapped[str] = mapped_column(String(500))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    reference: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the Bot Framework ConversationReference

    person: Mapped[Person] = relationship(foreign_keys=[person_id])


class AppKey(Base):
    """A secret the application made for itself, the same for every instance on this database (the key
    that signs button values), so that no operator has to create or rotate one by hand."""

    __tablename__ = "app_keys"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VerifiedAnswer(Base):
    """The international coordinator's answer to a question the strategy did not answer, given to later
    questions about the same concepts (in either language) and marked as the coordinator's, with its date.

    `concepts` is what the question asked about (see `bot/knowledge/concepts.py`); `section` and `quote`
    the strategy passage the answer rests on. `strategy_fingerprint` is the strategy file it was given
    against: when the file changes, the answer waits in `review` until an administrator confirms it.
    `answered_by_name` is a copy taken at the time, so the answer still reads when the person is removed.
    """

    __tablename__ = "verified_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("asked_questions.id", ondelete="SET NULL"), index=True)
    question: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5))
    concepts: Mapped[list[str]] = mapped_column(default=list)
    answer: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(String(500))
    quote: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    answered_by_name: Mapped[str] = mapped_column(String(200), default="")
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column()
    updated_by_name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)  # active | review | retired
    strategy_fingerprint: Mapped[str] = mapped_column(String(64), default="")


class GoodExample(Base):
    """An activity proposed as a good example to spread, as the strategy asks ("vi sprider våra goda
    exempel"), with a sentence on why. Nothing is shared until the international coordinator approves it
    (`status` proposed → approved | declined); one proposal per activity."""

    __tablename__ = "good_examples"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), unique=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    why: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column()

    activity: Mapped[Activity] = relationship(foreign_keys=[activity_id])
    proposed_by: Mapped[Person | None] = relationship(foreign_keys=[proposed_by_id])

"""Verified answers: the international coordinator's answers to questions the strategy did not answer.

Revision ID: 0007_verified_answers
Revises: 0006_app_keys
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_verified_answers"
down_revision: str | None = "0006_app_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "verified_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("concepts", sa.JSON(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("section", sa.String(length=500), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_name", sa.String(length=200), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_name", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("strategy_fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["asked_questions.id"],
            name=op.f("fk_verified_answers_question_id_asked_questions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["persons.id"],
            name=op.f("fk_verified_answers_answered_by_id_persons"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verified_answers")),
    )
    op.create_index(op.f("ix_verified_answers_question_id"), "verified_answers", ["question_id"])
    op.create_index(op.f("ix_verified_answers_status"), "verified_answers", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_verified_answers_status"), table_name="verified_answers")
    op.drop_index(op.f("ix_verified_answers_question_id"), table_name="verified_answers")
    op.drop_table("verified_answers")

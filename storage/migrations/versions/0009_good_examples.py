"""Good examples: activities proposed for spreading, and the coordinator's decision on each.

Revision ID: 0009_good_examples
Revises: 0008_activity_facts
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_good_examples"
down_revision: str | None = "0008_activity_facts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "good_examples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_good_examples_activity_id_activities"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["persons.id"],
            name=op.f("fk_good_examples_proposed_by_id_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["persons.id"], name=op.f("fk_good_examples_decided_by_id_persons"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_good_examples")),
        sa.UniqueConstraint("activity_id", name=op.f("uq_good_examples_activity_id")),
    )
    op.create_index(op.f("ix_good_examples_status"), "good_examples", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_good_examples_status"), table_name="good_examples")
    op.drop_table("good_examples")

"""Indexes for a large municipality, and where the reminder planner has planned up to.

Each index is justified by a query plan in docs/scale.md: e-mail lookups without case, a series'
deliveries by key prefix (PostgreSQL only: SQLite's LIKE cannot use an index anyway), the waiting
deliveries by due time, and the activities a reminder tick looks at.

Revision ID: 0010_scale_indexes
Revises: 0009_good_examples
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_scale_indexes"
down_revision: str | None = "0009_good_examples"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_persons_email_lower", "persons", [sa.text("lower(email)")])
    op.create_index("ix_activities_end_date", "activities", ["end_date"])
    op.create_index("ix_activities_start_date", "activities", ["start_date"])
    op.create_index("ix_activities_updated_at", "activities", ["updated_at"])
    pending = sa.text("status = 'pending'")
    op.create_index("ix_deliveries_pending_due", "deliveries", ["due_at"], postgresql_where=pending,
                    sqlite_where=pending)  # fmt: skip
    op.create_index("ix_deliveries_key_pattern", "deliveries", ["key"], postgresql_ops={"key": "varchar_pattern_ops"})
    op.create_table(
        "planner_state",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("planned_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_planner_state")),
    )


def downgrade() -> None:
    op.drop_table("planner_state")
    op.drop_index("ix_deliveries_key_pattern", table_name="deliveries")
    op.drop_index("ix_deliveries_pending_due", table_name="deliveries")
    op.drop_index("ix_activities_updated_at", table_name="activities")
    op.drop_index("ix_activities_start_date", table_name="activities")
    op.drop_index("ix_activities_end_date", table_name="activities")
    op.drop_index("ix_persons_email_lower", table_name="persons")

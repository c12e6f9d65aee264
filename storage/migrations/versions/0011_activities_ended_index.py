"""One index on the day an activity ended instead of one on each of its dates.

The reminder planner looks for the activities that ended (or, without an end, started) on a window of
days: `coalesce(end_date, start_date) BETWEEN …`, which one expression index serves as the two column
indexes did (a BitmapOr of both). Every row an import adds was written into both; now into one, a
tenth less of the backend's work for a fresh import of 100,000 rows. The plans are in docs/scale.md.

Revision ID: 0011_activities_ended_index
Revises: 0010_scale_indexes
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_activities_ended_index"
down_revision: str | None = "0010_scale_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_activities_ended", "activities", [sa.text("coalesce(end_date, start_date)")])
    if op.get_bind().dialect.name == "postgresql":
        # The statistics of an index's expression come only from ANALYZE: until autovacuum got to it, the
        # planner would guess how many activities ended on a day, and a tick's query might scan them all.
        op.execute("ANALYZE activities")
    op.drop_index("ix_activities_start_date", table_name="activities")
    op.drop_index("ix_activities_end_date", table_name="activities")


def downgrade() -> None:
    op.create_index("ix_activities_start_date", "activities", ["start_date"])
    op.create_index("ix_activities_end_date", "activities", ["end_date"])
    op.drop_index("ix_activities_ended", table_name="activities")

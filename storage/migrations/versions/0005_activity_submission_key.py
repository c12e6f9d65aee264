"""A key per logged draft or submitted form, so saving the same thing twice stores one activity.

Two instances pressing "Spara" for one draft, or a form submitted twice, meet in this unique column: the
second INSERT fails and the person is told it is already saved.

Revision ID: 0005_activity_submission_key
Revises: 0004_teams_conversations
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_activity_submission_key"
down_revision: str | None = "0004_teams_conversations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("submission_key", sa.String(length=100), nullable=True))
        batch.create_unique_constraint(op.f("uq_activities_submission_key"), ["submission_key"])


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_constraint(op.f("uq_activities_submission_key"), type_="unique")
        batch.drop_column("submission_key")

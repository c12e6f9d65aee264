"""Activity facts: how precisely the dates were said, and participants as a number.

`participants` was free text that nothing wrote but the import; it becomes the number of people who took
part, which the report counts. A text with numbers keeps their sum ("4 lärare" → 4, "24 elever, 3 lärare" → 27); any
other text (names) is kept readable at the end of the description, "Deltagare: …", instead of being lost.

Revision ID: 0008_activity_facts
Revises: 0007_verified_answers
Create Date: 2026-12-03
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_activity_facts"
down_revision: str | None = "0007_verified_answers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# "4", "4 lärare", "24 elever, 3 lärare": the numbers counted together (as storage.facts does).
_NUMBER = re.compile(r"\d{1,6}")


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("date_precision", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("participant_count", sa.Integer(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, participants, description FROM activities WHERE participants IS NOT NULL")
    ).all()
    for activity_id, text, description in rows:
        numbers = _NUMBER.findall(text)
        count = sum(int(n) for n in numbers) if numbers else None
        if count is None and text.strip():
            description = f"{description}\n" if description else ""
            description += f"Deltagare: {text.strip()}"
        connection.execute(
            sa.text("UPDATE activities SET participant_count = :count, description = :description WHERE id = :id"),
            {"count": count, "description": description, "id": activity_id},
        )
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("participants")
        batch.alter_column("participant_count", new_column_name="participants", existing_type=sa.Integer())


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.alter_column("participants", new_column_name="participant_count", existing_type=sa.Integer())
        batch.add_column(sa.Column("participants", sa.Text(), nullable=True))
    op.execute("UPDATE activities SET participants = CAST(participant_count AS VARCHAR(12))")
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("participant_count")
        batch.drop_column("date_precision")

"""The daily budget from its counter row: finished calls' talk seconds kept in `daily_usage`.

Each row gets `seconds` (the talk seconds of the day's finished calls) and `timezone` (the zone
the day was counted in), and `calls` gets an index of its unfinished calls per button and time,
so the budget check reads one row and the calls still in progress instead of the whole day.
Rows from before stay without `seconds`: for those days the check counts from the call rows,
as it did until now (guardrails/budget.py), so nothing is backfilled.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

UNFINISHED = sa.text("finished_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("daily_usage") as batch:
        batch.add_column(sa.Column("seconds", sa.Float()))
        batch.add_column(sa.Column("timezone", sa.String(64)))
    op.create_index(
        "ix_calls_unfinished",
        "calls",
        ["button_id", "created_at"],
        sqlite_where=UNFINISHED,
        postgresql_where=UNFINISHED,
    )


def downgrade() -> None:
    op.drop_index("ix_calls_unfinished", "calls")
    with op.batch_alter_table("daily_usage") as batch:
        batch.drop_column("timezone")
        batch.drop_column("seconds")

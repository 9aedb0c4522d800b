"""Hardening: the body digest of each call event; daily call counters; counted audit refusals.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("call_events") as batch:
        batch.add_column(sa.Column("digest", sa.String(32)))
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("source", sa.String(64)))
        batch.add_column(sa.Column("count", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("bucket", sa.String(16)))
        batch.create_unique_constraint(
            "uq_audit_repeated", ["bucket", "action", "reason", "source"]
        )
    op.create_table(
        "daily_usage",
        sa.Column("button_id", sa.String(32), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("calls", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("daily_usage")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint("uq_audit_repeated", type_="unique")
        for name in ("bucket", "count", "source"):
            batch.drop_column(name)
    with op.batch_alter_table("call_events") as batch:
        batch.drop_column("digest")

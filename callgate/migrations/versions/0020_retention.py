"""Indexes on the time columns the retention sweep deletes by (call events, call reports).

Revision ID: 0020
Revises: 0011
Create Date: 2026-12-07
"""

from alembic import op

revision = "0020"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_call_events_at", "call_events", ["at"])
    op.create_index("ix_call_extras_reported_at", "call_extras", ["reported_at"])


def downgrade() -> None:
    op.drop_index("ix_call_extras_reported_at", "call_extras")
    op.drop_index("ix_call_events_at", "call_events")

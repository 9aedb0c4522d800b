"""Hardening: the body digest of each call event.

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


def downgrade() -> None:
    with op.batch_alter_table("call_events") as batch:
        batch.drop_column("digest")

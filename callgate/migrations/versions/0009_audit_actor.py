"""Who made a change and what changed, on its audit row; and the refusal's error code.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (nullable, no default): no copy of a possibly long table on SQLite.
    op.add_column("audit_events", sa.Column("actor", sa.String(200)))
    op.add_column("audit_events", sa.Column("details", sa.JSON()))
    op.add_column("audit_events", sa.Column("code", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("code")
        batch.drop_column("details")
        batch.drop_column("actor")

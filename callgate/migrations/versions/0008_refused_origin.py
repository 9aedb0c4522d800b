"""The origin a refused page claimed, on its audit row, so the console can say which site tried.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (nullable, no default): no copy of a possibly long table on SQLite.
    op.add_column("audit_events", sa.Column("origin", sa.String(300)))


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("origin")

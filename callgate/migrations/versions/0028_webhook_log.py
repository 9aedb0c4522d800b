"""What the console's delivery log shows: each delivery's last answer, its latency, when it was
last tried and resent, and each endpoint's failing state; an index to page a log by time.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from callgate.db.models import UTCDateTime

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

COLUMNS = ("last_status", "latency_ms", "tried_at", "resent_at")


def upgrade() -> None:
    with op.batch_alter_table("webhook_outbox") as table:
        table.add_column(sa.Column("last_status", sa.Integer(), nullable=True))
        table.add_column(sa.Column("latency_ms", sa.Integer(), nullable=True))
        table.add_column(sa.Column("tried_at", UTCDateTime(), nullable=True))
        table.add_column(sa.Column("resent_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("webhook_endpoints") as table:
        table.add_column(sa.Column("failing_since", UTCDateTime(), nullable=True))
    # The log of one endpoint, newest first, by (created_at, id); it also serves the foreign key.
    op.drop_index("ix_webhook_outbox_endpoint_id", "webhook_outbox")
    op.create_index("ix_webhook_outbox_log", "webhook_outbox", ["endpoint_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_webhook_outbox_log", "webhook_outbox")
    op.create_index("ix_webhook_outbox_endpoint_id", "webhook_outbox", ["endpoint_id"])
    with op.batch_alter_table("webhook_endpoints") as table:
        table.drop_column("failing_since")
    with op.batch_alter_table("webhook_outbox") as table:
        for name in reversed(COLUMNS):
            table.drop_column(name)

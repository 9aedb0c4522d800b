"""Consents stored when the visitor accepts (before the token), and changes found by who made them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from callgate.db.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "call_consents",
        sa.Column("jti", sa.String(64), primary_key=True),
        sa.Column("button_id", sa.String(32), nullable=False, index=True),
        sa.Column("origin", sa.String(300), nullable=False),
        sa.Column("text", sa.String(1000), nullable=False),
        sa.Column("accepted_at", UTCDateTime(), nullable=False),
    )
    # The audit page's "who" filter and menu read configuration changes by actor; decisions,
    # the bulk of the trail, have none.
    op.create_index("ix_audit_events_actor", "audit_events", ["actor"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_actor", table_name="audit_events")
    op.drop_table("call_consents")

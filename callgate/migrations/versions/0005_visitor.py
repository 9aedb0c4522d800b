"""The visitor's call: button switches, callback requests, call extras (quality, consent, rating).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from callgate.db.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BUTTON_COLUMNS = (
    ("precheck", sa.Boolean(), sa.true()),
    ("callback", sa.Boolean(), sa.false()),
    ("consent_text", sa.String(1000), None),
    ("rating", sa.Boolean(), sa.false()),
)


def upgrade() -> None:
    with op.batch_alter_table("buttons") as batch:
        for name, type_, default in BUTTON_COLUMNS:
            batch.add_column(
                sa.Column(name, type_, nullable=default is None, server_default=default)
            )
    op.create_table(
        "callback_requests",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("button_id", sa.String(32), nullable=False, index=True),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("note", sa.String(500)),
        sa.Column("origin", sa.String(300), nullable=False),
        sa.Column("visitor_ip", sa.String(64)),
        sa.Column("language", sa.String(8)),
        sa.Column("status", sa.String(16), nullable=False, server_default="new"),
        sa.Column("created_at", UTCDateTime(), nullable=False, index=True),
    )
    op.create_table(
        "call_extras",
        sa.Column("session_id", sa.String(200), primary_key=True),
        sa.Column("button_id", sa.String(32), nullable=False, index=True),
        sa.Column("rtt_ms", sa.Integer()),
        sa.Column("jitter_ms", sa.Integer()),
        sa.Column("loss_pct", sa.Float()),
        sa.Column("grade", sa.String(8)),
        sa.Column("samples", sa.Integer()),
        sa.Column("reconnects", sa.Integer()),
        sa.Column("consent_text", sa.String(1000)),
        sa.Column("consent_at", UTCDateTime()),
        sa.Column("rating", sa.Integer()),
        sa.Column("tags", sa.JSON()),
        sa.Column("rated_at", UTCDateTime()),
        sa.Column("reported_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("call_extras")
    op.drop_table("callback_requests")
    with op.batch_alter_table("buttons") as batch:
        for name, _type, _default in reversed(BUTTON_COLUMNS):
            batch.drop_column(name)

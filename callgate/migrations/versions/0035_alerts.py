"""Alerts to the owner: `alert_channels` (e-mail, Slack-compatible, Telegram) and their outbox,
`alert_messages`.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from callgate.db.models import UTCDateTime

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_channels",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "workspace_id",
            sa.Integer(),
            sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target", sa.String(254), nullable=False),
        sa.Column("secret", sa.Text()),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("alerts", sa.JSON(), nullable=False),
        sa.Column("digest_minutes", sa.Integer(), nullable=False),
        sa.Column("include_phone_numbers", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("failing_since", UTCDateTime()),
        sa.Column("last_error", sa.String(200)),
    )
    op.create_index("ix_alert_channels_workspace_id", "alert_channels", ["workspace_id"])
    op.create_index("ix_alert_channels_user_id", "alert_channels", ["user_id"])
    op.create_table(
        "alert_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "channel_id",
            sa.Integer(),
            sa.ForeignKey("alert_channels.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("button_id", sa.String(32)),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(200)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("next_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime()),
    )
    op.create_index("ix_alert_messages_status_next_at", "alert_messages", ["status", "next_at"])
    op.create_index("ix_alert_messages_created_at", "alert_messages", ["created_at"])
    op.create_index(
        "ix_alert_messages_channel_kind_created",
        "alert_messages",
        ["channel_id", "kind", "created_at"],
    )


def downgrade() -> None:
    op.drop_table("alert_messages")
    op.drop_table("alert_channels")

"""Buttons, WCS sessions, calls and call events.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from callgate.db.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "buttons",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("origins", sa.JSON(), nullable=False),
        sa.Column("gateway_url", sa.String(500), nullable=False),
        sa.Column("app_key", sa.String(100), nullable=False),
        sa.Column("callee", sa.String(300), nullable=False),
        sa.Column("sip_login", sa.String(200), nullable=False),
        sa.Column("sip_auth_name", sa.String(200)),
        sa.Column("sip_password", sa.Text(), nullable=False),
        sa.Column("sip_domain", sa.String(300)),
        sa.Column("sip_outbound_proxy", sa.String(300)),
        sa.Column("sip_port", sa.Integer(), nullable=False),
        sa.Column("sip_register", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "wcs_sessions",
        sa.Column("session_id", sa.String(200), primary_key=True),
        sa.Column("jti", sa.String(64), nullable=False, unique=True),
        sa.Column("button_id", sa.String(32), nullable=False, index=True),
        sa.Column("origin", sa.String(300), nullable=False),
        sa.Column("visitor_ip", sa.String(64)),
        sa.Column("node_id", sa.String(200)),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("closed_at", UTCDateTime()),
    )
    op.create_table(
        "calls",
        sa.Column("call_id", sa.String(200), primary_key=True),
        sa.Column("session_id", sa.String(200), nullable=False, unique=True),
        sa.Column("button_id", sa.String(32), nullable=False, index=True),
        sa.Column("callee", sa.String(300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("established_at", UTCDateTime()),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("final_status", sa.String(32)),
        sa.Column("talk_seconds", sa.Float()),
    )
    op.create_table(
        "call_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(200), nullable=False, index=True),
        sa.Column("call_id", sa.String(200), nullable=False),
        sa.Column("method", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("info", sa.String(500)),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("session_id", "call_id", "method", "status"),
    )


def downgrade() -> None:
    for table in ("call_events", "calls", "wcs_sessions", "buttons"):
        op.drop_table(table)

"""Guardrails: per-button limits, hours and kill switch; slots, settings, counters, audit.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import json

import sqlalchemy as sa
from alembic import op

from callgate.db.models import WEEKDAYS, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BUTTON_COLUMNS = (
    ("dtmf", sa.Boolean(), sa.false()),
    ("kill_switch", sa.Boolean(), sa.false()),
    ("max_concurrent", sa.Integer(), "2"),
    ("max_duration", sa.Integer(), "900"),
    ("daily_calls", sa.Integer(), "100"),
    ("daily_minutes", sa.Integer(), "120"),
    ("timezone", sa.String(64), "UTC"),
    # Buttons made before hours existed were open around the clock; they stay so.
    ("schedule", sa.JSON(), json.dumps({day: ["00:00-24:00"] for day in WEEKDAYS})),
    ("holidays", sa.JSON(), "[]"),
    ("closed_message", sa.String(300), None),
    ("fallback", sa.String(300), None),
    ("token_limits", sa.JSON(), "{}"),
)


def upgrade() -> None:
    with op.batch_alter_table("buttons") as batch:
        for name, type_, default in BUTTON_COLUMNS:
            batch.add_column(
                sa.Column(name, type_, nullable=default is None, server_default=default)
            )
    with op.batch_alter_table("calls") as batch:
        batch.add_column(sa.Column("ended_by", sa.String(64)))
    op.create_table(
        "call_slots",
        sa.Column("button_id", sa.String(32), primary_key=True),
        sa.Column("slot", sa.Integer(), primary_key=True),
        sa.Column("call_id", sa.String(200), nullable=False, unique=True),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime(), nullable=False, index=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(300)),
        sa.Column("button_id", sa.String(32), index=True),
        sa.Column("session_id", sa.String(200)),
        sa.Column("call_id", sa.String(200)),
        sa.Column("client_ip", sa.String(64)),
    )


def downgrade() -> None:
    for table in ("audit_events", "rate_counters", "settings", "call_slots"):
        op.drop_table(table)
    with op.batch_alter_table("calls") as batch:
        batch.drop_column("ended_by")
    with op.batch_alter_table("buttons") as batch:
        for name, _type, _default in reversed(BUTTON_COLUMNS):
            batch.drop_column(name)

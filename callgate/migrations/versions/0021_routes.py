"""Routes of a button, its caller-context settings and identity secrets, and each call attempt's
context.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

from callgate.db.models import UTCDateTime

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "button_routes",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("button_id", sa.String(32), nullable=False, index=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(60), nullable=False),
        sa.Column("label_ru", sa.String(60), nullable=True),
        sa.Column("callee", sa.String(300), nullable=False),
        sa.Column("schedule", sa.JSON(), nullable=True),
        sa.Column("ring_seconds", sa.Integer(), nullable=True),
        sa.Column("overflow_id", sa.String(32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "button_context",
        sa.Column("button_id", sa.String(32), primary_key=True),
        sa.Column("ask_name", sa.String(16), nullable=False),
        sa.Column("recording", sa.String(16), nullable=False),
    )
    op.create_table(
        "call_contexts",
        sa.Column("jti", sa.String(64), primary_key=True),
        sa.Column("button_id", sa.String(32), nullable=False, index=True),
        sa.Column("route_id", sa.String(32), nullable=True),
        sa.Column("route_label", sa.String(60), nullable=True),
        sa.Column("name", sa.String(40), nullable=True),
        sa.Column("page", sa.String(300), nullable=True),
        sa.Column("customer", sa.String(64), nullable=True),
        sa.Column("identity_problem", sa.String(32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False, index=True),
    )
    op.create_table(
        "button_identity_secrets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("button_id", sa.String(32), nullable=False, index=True),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("button_identity_secrets")
    op.drop_table("call_contexts")
    op.drop_table("button_context")
    op.drop_table("button_routes")

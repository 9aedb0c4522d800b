"""The overview's rollup of sealed days: `overview_rollups` and its parts (db/rollups.py).

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from callgate.db.models import UTCDateTime

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

FIGURES = ("placed", "answered", "failed")


def _figures() -> list[sa.Column]:
    counts = [sa.Column(name, sa.Integer(), nullable=False) for name in FIGURES]
    return [*counts, sa.Column("talk_seconds", sa.Float(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "overview_rollups",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("first_day", sa.Date(), nullable=False, unique=True),
        sa.Column("seal_end", sa.Date(), nullable=False),
        sa.Column("built_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "overview_rollup_buttons",
        sa.Column("rollup_id", sa.Integer(), primary_key=True),
        sa.Column("button_id", sa.String(32), primary_key=True),
        *_figures(),
        sa.Column("refused", sa.Integer(), nullable=False),
    )
    op.create_table(
        "overview_rollup_days",
        sa.Column("rollup_id", sa.Integer(), primary_key=True),
        sa.Column("workspace_id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        *_figures(),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
    )
    op.create_table(
        "overview_rollup_sources",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("rollup_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("page_path", sa.String(200)),
        sa.Column("utm_source", sa.String(100)),
        sa.Column("utm_medium", sa.String(100)),
        sa.Column("utm_campaign", sa.String(100)),
        sa.Column("placed", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_overview_rollup_sources_rollup",
        "overview_rollup_sources",
        ["rollup_id", "workspace_id"],
    )
    op.create_table(
        "overview_rollup_pending",
        sa.Column("rollup_id", sa.Integer(), primary_key=True),
        sa.Column("call_id", sa.String(200), primary_key=True),
    )


def downgrade() -> None:
    for table in ("pending", "sources", "days", "buttons"):
        op.drop_table(f"overview_rollup_{table}")
    op.drop_table("overview_rollups")

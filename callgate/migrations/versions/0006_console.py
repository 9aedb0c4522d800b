"""Console: workspaces, users, memberships, invitations, failed logins; buttons get a workspace.

Existing buttons go into the default workspace, which this revision creates.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from callgate.db.models import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    workspaces = op.create_table(
        "workspaces",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    # The first row of a new table: id 1 on SQLite and PostgreSQL alike, sequence included.
    op.bulk_insert(workspaces, [{"name": "Default", "created_at": datetime.now(UTC)}])
    with op.batch_alter_table("buttons") as batch:
        batch.add_column(
            sa.Column("workspace_id", sa.Integer(), nullable=False, server_default="1")
        )
        batch.create_index("ix_buttons_workspace_id", ["workspace_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("totp_secret", sa.Text()),
        sa.Column("totp_last_step", sa.Integer()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_login_at", UTCDateTime()),
    )
    op.create_table(
        "memberships",
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "workspace_id",
            sa.Integer(),
            sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("role", sa.String(16), nullable=False),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("workspace_id", sa.Integer()),
        sa.Column("created_by", sa.Integer()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime()),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False, index=True),
        sa.Column("at", UTCDateTime(), nullable=False, index=True),
    )


def downgrade() -> None:
    for table in ("login_failures", "invitations", "memberships", "users"):
        op.drop_table(table)
    with op.batch_alter_table("buttons") as batch:
        batch.drop_index("ix_buttons_workspace_id")
        batch.drop_column("workspace_id")
    op.drop_table("workspaces")

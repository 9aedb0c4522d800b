"""One-time links can be voided (superseded, revoked, a password change, their author gone);
failed logins move to the limit counters (rate_counters or Redis), so login_failures goes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

from callgate.db.models import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("invitations", sa.Column("voided_at", UTCDateTime()))
    op.add_column("invitations", sa.Column("void_reason", sa.String(32)))
    op.create_index("ix_invitations_email", "invitations", ["email"])
    op.create_index("ix_invitations_expires_at", "invitations", ["expires_at"])
    op.drop_index("ix_login_failures_at", "login_failures")
    op.drop_index("ix_login_failures_key", "login_failures")
    op.drop_table("login_failures")


def downgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False, index=True),
        sa.Column("at", UTCDateTime(), nullable=False, index=True),
    )
    op.drop_index("ix_invitations_expires_at", "invitations")
    op.drop_index("ix_invitations_email", "invitations")
    with op.batch_alter_table("invitations") as batch:
        batch.drop_column("void_reason")
        batch.drop_column("voided_at")

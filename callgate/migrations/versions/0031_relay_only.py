"""Buttons may send call audio only through the TURN relay (`relay_only`, off for all so far).

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("buttons") as batch:
        batch.add_column(
            sa.Column("relay_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("buttons") as batch:
        batch.drop_column("relay_only")

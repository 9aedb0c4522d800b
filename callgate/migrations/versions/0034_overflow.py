"""A call attempt may have one overflow leg: `call_contexts.overflow_of` (the first leg's
jti, unique) and `calls.overflow_of` (the first leg's call id, indexed for the call page).

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls") as batch:
        batch.add_column(sa.Column("overflow_of", sa.String(200), nullable=True))
    # Partial: only overflow legs are in it, so an ordinary call writes nothing to it.
    legs = sa.text("overflow_of IS NOT NULL")
    op.create_index(
        "ix_calls_overflow_of",
        "calls",
        ["overflow_of"],
        sqlite_where=legs,
        postgresql_where=legs,
    )
    with op.batch_alter_table("call_contexts") as batch:
        batch.add_column(sa.Column("overflow_of", sa.String(64), nullable=True))
    op.create_index("ux_call_contexts_overflow_of", "call_contexts", ["overflow_of"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_call_contexts_overflow_of", "call_contexts")
    with op.batch_alter_table("call_contexts") as batch:
        batch.drop_column("overflow_of")
    op.drop_index("ix_calls_overflow_of", "calls")
    with op.batch_alter_table("calls") as batch:
        batch.drop_column("overflow_of")

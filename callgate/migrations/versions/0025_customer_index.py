"""An index on the verified customer of call contexts, for erasure by customer id at scale.

`callgate visitors erase --customer ID` and the console's Privacy page find every call
attempt of one verified customer (retention/finders.py); without an index that reads every
context ever stored.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_call_contexts_customer", "call_contexts", ["customer"])


def downgrade() -> None:
    op.drop_index("ix_call_contexts_customer", "call_contexts")

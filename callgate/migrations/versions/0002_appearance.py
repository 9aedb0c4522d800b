"""Button appearance: label, colours, position, language and text overrides.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = (
    ("label", sa.String(60), None),
    ("color", sa.String(7), "#0b6e4f"),
    ("text_color", sa.String(7), "#ffffff"),
    ("position", sa.String(16), "bottom-right"),
    ("language", sa.String(8), "auto"),
    ("texts", sa.JSON(), "{}"),
)


def upgrade() -> None:
    with op.batch_alter_table("buttons") as batch:
        for name, type_, default in COLUMNS:
            batch.add_column(
                sa.Column(name, type_, nullable=default is None, server_default=default)
            )


def downgrade() -> None:
    with op.batch_alter_table("buttons") as batch:
        for name, _type, _default in reversed(COLUMNS):
            batch.drop_column(name)

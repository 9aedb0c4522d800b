"""Indexes for the overview's grouped figures at scale (10,000 buttons, a million rows).

The overview keeps the buttons in scope by a semi-join on (workspace_id, id), read from an
index alone instead of the buttons table; it finds the buttons with holidays (whose closed
refusals it reads one by one) from a partial index of them; and it counts refused attempts
per day, code and button from one index holding every column it reads (outcome, time,
action, button, code), which takes the place of the (outcome, at) index it extends.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

REFUSALS = ["outcome", "at", "action", "button_id", "code"]
#: Buttons with a holiday: calls/figures_sql.py `with_holidays` writes the same condition.
HOLIDAYS = sa.text("length(CAST(holidays AS TEXT)) > 2")


def upgrade() -> None:
    op.create_index("ix_buttons_workspace_id_id", "buttons", ["workspace_id", "id"])
    op.create_index(
        "ix_buttons_holidays",
        "buttons",
        ["workspace_id", "id"],
        postgresql_where=HOLIDAYS,
        sqlite_where=HOLIDAYS,
    )
    op.create_index("ix_audit_events_refusals", "audit_events", REFUSALS)
    op.drop_index("ix_audit_events_outcome_at", "audit_events")


def downgrade() -> None:
    op.create_index("ix_audit_events_outcome_at", "audit_events", ["outcome", "at"])
    op.drop_index("ix_audit_events_refusals", "audit_events")
    op.drop_index("ix_buttons_holidays", "buttons")
    op.drop_index("ix_buttons_workspace_id_id", "buttons")

"""Indexes for the console's lists and figures at scale (a million calls, 10,000 buttons).

The call log and its keyset pages read calls by (created_at, call_id) and per button by
(button_id, created_at); the overview reads a month of calls from one covering index; refused
attempts, the audit trail and its filter menus read audit events by outcome, time, button and
action; the buttons and callback lists page by (created_at, id).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_calls_created_at_call_id", "calls", ["created_at", "call_id"]),
    ("ix_calls_button_id_created_at", "calls", ["button_id", "created_at"]),
    (
        "ix_calls_figures",
        "calls",
        ["created_at", "button_id", "session_id", "established_at", "finished_at", "talk_seconds"],
    ),
    ("ix_audit_events_at_id", "audit_events", ["at", "id"]),
    ("ix_audit_events_outcome_at", "audit_events", ["outcome", "at"]),
    ("ix_audit_events_button_id_at", "audit_events", ["button_id", "at"]),
    ("ix_audit_events_action", "audit_events", ["action"]),
    ("ix_wcs_sessions_closed", "wcs_sessions", ["session_id", "closed_at"]),
    ("ix_buttons_created_at_id", "buttons", ["created_at", "id"]),
    ("ix_callback_requests_created_at_id", "callback_requests", ["created_at", "id"]),
    ("ix_callback_requests_button_id_created_at", "callback_requests", ["button_id", "created_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table)

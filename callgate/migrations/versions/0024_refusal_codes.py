"""Refusals carry their code: old refused rows get one, once, from the wording of the time.

Since this revision every refusal's audit row keeps its error's code, and the console reads
categories from codes only (calls/refusal_kinds.py). Rows written before kept only the reason
in words; this reads those words as the console did until now (the table below is that
reading, frozen here) and writes the code they stand for. Rows it cannot read keep no code,
as they would have been "other".

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

#: The refused steps whose rows the console counts.
ACTIONS = ("token", "connect", "call")
EXACT = {
    "this site is not allowed to use this button": "origin_not_allowed",
    "this page's origin is missing or invalid": "origin_not_allowed",
    "origin not allowed": "origin_not_allowed",
    "calls are switched off (kill switch)": "kill_switch",
    "kill switch": "kill_switch",
    "daily budget used": "budget_exhausted",
    "too many calls": "too_many_calls",
    "closed": "closed",
    "rate limit storage unavailable": "limits_unavailable",
    "token already used": "token_used",
    "token bound to another address": "token_bound",
    "call token has expired": "token_expired",
}
#: The widget's built-in closed texts of the time (buttons/texts.py), English and Russian.
CLOSED_TEXTS = (
    "We are closed right now. Please call during our opening hours.",
    "Сейчас мы не работаем. Позвоните, пожалуйста, в рабочее время.",
)
LIMIT_KINDS = ("ip", "prefix", "button", "global", "others")


def code_of(reason: str | None, closed_message: str | None) -> str | None:
    """Return the code a refusal worded `reason` stands for (None: not one the console read)."""
    text = (reason or "").strip()
    if text in EXACT:
        return EXACT[text]
    if text.startswith("rate limit "):
        kind = text.removeprefix("rate limit ")
        return f"rate_limited_{kind}" if kind in LIMIT_KINDS else None
    if text.startswith(("token ", "call token ")):
        return "bad_token"
    if text in CLOSED_TEXTS or (closed_message and text == closed_message):
        return "closed"
    return None


def upgrade() -> None:
    events = sa.table(
        "audit_events",
        sa.column("id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("outcome", sa.String),
        sa.column("reason", sa.String),
        sa.column("button_id", sa.String),
        sa.column("code", sa.String),
    )
    buttons = sa.table(
        "buttons", sa.column("id", sa.String), sa.column("closed_message", sa.String)
    )
    connection = op.get_bind()
    closed = dict(connection.execute(sa.select(buttons.c.id, buttons.c.closed_message)).all())
    old = sa.select(events.c.id, events.c.reason, events.c.button_id).where(
        events.c.outcome == "refused",
        events.c.action.in_(ACTIONS),
        sa.or_(events.c.code.is_(None), events.c.code == "forbidden"),
    )
    for row_id, reason, button_id in connection.execute(old).all():
        code = code_of(reason, closed.get(button_id))
        if code is not None:
            connection.execute(events.update().where(events.c.id == row_id).values(code=code))


def downgrade() -> None:
    """The codes stay: an older version ignores them."""

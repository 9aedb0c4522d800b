"""Calls say where they came from: the page's path and the allow-listed `utm_*` values of its
query, copied from the call's context when it is placed, get columns on `calls`, indexed for
the call log's filters; the calls placed so far get them once from their stored context.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07
"""

from urllib.parse import parse_qsl

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

# Frozen here as routes/pages.py and routes/safe_text.py read a stored page on 2026-12-07: a
# migration never imports product code, which may change after it.
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
UNSAFE = frozenset('"<>\\;')
BATCH = 1000
CALLS = sa.table(
    "calls",
    *(sa.column("call_id"), sa.column("session_id"), sa.column("page_path")),
    *(sa.column(key) for key in UTM_KEYS),
)
SESSIONS = sa.table("wcs_sessions", sa.column("session_id"), sa.column("jti"))
CONTEXTS = sa.table("call_contexts", sa.column("jti"), sa.column("page"))


def upgrade() -> None:
    with op.batch_alter_table("calls") as batch:
        batch.add_column(sa.Column("page_path", sa.String(200), nullable=True))
        for key in UTM_KEYS:
            batch.add_column(sa.Column(key, sa.String(100), nullable=True))
    _fill(op.get_bind())
    op.create_index("ix_calls_page_path_created_at", "calls", ["page_path", "created_at"])
    op.create_index("ix_calls_utm_campaign_created_at", "calls", ["utm_campaign", "created_at"])


def _fill(connection) -> None:
    """Give each call with a stored page its columns, a batch of calls at a time."""
    found = (
        sa.select(CALLS.c.call_id, CONTEXTS.c.page)
        .join(SESSIONS, SESSIONS.c.session_id == CALLS.c.session_id)
        .join(CONTEXTS, CONTEXTS.c.jti == SESSIONS.c.jti)
        .where(CONTEXTS.c.page.is_not(None))
        .order_by(CALLS.c.call_id)
        .limit(BATCH)
    )
    after = ""
    while rows := connection.execute(found.where(CALLS.c.call_id > after)).all():
        blank = dict.fromkeys(UTM_KEYS)
        values = [{"key": c, "page_path": _path(p)} | blank | _campaign(p) for c, p in rows]
        # One statement for the batch, run with each row's values (executemany).
        connection.execute(CALLS.update().where(CALLS.c.call_id == sa.bindparam("key")), values)
        after = rows[-1][0]


def _path(page: str) -> str:
    path = page.split("?", 1)[0][:200]
    tail = path[-2:]
    return path[: -len(tail) + tail.index("%")] if "%" in tail else path


def _campaign(page: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, raw in parse_qsl(page.split("?", 1)[1] if "?" in page else ""):
        if key in UTM_KEYS and key not in found:
            kept = "".join(ch if ch.isprintable() and ch not in UNSAFE else " " for ch in raw)
            found[key] = " ".join(kept.split())[:100].strip()
    return {key: text for key, text in found.items() if text}


def downgrade() -> None:
    op.drop_index("ix_calls_utm_campaign_created_at", table_name="calls")
    op.drop_index("ix_calls_page_path_created_at", table_name="calls")
    with op.batch_alter_table("calls") as batch:
        for key in reversed(UTM_KEYS):
            batch.drop_column(key)
        batch.drop_column("page_path")

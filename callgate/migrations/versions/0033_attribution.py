"""Calls say where they came from: the page's path and the allow-listed `utm_*` values of its
query get columns of their own on `call_contexts`, indexed for the call log's filters; the
pages stored so far are read once to fill them.

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

# Frozen here as routes/pages.py and routes/safe_text.py read a page on 2026-12-07: a
# migration never imports product code, which may change after it.
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
UNSAFE = frozenset('"<>\\;')
BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("call_contexts") as batch:
        batch.add_column(sa.Column("page_path", sa.String(200), nullable=True))
        for key in UTM_KEYS:
            batch.add_column(sa.Column(key, sa.String(100), nullable=True))
    _fill(op.get_bind())
    op.create_index("ix_call_contexts_page_path", "call_contexts", ["page_path", "created_at"])
    op.create_index(
        "ix_call_contexts_utm_campaign", "call_contexts", ["utm_campaign", "created_at"]
    )


def _fill(connection) -> None:
    table = sa.table("call_contexts", sa.column("jti"), sa.column("page"), sa.column("page_path"))
    for key in UTM_KEYS:
        table.append_column(sa.column(key))
    after = ""
    while True:
        rows = connection.execute(
            sa.select(table.c.jti, table.c.page)
            .where(table.c.page.is_not(None), table.c.jti > after)
            .order_by(table.c.jti)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        blank = dict.fromkeys(UTM_KEYS)
        values = [
            {"key": jti, "page_path": _path(page)} | blank | _campaign(page) for jti, page in rows
        ]
        # One statement for the batch, run with each row's values (executemany).
        connection.execute(table.update().where(table.c.jti == sa.bindparam("key")), values)
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
    op.drop_index("ix_call_contexts_utm_campaign", table_name="call_contexts")
    op.drop_index("ix_call_contexts_page_path", table_name="call_contexts")
    with op.batch_alter_table("call_contexts") as batch:
        for key in reversed(UTM_KEYS):
            batch.drop_column(key)
        batch.drop_column("page_path")

"""Revision 0033 gives the call contexts stored before it their page path and campaign, read
from their stored page exactly as the product reads a new one, and goes back and forth."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import command

from callgate.db import make_engine
from callgate.db.migrate import alembic_config
from callgate.routes.pages import UTM_KEYS, campaign_of, clean_page, path_of

#: Pages as a widget sent them before 0033 (each stored as clean_page made it).
SENT = [
    "/pricing",
    "/p?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=a+b&utm_content=c",
    "/p?utm_campaign=%22%3Csip:x%3E%22%3B%0D%0AVia&utm_campaign=second&gclid=1",
    "/цены?utm_campaign=Весна",
    "/" + "x" * 198 + "é?utm_source=cut",
    "/p?utm_campaign=" + "y" * 400,
]
CONTEXTS = sa.table(
    "call_contexts",
    *(sa.column("jti"), sa.column("button_id"), sa.column("page"), sa.column("created_at")),
    *(sa.column("page_path"), *(sa.column(key) for key in UTM_KEYS)),
)


def rows_of(engine: sa.Engine) -> list[dict]:
    columns = [CONTEXTS.c.page_path, *(CONTEXTS.c[key] for key in UTM_KEYS)]
    with engine.connect() as connection:
        found = connection.execute(sa.select(*columns).order_by(CONTEXTS.c.jti))
        return [dict(row._mapping) for row in found]


def expected(sent: str) -> dict:
    """What the product stores for `sent` today: the page's path and the campaign of the page
    as stored (the migration reads only what was kept)."""
    page = clean_page(sent)
    return {"page_path": path_of(page)} | dict.fromkeys(UTM_KEYS) | campaign_of(page)


def test_old_contexts_get_their_path_and_campaign_once(make_app, empty_database_url):
    config = alembic_config(empty_database_url)
    command.upgrade(config, "0032")
    engine = make_engine(empty_database_url)
    at = datetime(2026, 12, 1, 10, 0)
    rows = [
        {"jti": f"jti-{n:02}", "button_id": "b1", "page": clean_page(sent), "created_at": at}
        for n, sent in enumerate(SENT)
    ] + [{"jti": "jti-99", "button_id": "b1", "page": None, "created_at": at}]
    with engine.begin() as connection:
        connection.execute(sa.insert(CONTEXTS.c.jti.table), rows)
    command.upgrade(config, "head")
    wanted = [expected(sent) for sent in SENT] + [{"page_path": None} | dict.fromkeys(UTM_KEYS)]
    assert rows_of(engine) == wanted
    assert wanted[1]["utm_campaign"] == "spring" and wanted[4]["page_path"].endswith("x")
    command.downgrade(config, "0032")
    command.upgrade(config, "head")
    assert rows_of(engine) == wanted
    command.check(config)
    engine.dispose()

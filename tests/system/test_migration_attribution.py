"""Revision 0033 gives the calls placed before it their page path and campaign, read from their
stored context's page exactly as the product reads it for a new call, and goes back and forth."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import command

from callgate.db import make_engine
from callgate.db.migrate import alembic_config
from callgate.routes.pages import UTM_KEYS, clean_page, source_of

#: Pages as a widget sent them before 0033 (each stored as clean_page made it); None: no page.
SENT = [
    "/pricing",
    "/p?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=a+b&utm_content=c",
    "/p?utm_campaign=%22%3Csip:x%3E%22%3B%0D%0AVia&utm_campaign=second&gclid=1",
    "/цены?utm_campaign=Весна",
    "/" + "x" * 198 + "é?utm_source=cut",
    "/p?utm_campaign=" + "y" * 400,
    None,
]
AT = datetime(2026, 12, 1, 10, 0)
CALLS = sa.table(
    "calls",
    *(sa.column("call_id"), sa.column("session_id"), sa.column("button_id")),
    *(sa.column("callee"), sa.column("created_at"), sa.column("page_path")),
    *(sa.column(key) for key in UTM_KEYS),
)
SESSIONS = sa.table(
    "wcs_sessions",
    *(sa.column("session_id"), sa.column("jti"), sa.column("button_id")),
    *(sa.column("status"), sa.column("opened_at"), sa.column("origin")),
)
CONTEXTS = sa.table(
    "call_contexts",
    *(sa.column("jti"), sa.column("button_id"), sa.column("page"), sa.column("created_at")),
)


def rows_of(engine: sa.Engine) -> list[dict]:
    columns = [CALLS.c.page_path, *(CALLS.c[key] for key in UTM_KEYS)]
    with engine.connect() as connection:
        found = connection.execute(sa.select(*columns).order_by(CALLS.c.call_id))
        return [dict(row._mapping) for row in found]


def seed(engine: sa.Engine) -> None:
    """One call per page sent, each with its session and, but for the last, its context."""
    common = {"button_id": "b1"}
    with engine.begin() as connection:
        for n, sent in enumerate(SENT):
            session = {"session_id": f"s{n}", "jti": f"j{n}", "status": "DISCONNECTED"}
            session["origin"] = "https://shop.example.com"
            connection.execute(sa.insert(SESSIONS), [common | session | {"opened_at": AT}])
            call = {"call_id": f"c{n}", "session_id": f"s{n}", "callee": "7001"}
            connection.execute(
                sa.insert(CALLS.c.call_id.table), [common | call | {"created_at": AT}]
            )
            if sent is not None:
                context = {"jti": f"j{n}", "page": clean_page(sent), "created_at": AT}
                connection.execute(sa.insert(CONTEXTS), [common | context])


def test_old_calls_get_their_path_and_campaign_once(make_app, empty_database_url):
    config = alembic_config(empty_database_url)
    command.upgrade(config, "0032")
    engine = make_engine(empty_database_url)
    seed(engine)
    command.upgrade(config, "head")
    wanted = [source_of(clean_page(sent)) for sent in SENT]
    assert rows_of(engine) == wanted
    assert wanted[1]["utm_campaign"] == "spring" and wanted[4]["page_path"].endswith("x")
    assert wanted[-1] == {"page_path": None} | dict.fromkeys(UTM_KEYS)
    command.downgrade(config, "0032")
    command.upgrade(config, "head")
    assert rows_of(engine) == wanted
    command.check(config)
    engine.dispose()

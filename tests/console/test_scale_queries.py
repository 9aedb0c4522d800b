"""Every console page's queries use indexes and stay few, on a seeded data set.

The small scale set (dev/bench/seed_scale.py --small: 2,000 buttons, 50,000 calls, sessions and
audit events) is written into the test database; each page is fetched while an SQLAlchemy
listener records its statements, then each statement is explained: PostgreSQL must not plan a
Seq Scan of calls, wcs_sessions, audit_events or buttons, nor SQLite a SCAN of them without
an index; and no page runs more than 20 statements.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import event, insert, text

from callgate.calls import rollup
from callgate.db import engine_of, get_db
from callgate.db.integrations import WebhookEndpoint, WebhookMessage
from callgate.db.models import MAX_ID, utcnow
from dev.bench.seed_scale import SMALL, button_id, seed
from tests.console.helpers import log_in

BIG = ("calls", "wcs_sessions", "audit_events", "buttons", "webhook_outbox")
TABLES = "|".join(BIG)
SEQ_SCAN = re.compile(rf"Seq Scan on ({TABLES})\b")
FULL_SCAN = re.compile(rf"\bSCAN ({TABLES})\b(?! USING)")
MOST_STATEMENTS = 20
#: Where PostgreSQL still hashes a whole table for a count capped at 10,001 rows (the buttons
#: for the workspace scope, the sessions for an outcome filter): known, listed, to be removed.
#: A keyset cursor, which changes with the seeded times, is listed as "after=…".
KNOWN_POSTGRES_GAPS = {
    ("/console/calls?outcome=refused", "buttons"),
    ("/console/calls?outcome=answered", "wcs_sessions"),
    ("/console/calls?outcome=answered", "calls"),
    ("/console/calls?outcome=answered", "buttons"),
    ("/console/callbacks", "buttons"),
    ("/console/callbacks?page=2&after=…", "buttons"),
}


def pages() -> list[str]:
    month = (utcnow() - timedelta(days=30)).date().isoformat()
    # A keyset cursor half-way down the 90 days seeded: a later page as "Older" links it.
    after = quote(f"{(utcnow() - timedelta(days=45)).isoformat()}|{MAX_ID}")
    return [
        "/console/",
        "/console/calls",
        "/console/calls?page=2",
        f"/console/calls?button={button_id(7)}",
        "/console/calls?outcome=answered",
        "/console/calls?outcome=refused",
        "/console/calls?page_path=/p7",
        "/console/calls?campaign=c3",
        f"/console/calls.csv?from={month}",
        "/console/audit",
        "/console/audit?action=token",
        f"/console/audit?page=2&after={after}",
        f"/console/audit?page=2&action=token&after={after}",
        "/console/buttons",
        "/console/callbacks",
        f"/console/callbacks?page=2&after={after}",
        "/console/webhooks",
        "/console/webhooks/2",
        "/console/webhooks/2?status=failing",
        "/console/webhooks/2?event=call.refused",
        f"/console/webhooks/2?after={after}",
    ]


@pytest.fixture
def app(make_app):
    """The console's app, its statements given time on a busy machine (nothing is timed here)."""
    return make_app(
        CONSOLE_ARGON2_MEMORY_KIB=64, CONSOLE_ARGON2_TIME_COST=1, CONSOLE_STATEMENT_TIMEOUT=30
    )


@pytest.fixture
def seeded(app, admin):
    engine = engine_of(app)
    buttons, rows = SMALL
    seed(engine, buttons, rows, 90)
    seed_outbox(engine, 5, 4_000)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return engine


def seed_outbox(engine, endpoints: int, per_endpoint: int) -> None:
    """Give workspace 1 `endpoints` webhook endpoints with `per_endpoint` deliveries each, over
    90 days: most delivered, one in 50 failing, the last ones pending."""
    now = utcnow()
    events = ("call.started", "call.answered", "call.ended", "call.refused")
    with engine.begin() as connection:
        made = [
            {"workspace_id": 1, "url": f"https://hooks{n}.example/in", "events": list(events)}
            | {"secret": "sealed", "created_by": "cli", "created_at": now - timedelta(days=90)}
            for n in range(endpoints)
        ]
        connection.execute(insert(WebhookEndpoint), made)
        rows = [
            {
                "endpoint_id": 1 + e,
                "message_id": f"msg_{e:02d}{i:08d}",
                "event_type": events[i % 4],
                "body": "{}",
                "status": "failing" if i % 50 == 0 else "delivered" if i > 10 else "pending",
                "attempts": 1,
                "created_at": now - timedelta(minutes=i * 30),
                "next_at": now - timedelta(minutes=i * 30),
            }
            for e in range(endpoints)
            for i in range(per_endpoint)
        ]
        connection.execute(insert(WebhookMessage), rows)


def recorded(engine, client, path: str) -> list[tuple[str, object]]:
    """Fetch `path`; return the statements it ran with their parameters."""
    found: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        found.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200, (path, response.status_code)
    return found


def plan(engine, statement: str, parameters: object) -> str:
    """Return the database's plan of `statement`, one line per step."""
    postgres = engine.dialect.name == "postgresql"
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + statement, parameters)
        rows = cursor.fetchall()
    finally:
        raw.close()
    return "\n".join(str(row[0] if postgres else row[3]) for row in rows)


def test_no_page_scans_a_big_table_or_runs_many_statements(client, seeded, admin):
    assert log_in(client, admin).status_code == 302
    assert problems_of(seeded, client, pages()) == []


def test_the_overview_read_from_its_rollup_scans_no_big_table(app, client, seeded, admin):
    with app.app_context():
        built = rollup.refresh(get_db(), utcnow())
    assert built is not None
    assert log_in(client, admin).status_code == 302
    read = " ".join(statement for statement, _ in recorded(seeded, client, "/console/"))
    assert "overview_rollup_buttons" in read and "overview_rollup_sources" in read
    assert problems_of(seeded, client, ["/console/"]) == []


def problems_of(seeded, client, paths: list[str]) -> list[str]:
    """Return what is wrong with the statements of each page of `paths`, as text."""
    problems = []
    for path in paths:
        statements = recorded(seeded, client, path)
        if len(statements) > MOST_STATEMENTS:
            problems.append(f"{path}: {len(statements)} statements")
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            steps = plan(seeded, statement, parameters)
            listed = re.sub(r"after=[^&]*", "after=…", path)
            allowed = {table for page, table in KNOWN_POSTGRES_GAPS if page == listed}
            allowed = allowed if seeded.dialect.name == "postgresql" else set()
            found = [*SEQ_SCAN.finditer(steps), *FULL_SCAN.finditer(steps)]
            scan = next((m for m in found if m.group(1) not in allowed), None)
            if scan:
                problems.append(f"{path}: {scan.group(0)} in\n  {statement[:300]}\n{steps[:1500]}")
    return problems

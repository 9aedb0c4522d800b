"""The hooks' front gate: unsigned, forged and foreign hooks are refused before Flask with the
answer Flask gave, and counted in memory, then written in batches in the minute they came."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
import time_machine
from flask import request_started
from sqlalchemy import event, select

from callgate.audit.trail import MAX_SOURCES
from callgate.db import engine_of, get_db
from callgate.db.models import AuditEvent
from callgate.hooks import TALLY
from callgate.hooks.verify import sign
from tests.data import HOOK_SECRETS
from tests.hooks.posting import hook
from tests.wcs import session_id

BATCHED = {"REFUSAL_FLUSH_SECONDS": 3600}
MISSING = b'{"reason":"missing or malformed signature","status":403}\n'
FORGED = b'{"reason":"bad signature","status":403}\n'


def counted(app) -> list[tuple]:
    with app.app_context():
        query = select(AuditEvent.bucket, AuditEvent.reason, AuditEvent.source, AuditEvent.count)
        return [tuple(row) for row in get_db().execute(query.order_by(AuditEvent.id))]


@pytest.fixture
def flask_requests(app):
    """Count the requests that reached Flask's request handling."""
    seen: list[str] = []

    def note(sender, **extra):
        seen.append("request")

    request_started.connect(note, app)
    yield seen
    request_started.disconnect(note, app)


@pytest.mark.parametrize(
    ("authorization", "method", "answer"),
    [
        (None, "connect", MISSING),
        ("WCS nothex", "call", MISSING),
        ("Bearer " + "0" * 32, "connect", MISSING),
        ("WCS " + "0" * 32, "connect", FORGED),
        ("WCS " + "0" * 32, "made-up", FORGED),
        (None, "CallStatusEvent", MISSING),
    ],
)
def test_a_refused_hook_never_reaches_flask_and_gets_the_hooks_answer(
    client, flask_requests, authorization, method, answer
):
    response = hook(client, authorization=authorization, method=method)
    assert (response.status_code, response.data) == (403, answer)
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert len(response.headers["X-Request-ID"]) == 32
    assert flask_requests == []


def test_a_hook_from_outside_the_allowed_networks_is_refused_at_the_gate(make_app):
    app = make_app(HOOK_ALLOWED_CIDRS=["192.0.2.0/24"])
    raw = b'{"sessionId":"s"}'
    response = hook(app.test_client(), "198.51.100.7", sign(raw, HOOK_SECRETS[0]), raw=raw)
    assert response.data == b'{"reason":"source not allowed","status":403}\n'
    assert [row[1:] for row in counted(app)] == [("source not allowed", "198.51.100.7", 1)]


def test_a_signed_hook_goes_on_to_flask_with_its_body(client, flask_requests):
    raw = json.dumps({"sessionId": session_id(), "appKey": "x"}).encode()
    response = hook(client, authorization=sign(raw, HOOK_SECRETS[0]), raw=raw)
    assert flask_requests == ["request"]
    assert response.get_json()["reason"] != "bad signature"


def test_counting_writes_nothing_until_the_tally_is_written(make_app):
    app = make_app(**BATCHED)
    statements: list[str] = []
    event.listen(engine_of(app), "before_cursor_execute", lambda *a: statements.append(a[2]))
    client = app.test_client()
    for _ in range(40):
        assert hook(client).status_code == 403
    assert statements == []
    app.extensions[TALLY].flush()
    assert len(statements) <= 4
    assert [row[1:] for row in counted(app)] == [
        ("missing or malformed signature", "203.0.113.9", 40)
    ]


def test_refusals_are_counted_in_the_minute_they_came(make_app):
    app = make_app(**BATCHED)
    client = app.test_client()
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, 59, tzinfo=UTC), tick=False) as clock:
        for _ in range(3):
            hook(client)
        clock.shift(1)
        for _ in range(2):
            hook(client)
        clock.shift(300)
        app.extensions[TALLY].flush()
    assert [(row[0], row[3]) for row in counted(app)] == [
        ("2026-12-01T09:00", 3),
        ("2026-12-01T09:01", 2),
    ]


def test_a_flood_from_many_addresses_stays_a_bounded_number_of_rows(make_app):
    app = make_app(**BATCHED)
    client = app.test_client()
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, 5, tzinfo=UTC), tick=False):
        for n in range(MAX_SOURCES + 50):
            hook(client, f"2001:db8::{n:x}")
        app.extensions[TALLY].flush()
    found = counted(app)
    assert len(found) == MAX_SOURCES + 1
    assert sum(row[3] for row in found) == MAX_SOURCES + 50


def test_the_writer_thread_writes_within_its_interval(make_app):
    app = make_app(REFUSAL_FLUSH_SECONDS=1)
    client = app.test_client()
    for _ in range(5):
        hook(client)
    deadline = time.monotonic() + 15
    while not counted(app) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [row[3] for row in counted(app)] == [5]

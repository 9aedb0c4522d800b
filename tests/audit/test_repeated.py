"""Refusals a flood repeats are counted, one row per minute, action, reason and source.

Unsigned or forged hooks name where they came from; token requests over a limit are counted
per requester. However long a flood lasts or however many addresses it uses, the audit trail
grows by a bounded number of rows a minute.
"""

from __future__ import annotations

import json

import pytest
import time_machine
from sqlalchemy import func, select

from callgate.audit.trail import MAX_SOURCES, OTHERS
from callgate.db import get_db
from callgate.db.models import AuditEvent
from callgate.hooks.verify import sign
from tests.data import ORIGIN
from tests.hooks.posting import hook
from tests.wcs import session_id

START = "2026-12-01 10:00:05Z"


def rows(app) -> list[tuple]:
    with app.app_context():
        query = select(
            AuditEvent.action, AuditEvent.reason, AuditEvent.source, AuditEvent.count
        ).order_by(AuditEvent.id)
        return [tuple(row) for row in get_db().execute(query)]


def test_a_flood_of_unsigned_hooks_is_one_row_per_source_and_minute(app, client):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(150):
            assert hook(client, "203.0.113.9").status_code == 403
        for _ in range(20):
            hook(client, "2001:db8::9", "WCS " + "0" * 32)
        clock.shift(60)
        for _ in range(5):
            hook(client, "203.0.113.9")
    assert rows(app) == [
        ("connect", "missing or malformed signature", "203.0.113.9", 150),
        ("connect", "bad signature", "2001:db8::9", 20),
        ("connect", "missing or malformed signature", "203.0.113.9", 5),
    ]


def test_made_up_method_names_share_one_row(app, client):
    with time_machine.travel(START, tick=False):
        for n in range(300):
            assert hook(client, "203.0.113.9", method=f"m{n}").status_code == 403
        hook(client, "203.0.113.9", method="hold")
    assert rows(app) == [
        ("hook:unknown", "missing or malformed signature", "203.0.113.9", 300),
        ("hook:hold", "missing or malformed signature", "203.0.113.9", 1),
    ]


def test_each_forged_hook_names_its_sender_in_the_audit_list(app, client, runner):
    hook(client, "198.51.100.66", "WCS " + "f" * 32, method="call")
    [event] = json.loads(runner.invoke(args=["audit", "list", "--json"]).output)
    assert (event["action"], event["outcome"], event["reason"]) == (
        "call",
        "refused",
        "bad signature",
    )
    assert (event["source"], event["count"]) == ("198.51.100.66", 1)
    assert "198.51.100.66" in runner.invoke(args=["audit", "list"]).output


def test_hooks_from_outside_the_allowlist_are_counted_too(make_app):
    app = make_app(HOOK_ALLOWED_CIDRS=["10.0.0.0/8"])
    client = app.test_client()
    for _ in range(30):
        assert hook(client, "203.0.113.5").status_code == 403
    assert rows(app) == [("connect", "source not allowed", "203.0.113.5", 30)]


def test_a_flood_from_many_addresses_adds_a_bounded_number_of_rows(app, client):
    with time_machine.travel(START, tick=False):
        for n in range(MAX_SOURCES + 50):
            hook(client, f"2001:db8::{n:x}")
    found = rows(app)
    assert len(found) == MAX_SOURCES + 1
    assert sum(count for *_, count in found) == MAX_SOURCES + 50
    assert found[-1] == ("connect", "missing or malformed signature", OTHERS, 50)


def test_token_requests_over_a_limit_are_counted_per_requester(app, client, button):
    with time_machine.travel(START, tick=False):
        for _ in range(60):
            client.post(
                f"/api/v1/buttons/{button.id}/token",
                headers={"Origin": ORIGIN},
                environ_base={"REMOTE_ADDR": "203.0.113.77"},
            )
    with app.app_context():
        db = get_db()
        refused = db.execute(
            select(
                AuditEvent.reason, AuditEvent.source, AuditEvent.count, AuditEvent.button_id
            ).where(AuditEvent.outcome == "refused")
        ).all()
        total = db.scalar(select(func.count()).select_from(AuditEvent))
    assert [tuple(r) for r in refused] == [("rate limit ip", "203.0.113.0", 57, button.id)]
    assert total == 4


def test_refused_origins_past_a_limit_are_counted_without_their_origins(app, client, button):
    with time_machine.travel(START, tick=False):
        for n in range(60):
            client.post(
                f"/api/v1/buttons/{button.id}/token",
                headers={"Origin": f"https://evil-{n}.example.net"},
                environ_base={"REMOTE_ADDR": "203.0.113.78"},
            )
    with app.app_context():
        query = select(AuditEvent.reason, AuditEvent.origin, AuditEvent.count)
        found = [tuple(row) for row in get_db().execute(query.order_by(AuditEvent.id))]
    origin_refusal = "this site is not allowed to use this button"
    assert found == [
        *((origin_refusal, f"https://evil-{n}.example.net", 1) for n in range(3)),
        ("rate limit ip", None, 57),
    ]


@pytest.mark.parametrize("remote", ["203.0.113.7", "::ffff:203.0.113.7"])
def test_signed_hooks_record_their_sender(app, runner, button, wcs, get_token, remote):
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, session_id())
    raw = json.dumps(body).encode()
    headers = {"Authorization": sign(raw, "hook-secret-current")}
    wcs.client.post(
        "/hooks/wcs/connect", data=raw, headers=headers, environ_base={"REMOTE_ADDR": remote}
    )
    connect = [
        e
        for e in json.loads(runner.invoke(args=["audit", "list", "--json"]).output)
        if e["action"] == "connect"
    ]
    assert [(e["outcome"], e["source"]) for e in connect] == [("allowed", "203.0.113.7")]

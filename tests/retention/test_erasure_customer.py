"""Erasure by verified customer id: every call attempt that carried the id (used or not), its
session, call, report and token leave every table and the logs, in a few statements."""

from __future__ import annotations

import json
import logging
import time

from sqlalchemy import event, select

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.models import Call, WcsSession
from callgate.db.routes import CallContext
from callgate.retention.erasure import Subject, erase
from callgate.routes.identity import identity_secret
from callgate.vault.stored import vault_of
from tests.data import ORIGIN
from tests.retention.test_erasure import erase_cli, erasures
from tests.retention.traces import traces
from tests.routes.test_identity import sign
from tests.wcs import session_id

CUSTOMER = "cust-7731@shop"
NAME = "Ann Erasable"
VISITOR = "192.0.2.77"
UNUSED = "203.0.113.50"
OTHER_NAME = "Bob Kept"
#: Rate-limit counters keyed by address, which expire within a day (the README says so).
COUNTERS = [("rate_counters", "key")]


def identity(app, button_id: str, sub: str) -> str:
    """Sign an identity for `sub` with the button's secret, as the site's server does."""
    with app.app_context():
        secret = identity_secret(get_db(), vault_of(get_db()), button_id)
    name = NAME if sub == CUSTOMER else OTHER_NAME
    return sign(secret, {"sub": sub, "name": name, "exp": int(time.time()) + 300})


def ask(client, button_id: str, body: dict, ip: str):
    """POST the widget's token request with `body` from a visitor at `ip`."""
    return client.post(
        f"/api/v1/buttons/{button_id}/token",
        data=json.dumps(body),
        headers={"Origin": ORIGIN, "Content-Type": "text/plain"},
        environ_overrides={"REMOTE_ADDR": ip},
    )


def verified_call(app, client, wcs, button_id: str, sub: str, ip: str) -> tuple[str, str]:
    """Place a rated call of verified customer `sub` from `ip`; return (call id, session id)."""
    grant = ask(
        client, button_id, {"identity": identity(app, button_id, sub), "page": "/orders"}, ip
    )
    assert grant.status_code == 200, grant.get_json()
    sid = session_id(ip)
    connect = wcs.connect_body(grant.get_json()["token"], ORIGIN, sid)
    assert wcs.post("connect", connect).status_code == 200
    body = wcs.call_body(sid)
    assert wcs.post("call", body).status_code == 200
    report = {"key": grant.get_json()["reportKey"], "rating": 4, "tags": []}
    rated = client.post("/api/v1/calls/report", data=json.dumps(report), headers={"Origin": ORIGIN})
    assert rated.status_code == 200, rated.get_json()
    return body["callId"], sid


def test_a_customer_leaves_every_table_and_the_logs(
    app, client, runner, wcs, offering, database_url, caplog
):
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        update_button(get_db(), offering.id, {"max_concurrent": 5})
    first, first_sid = verified_call(app, client, wcs, offering.id, CUSTOMER, VISITOR)
    second, second_sid = verified_call(app, client, wcs, offering.id, CUSTOMER, "192.0.2.78")
    unused = ask(client, offering.id, {"identity": identity(app, offering.id, CUSTOMER)}, UNUSED)
    assert unused.status_code == 200  # a token never used: a context without a session
    other, other_sid = verified_call(app, client, wcs, offering.id, "cust-other", "198.51.100.9")
    assert traces(database_url, CUSTOMER)  # the search finds it before
    counts = erase_cli(runner, "--customer", CUSTOMER)
    assert (counts["call_contexts"], counts["sessions"], counts["call_reports"]) == (3, 2, 2)
    assert counts["audit_rows"] >= 4  # each session's connect/call rows and its token
    assert traces(database_url, CUSTOMER, NAME, first_sid, second_sid) == []
    assert traces(database_url, VISITOR, "192.0.2.78") == COUNTERS
    assert CUSTOMER not in caplog.text and VISITOR not in caplog.text
    with app.app_context():
        names = {c.customer: (c.name, c.page) for c in get_db().scalars(select(CallContext))}
        calls = {c.call_id: c.session_id for c in get_db().scalars(select(Call))}
    assert names == {None: (None, None), "cust-other": (OTHER_NAME, "/orders")}
    assert calls[first].startswith("erased-") and calls[second].startswith("erased-")
    assert calls[other] == other_sid and traces(database_url, "cust-other", other_sid)
    [row] = erasures(app)
    assert (row.actor, row.call_id, row.details) == (
        "cli",
        None,
        {
            "by": "customer id",
            "erased": counts,
            "say": {"code": "erased", "params": {"by": "customer id"}},
        },
    )
    assert row.reason == "a visitor's data erased, found by customer id"


def test_a_context_whose_token_was_never_used_is_blanked(app, client, offering):
    assert (
        ask(
            client, offering.id, {"identity": identity(app, offering.id, CUSTOMER)}, UNUSED
        ).status_code
        == 200
    )
    with app.app_context():
        counts = erase(get_db(), Subject(customer=f" {CUSTOMER} "), "user:admin@example.com")
        [context] = get_db().scalars(select(CallContext))
    assert (counts["call_contexts"], counts["sessions"]) == (1, 0)
    assert (context.customer, context.name, context.page) == (None, None, None)
    [row] = erasures(app)
    assert CUSTOMER not in json.dumps(row.details) and CUSTOMER not in (row.reason or "")


def test_a_thousand_calls_cost_a_handful_of_statements(app, button):
    with app.app_context():
        db = get_db()
        for i in range(1000):
            sid = session_id(VISITOR, 10000 + i)
            db.add(CallContext(jti=f"j{i}", button_id=button.id, customer=CUSTOMER))
            db.add(WcsSession(session_id=sid, jti=f"j{i}", button_id=button.id, origin=ORIGIN))
            db.add(Call(call_id=f"c{i}", session_id=sid, button_id=button.id, callee="100"))
        db.commit()
        statements: list[str] = []
        engine = db.get_bind()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            counts = erase(db, Subject(customer=CUSTOMER), "cli")
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    assert (counts["call_contexts"], counts["sessions"]) == (1000, 1000)
    assert len(statements) <= 30, statements


def test_without_yes_it_asks_first(app, client, runner, offering):
    ask(client, offering.id, {"identity": identity(app, offering.id, CUSTOMER)}, UNUSED)
    refused = runner.invoke(args=["visitors", "erase", "--customer", CUSTOMER], input="n\n")
    assert refused.exit_code == 1 and erasures(app) == []
    assert "Erase that customer's call attempts (1 found, 0 calls)? This cannot be undone." in (
        refused.output
    )
    agreed = runner.invoke(args=["visitors", "erase", "--customer", CUSTOMER], input="y\n")
    assert agreed.exit_code == 0 and "call contexts: 1" in agreed.output

"""The hook edge: signatures over raw bytes, body limits, malformed JSON, one commit per hook."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from callgate.hooks.verify import sign
from tests.data import HOOK_SECRETS, ORIGIN
from tests.databases import BACKEND
from tests.wcs import FakeWcs, session_id


@pytest.fixture
def connect_raw(button, get_token) -> bytes:
    body = FakeWcs.connect_body(get_token(button.id)["token"], ORIGIN, session_id())
    return json.dumps(body).encode()


def test_second_hook_secret_verifies(wcs, connect_raw):
    assert wcs.post("connect", connect_raw, secret=HOOK_SECRETS[1]).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "WCS",
        "WCS 0123",
        "Bearer abc",
        "WCS " + "0" * 32,
    ],
)
def test_unsigned_or_wrongly_signed_is_refused(wcs, connect_raw, authorization):
    response = wcs.post("connect", connect_raw, authorization=authorization, signed=False)
    assert response.status_code == 403
    assert "sipPassword" not in response.text
    assert set(response.get_json()) == {"status", "reason"}


def test_signed_with_unknown_secret_is_refused(wcs, connect_raw):
    assert wcs.post("connect", connect_raw, secret="not-configured").status_code == 403


def test_reserialized_body_does_not_verify(wcs, connect_raw):
    signature = sign(connect_raw, HOOK_SECRETS[0])
    reserialized = json.dumps(json.loads(connect_raw), indent=1, sort_keys=True).encode()
    response = wcs.post("connect", reserialized, authorization=signature)
    assert response.status_code == 403


def test_body_changed_after_signing_is_refused(wcs, connect_raw):
    signature = sign(connect_raw, HOOK_SECRETS[0])
    tampered = connect_raw.replace(b"callgate", b"callgatX")
    assert wcs.post("connect", tampered, authorization=signature).status_code == 403


def test_no_hook_secret_refuses_everything(make_app, connect_raw):
    wcs = FakeWcs(make_app(WCS_HOOK_SECRETS=[]).test_client(), "")
    for method in ("connect", "call", "CallStatusEvent"):
        assert wcs.post(method, connect_raw, authorization=sign(connect_raw, "")).status_code == 403


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "malformed JSON"),
        (b"{", "malformed JSON"),
        (b"\xff\xfe", "malformed JSON"),
        (b"[]", "body must be a JSON object"),
        (b'"text"', "body must be a JSON object"),
        (b"null", "body must be a JSON object"),
        (b"[" * 100000 + b"]" * 100000, "body too large"),
        (b'{"sessionId": 5}', "missing sessionId"),
        (b'{"sessionId": ""}', "missing sessionId"),
        (b"{}", "missing sessionId"),
        (json.dumps({"sessionId": "/1.2.3.4:5/x", "a": "b" * 70000}).encode(), "body too large"),
    ],
)
def test_malformed_bodies_get_json_errors(wcs, button, raw, reason):
    for method in ("connect", "call", "CallStatusEvent"):
        response = wcs.post(method, raw)
        assert response.status_code in (400, 413)
        assert response.get_json() == {"status": response.status_code, "reason": reason}


def test_deeply_nested_json_within_limit_is_a_400(wcs, button):
    raw = b'{"sessionId": "/1.2.3.4:5/x", "a": ' + b"[" * 30000 + b"]" * 30000 + b"}"
    response = wcs.post("connect", raw)
    assert response.status_code == 400
    assert response.get_json() == {"status": 400, "reason": "malformed JSON"}


def test_answers_are_json(wcs, connect_raw):
    ok = wcs.post("connect", connect_raw)
    assert ok.headers["Content-Type"] == "application/json"
    denied = wcs.post("transfer", connect_raw)
    assert denied.headers["Content-Type"] == "application/json"


def test_get_on_a_hook_is_a_json_405(client):
    response = client.get("/hooks/wcs/connect")
    assert response.status_code == 405
    assert response.get_json() == {"status": 405, "reason": "method not allowed"}


@pytest.fixture
def failing_audit(sql):
    """Make the database refuse the audit row of an allowed hook of one method."""

    def fail(action: str) -> Callable[[], None]:
        if BACKEND == "sqlite":
            sql(
                "CREATE TRIGGER no_audit BEFORE INSERT ON audit_events WHEN NEW.action = "
                f"'{action}' AND NEW.outcome = 'allowed' BEGIN SELECT RAISE(ABORT, 'no'); END"
            )
            return lambda: sql("DROP TRIGGER no_audit")
        sql(
            "CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'no'; END $$"
        )
        sql(
            "CREATE TRIGGER no_audit BEFORE INSERT ON audit_events FOR EACH ROW WHEN "
            f"(NEW.action = '{action}' AND NEW.outcome = 'allowed') EXECUTE FUNCTION no_audit()"
        )
        return lambda: sql("DROP TRIGGER no_audit ON audit_events; DROP FUNCTION no_audit()")

    return fail


UNAVAILABLE = {"status": 503, "reason": "service unavailable"}


def test_connect_whose_audit_row_fails_is_refused_and_consumes_nothing(
    wcs, button, get_token, sql, failing_audit
):
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, session_id())
    restore = failing_audit("connect")
    response = wcs.post("connect", body)
    assert (response.status_code, response.get_json()) == (503, UNAVAILABLE)
    assert sql("SELECT count(*) FROM wcs_sessions")[0][0] == 0
    restore()
    # The token was not spent: the decision fell with its audit row.
    assert wcs.post("connect", body).status_code == 200
    assert sql("SELECT action, outcome FROM audit_events WHERE action = 'connect'") == [
        ("connect", "allowed")
    ]


def test_call_whose_audit_row_fails_takes_no_slot_and_no_budget(
    wcs, button, get_token, sql, failing_audit
):
    sid = wcs.open_session(get_token(button.id)["token"], ORIGIN)
    restore = failing_audit("call")
    response = wcs.post("call", wcs.call_body(sid))
    assert (response.status_code, response.get_json()) == (503, UNAVAILABLE)
    for table in ("calls", "call_slots", "daily_usage"):
        assert sql(f"SELECT count(*) FROM {table}")[0][0] == 0, table
    restore()
    assert wcs.post("call", wcs.call_body(sid)).status_code == 200
    assert sql("SELECT count(*) FROM calls")[0][0] == 1

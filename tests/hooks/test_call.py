"""`/hooks/wcs/call`: only after connect, once per session, always to the button's callee."""

from __future__ import annotations

import pytest

from buttons.store import update_button
from db import get_db
from tests.data import BUTTON, ORIGIN
from tests.wcs import session_id


@pytest.fixture
def connected(button, wcs, get_token) -> str:
    """Return the sessionId of a session that passed /connect."""
    sid = session_id()
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
    assert wcs.post("connect", body).status_code == 200
    return sid


def assert_refused(response, reason: str) -> None:
    assert response.status_code == 403
    assert response.get_json() == {"status": 403, "reason": reason}


@pytest.mark.parametrize("callee", ["+88213000000", "900123", "sip:premium@evil.example", "", None])
def test_callee_is_forced(wcs, connected, callee):
    response = wcs.post("call", wcs.call_body(connected, callee=callee))
    assert response.status_code == 200
    assert response.get_json()["callee"] == BUTTON["callee"]


def test_call_without_connect_is_refused(wcs, button):
    assert_refused(wcs.post("call", wcs.call_body(session_id())), "no open session")


def test_second_call_in_session_is_refused_but_retry_is_answered(wcs, connected):
    body = wcs.call_body(connected)
    first, retry = wcs.post("call", body), wcs.post("call", body)
    assert first.status_code == retry.status_code == 200
    assert first.get_data() == retry.get_data()
    assert_refused(wcs.post("call", wcs.call_body(connected)), "one call per session")


def test_call_after_disconnect_is_refused(wcs, connected):
    wcs.post("ConnectionStatusEvent", wcs.event_body(connected, "DISCONNECTED"))
    assert_refused(wcs.post("call", wcs.call_body(connected)), "no open session")


def test_call_on_disabled_button_is_refused(app, wcs, button, connected):
    with app.app_context():
        update_button(get_db(), button.id, {"enabled": False})
    assert_refused(wcs.post("call", wcs.call_body(connected)), "button unavailable")


@pytest.mark.parametrize("call_id", [None, "", 7, "x" * 201])
def test_call_needs_a_call_id(wcs, connected, call_id):
    assert_refused(
        wcs.post("call", wcs.call_body(connected) | {"callId": call_id}), "missing callId"
    )


def test_same_call_id_from_another_session_is_refused(wcs, button, get_token, connected):
    body = wcs.call_body(connected)
    assert wcs.post("call", body).status_code == 200
    other = session_id()
    wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, other))
    assert_refused(wcs.post("call", body | {"sessionId": other}), "one call per session")


@pytest.mark.parametrize(
    "method",
    [
        "transfer",
        "sendDtmf",
        "sendDTMF",
        "hold",
        "unhold",
        "answer",
        "publishStream",
        "playStream",
        "sendData",
        "OnDataEvent",
        "sendMessage",
        "OnCallEvent",
        "unknownMethod",
        "Connect",
        "CALL",
    ],
)
def test_other_methods_are_denied(wcs, connected, method):
    body = wcs.call_body(connected) | {"target": "+88213000000"}
    response = wcs.post(method, body)
    assert response.status_code == 403
    assert response.get_json() == {"status": 403, "reason": f"method {method} not allowed"}

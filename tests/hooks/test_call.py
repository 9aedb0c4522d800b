"""`/hooks/wcs/call`: only after connect, once per session, always to the button's callee."""

from __future__ import annotations

import pytest

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.models import Call
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


#: The fields of a call that WCS puts into the SIP INVITE (wcs-protocol.md, the SDK's createCall).
SIP_REACHING = {
    "callee",
    "caller",
    "visibleName",
    "sipHeaders",
    "sipSDP",
    "inviteParameters",
    "isMsrp",
}
PAGE_CHOSEN = {
    "caller": "+88213000000",
    "visibleName": "Your bank",
    "sipHeaders": ["P-Asserted-Identity: <sip:+88213000000@evil.example>", "Diversion: <sip:x>"],
    "sipSDP": ["b=AS:100000"],
    "inviteParameters": {"user": "phone", "transport": "tcp"},
    "isMsrp": True,
}


def test_every_field_that_reaches_sip_is_the_buttons(wcs, connected, button):
    response = wcs.post("call", wcs.call_body(connected, **PAGE_CHOSEN))
    assert response.status_code == 200
    answer = response.get_json()
    assert {field: answer.get(field) for field in SIP_REACHING} == {
        "callee": BUTTON["callee"],
        "caller": BUTTON["sip_login"],
        "visibleName": "",
        "sipHeaders": [],
        "sipSDP": [],
        "inviteParameters": {},
        "isMsrp": False,
    }


def test_wcs_is_told_to_take_every_forced_field(wcs, get_token, button):
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, session_id())
    call = wcs.post("connect", body).get_json()["restClientConfig"]["call"]
    assert (call["restPolicy"], call["restOnError"]) == ("OVERWRITE", "FAIL")
    assert set(call["restOverwrite"].split(",")) == SIP_REACHING


@pytest.mark.parametrize(
    "extra",
    [
        {"visibleName": "Web\r\nP-Asserted-Identity: <sip:+88213000000@evil.example>"},
        {"caller": "a\nb"},
        {"sipHeaders": ["X-A: 1\r\nX-B: 2"]},
        {"custom": {"ticket": "t\r\n"}},
    ],
)
def test_line_breaks_in_a_call_are_refused(app, wcs, connected, extra):
    body = wcs.call_body(connected, **extra)
    response = wcs.post("call", body)
    assert response.status_code == 400
    assert response.get_json()["reason"].startswith("control character in ")
    with app.app_context():
        assert get_db().get(Call, body["callId"]) is None


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

"""`sendDtmf` / `sendDTMF`: answered only for opted-in buttons, inside their session's call."""

from __future__ import annotations

import pytest

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.guardrails.killswitch import switch
from tests.audit.test_trail import audit
from tests.data import ORIGIN
from tests.wcs import session_id

SPELLINGS = ["sendDtmf", "sendDTMF"]


@pytest.fixture
def in_call(app, button, wcs, get_token) -> dict:
    """A session of the test button (DTMF on) that placed a call; its `call` body."""
    with app.app_context():
        update_button(get_db(), button.id, {"dtmf": True})
    sid = session_id()
    connected = wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid))
    assert connected.status_code == 200
    body = wcs.call_body(sid)
    assert wcs.post("call", body).status_code == 200
    return body


def dtmf(body: dict, digits: object = "5") -> dict:
    """Return the hook body WCS sends for `call.sendDTMF(digits)`: the Call plus the digits."""
    return {k: v for k, v in body.items() if k != "sdp"} | {"type": "RFC2833", "dtmf": digits}


def assert_refused(response, reason: str) -> None:
    assert (response.status_code, response.get_json()) == (403, {"status": 403, "reason": reason})


@pytest.mark.parametrize("method", SPELLINGS)
@pytest.mark.parametrize("digits", ["0", "9", "*", "#", "123#", 7])
def test_opted_in_call_gets_its_digits_echoed(wcs, in_call, method, digits):
    body = dtmf(in_call, digits)
    response = wcs.post(method, body)
    assert (response.status_code, response.get_json()) == (200, body)


@pytest.mark.parametrize("method", SPELLINGS)
def test_buttons_without_dtmf_refuse_as_before(app, wcs, button, in_call, method):
    with app.app_context():
        update_button(get_db(), button.id, {"dtmf": False})
    assert_refused(wcs.post(method, dtmf(in_call)), f"method {method} not allowed")


def test_disabled_button_refuses(app, wcs, button, in_call):
    with app.app_context():
        update_button(get_db(), button.id, {"enabled": False})
    assert_refused(wcs.post("sendDtmf", dtmf(in_call)), "method sendDtmf not allowed")


@pytest.mark.parametrize("digits", ["", "A", "1 2", "xyz", "1" * 21, None, True, [1], 1.5])
def test_anything_but_keypad_digits_is_refused(wcs, in_call, digits):
    assert_refused(wcs.post("sendDtmf", dtmf(in_call, digits)), "bad dtmf digits")


def test_digits_with_a_line_break_are_a_malformed_body(wcs, in_call):
    response = wcs.post("sendDtmf", dtmf(in_call, "5\r\n"))
    assert (response.status_code, response.get_json()) == (
        400,
        {"status": 400, "reason": "control character in dtmf"},
    )


def test_unknown_or_closed_session_is_refused(wcs, in_call):
    stranger = dtmf(in_call) | {"sessionId": session_id()}
    assert_refused(wcs.post("sendDtmf", stranger), "no open session")
    wcs.post("ConnectionStatusEvent", wcs.event_body(in_call["sessionId"], "DISCONNECTED"))
    assert_refused(wcs.post("sendDtmf", dtmf(in_call)), "no open session")


@pytest.mark.parametrize("call_id", ["another-call", None, 7])
def test_digits_need_the_sessions_own_call(wcs, in_call, call_id):
    assert_refused(wcs.post("sendDtmf", dtmf(in_call) | {"callId": call_id}), "no call in progress")


def test_digits_for_another_sessions_call_are_refused(wcs, button, in_call, get_token):
    other = session_id()
    wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, other))
    borrowed = dtmf(in_call) | {"sessionId": other}
    assert_refused(wcs.post("sendDtmf", borrowed), "no call in progress")


def test_digits_after_the_call_finished_are_refused(wcs, in_call):
    sid, call_id = in_call["sessionId"], in_call["callId"]
    assert wcs.post("CallStatusEvent", wcs.event_body(sid, "FINISH", call_id)).status_code == 200
    assert_refused(wcs.post("sendDtmf", dtmf(in_call)), "no call in progress")


def test_kill_switch_stops_digits_and_refusals_are_audited(app, runner, wcs, in_call):
    with app.app_context():
        switch(get_db(), True)
    assert_refused(wcs.post("sendDtmf", dtmf(in_call)), "kill switch")
    event = audit(runner)[0]
    assert (event["action"], event["outcome"]) == ("hook:sendDtmf", "refused")
    assert event["reason"] == "kill switch"


def test_public_config_tells_the_widget(app, client, button):
    url = f"/api/v1/buttons/{button.id}"
    assert client.get(url, headers={"Origin": ORIGIN}).get_json()["dtmf"] is False
    with app.app_context():
        update_button(get_db(), button.id, {"dtmf": True})
    assert client.get(url, headers={"Origin": ORIGIN}).get_json()["dtmf"] is True

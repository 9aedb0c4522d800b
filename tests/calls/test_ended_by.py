"""Who ended each call, derived from the hook events, in the call log and `flask calls list`."""

from __future__ import annotations

import json

import pytest

from callgate.calls.history import list_calls
from callgate.db import get_db
from tests.data import ORIGIN
from tests.wcs import session_id


@pytest.fixture
def call(button, wcs, get_token) -> dict:
    sid = session_id()
    wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid))
    body = wcs.call_body(sid)
    assert wcs.post("call", body).status_code == 200
    for status in ("TRYING", "RING", "ESTABLISHED"):
        wcs.post("CallStatusEvent", wcs.event_body(sid, status, body["callId"]))
    return body


HANGUP = ("hangup", "ESTABLISHED")
FINISH = ("CallStatusEvent", "FINISH")
DISCONNECTED = ("ConnectionStatusEvent", "DISCONNECTED")
WHOLE_HANGUP = ("hangup", "WHOLE")


@pytest.mark.parametrize(
    ("events", "ended_by"),
    [
        ([HANGUP, FINISH, DISCONNECTED], "visitor"),
        ([FINISH, DISCONNECTED], "callee"),
        ([FINISH, HANGUP], "visitor"),
        ([("CallStatusEvent", "BUSY")], "callee busy"),
        ([("CallStatusEvent", "FAILED")], "failure: SIP 503 SERVICE UNAVAILABLE"),
        ([DISCONNECTED, FINISH], "visitor disconnected"),
        ([("ConnectionStatusEvent", "FAILED")], "network failure"),
        ([FINISH, ("CallStatusEvent", "FAILED"), HANGUP], "visitor"),
        ([("CallStatusEvent", "FAILED"), HANGUP], "failure: SIP 503 SERVICE UNAVAILABLE"),
        ([("CallStatusEvent", "HOLD")], None),
        # WCS may post the whole call object on /hangup, SDP included.
        ([WHOLE_HANGUP, FINISH, DISCONNECTED], "visitor"),
        ([FINISH, WHOLE_HANGUP], "visitor"),
    ],
)
def test_who_ended_the_call(app, wcs, call, events, ended_by):
    for method, status in events:
        call_id = None if method == "ConnectionStatusEvent" else call["callId"]
        body = wcs.event_body(call["sessionId"], status, call_id)
        if (method, status) == WHOLE_HANGUP:
            method, body = "hangup", call | {"status": "ESTABLISHED", "sipStatus": 200}
        if status == "FAILED":
            body["info"] = "SIP 503 SERVICE UNAVAILABLE"
        assert wcs.post(method, body).status_code == 200
    with app.app_context():
        [entry] = list_calls(get_db())
    assert entry["endedBy"] == ended_by


def test_a_long_failure_reason_is_cut_to_fit(app, wcs, call):
    body = wcs.event_body(call["sessionId"], "FAILED", call["callId"], info="SIP 500 " + "x" * 400)
    assert wcs.post("CallStatusEvent", body).status_code == 200
    with app.app_context():
        [entry] = list_calls(get_db())
    assert entry["endedBy"] == ("failure: SIP 500 " + "x" * 400)[:64]


def test_calls_list_shows_who_ended_it(wcs, runner, call):
    wcs.post("hangup", wcs.event_body(call["sessionId"], "ESTABLISHED", call["callId"]))
    wcs.post("CallStatusEvent", wcs.event_body(call["sessionId"], "FINISH", call["callId"]))
    result = runner.invoke(args=["calls", "list"])
    header, row = result.output.splitlines()
    column = header.index("ENDED BY")
    assert row[column:].split()[0] == "visitor"
    listed = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)
    assert listed[0]["endedBy"] == "visitor"

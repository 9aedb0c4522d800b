"""The whole happy path through real parts: token, connect, call, events, call log."""

from __future__ import annotations

import time_machine

from callgate.calls.history import list_calls
from callgate.db import get_db
from callgate.hooks.rest_config import DIRECT_INVOCATIONS, SIP_FIELDS
from tests.data import BUTTON, ORIGIN, SIP_PASSWORD
from tests.wcs import session_id


def test_token_connect_call_events_log(app, button, wcs, get_token):
    with time_machine.travel("2026-11-26 10:00:00Z", tick=False) as clock:
        token = get_token(button.id)["token"]
        sid = session_id("203.0.113.77")
        connect_body = wcs.connect_body(
            token, ORIGIN, sid, sipLogin="attacker", sipPassword="x", sipDomain="evil.example"
        )
        connected = wcs.post("connect", connect_body)
        assert connected.status_code == 200
        answer = connected.get_json()
        assert answer["sipLogin"] == BUTTON["sip_login"]
        assert answer["sipAuthenticationName"] == BUTTON["sip_auth_name"]
        assert answer["sipPassword"] == SIP_PASSWORD
        assert answer["sipDomain"] == BUTTON["sip_domain"]
        assert answer["custom"] == {"token": token}
        config = answer["restClientConfig"]
        assert config["call"]["restPolicy"] == "OVERWRITE"
        assert config["call"]["restOverwrite"].split(",")[0] == "callee"
        assert config["call"]["restOnError"] == "FAIL"
        assert all(config[m]["restOnError"] == "FAIL" for m in DIRECT_INVOCATIONS)
        for method in ("ConnectionStatusEvent", "RegistrationStatusEvent", "CallStatusEvent"):
            assert set(SIP_FIELDS) <= set(config[method]["clientExclude"].split(","))

        call = wcs.call_body(sid, callee="+88213000000")
        called = wcs.post("call", call)
        assert called.status_code == 200
        assert called.get_json()["callee"] == BUTTON["callee"]
        assert called.get_json()["sdp"] == call["sdp"]

        for status in ("TRYING", "RING", "ESTABLISHED"):
            assert (
                wcs.post("CallStatusEvent", wcs.event_body(sid, status, call["callId"])).status_code
                == 200
            )
        clock.shift(42)
        # A hangup carries the call's status at that moment.
        hangup = wcs.event_body(sid, "ESTABLISHED", call["callId"])
        assert wcs.post("hangup", hangup | {"sipStatus": 200}).status_code == 200
        assert (
            wcs.post("CallStatusEvent", wcs.event_body(sid, "FINISH", call["callId"])).status_code
            == 200
        )
        assert (
            wcs.post("ConnectionStatusEvent", wcs.event_body(sid, "DISCONNECTED")).status_code
            == 200
        )

    with app.app_context():
        [entry] = list_calls(get_db())
    assert entry["callId"] == call["callId"]
    assert entry["buttonId"] == button.id
    assert entry["origin"] == ORIGIN
    assert entry["visitorIp"] == "203.0.113.0"
    assert entry["finalStatus"] == "FINISH"
    assert entry["talkSeconds"] == 42.0
    assert [(s["event"], s["status"]) for s in entry["statuses"]] == [
        ("CallStatusEvent", "TRYING"),
        ("CallStatusEvent", "RING"),
        ("CallStatusEvent", "ESTABLISHED"),
        ("hangup", "ESTABLISHED"),
        ("CallStatusEvent", "FINISH"),
    ]

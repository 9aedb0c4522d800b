"""Status events and hangup: recorded once however often WCS retries, echoed with 200."""

from __future__ import annotations

import pytest
import time_machine
from sqlalchemy import func, select

from callgate.calls.history import list_calls
from callgate.db import get_db
from callgate.db.models import CallEvent, WcsSession
from tests.data import ORIGIN
from tests.wcs import session_id


@pytest.fixture
def call(button, wcs, get_token) -> dict:
    sid = session_id()
    wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid))
    body = wcs.call_body(sid)
    assert wcs.post("call", body).status_code == 200
    return body


@pytest.mark.parametrize(
    "method", ["ConnectionStatusEvent", "RegistrationStatusEvent", "CallStatusEvent", "hangup"]
)
def test_events_are_echoed(wcs, call, method):
    # Session events name no call (hooks/shapes.py).
    call_id = call["callId"] if method in ("CallStatusEvent", "hangup") else None
    body = wcs.event_body(call["sessionId"], "ESTABLISHED", call_id, info="x")
    response = wcs.post(method, body)
    assert response.status_code == 200
    assert response.get_json() == body
    assert response.headers["Content-Type"] == "application/json"


def test_duplicates_and_reordering_do_not_double_count(app, wcs, call):
    sid, cid = call["sessionId"], call["callId"]
    with time_machine.travel("2026-11-26 09:00:00Z", tick=False) as clock:
        for _ in range(3):
            wcs.post("CallStatusEvent", wcs.event_body(sid, "ESTABLISHED", cid))
        clock.shift(30)
        wcs.post("CallStatusEvent", wcs.event_body(sid, "FINISH", cid))
        clock.shift(30)
        wcs.post("CallStatusEvent", wcs.event_body(sid, "FINISH", cid))
        wcs.post("CallStatusEvent", wcs.event_body(sid, "ESTABLISHED", cid))
        wcs.post("CallStatusEvent", wcs.event_body(sid, "FAILED", cid))
    with app.app_context():
        [entry] = list_calls(get_db())
        count = get_db().scalar(select(func.count()).select_from(CallEvent))
    assert entry["talkSeconds"] == 30.0
    assert entry["finalStatus"] == "FINISH"
    assert count == 3


def test_finish_before_established_still_yields_talk_time(app, wcs, call):
    sid, cid = call["sessionId"], call["callId"]
    with time_machine.travel("2026-11-26 09:00:00Z", tick=False) as clock:
        wcs.post("CallStatusEvent", wcs.event_body(sid, "ESTABLISHED", cid))
        clock.shift(12)
        wcs.post("CallStatusEvent", wcs.event_body(sid, "FINISH", cid))
    with app.app_context():
        assert list_calls(get_db())[0]["talkSeconds"] == 12.0


def test_disconnected_closes_the_session(app, wcs, call):
    sid = call["sessionId"]
    assert wcs.post("ConnectionStatusEvent", wcs.event_body(sid, "DISCONNECTED")).status_code == 200
    with app.app_context():
        session = get_db().get(WcsSession, sid)
        assert session.closed_at is not None and session.status == "DISCONNECTED"


def test_event_for_unknown_session_is_echoed_not_recorded(app, wcs, button):
    body = wcs.event_body(session_id(), "FAILED", info="Forbidden")
    assert wcs.post("ConnectionStatusEvent", body).get_json() == body
    with app.app_context():
        assert get_db().scalar(select(func.count()).select_from(CallEvent)) == 0


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (None, "missing status"),
        ("", "missing status"),
        (5, "bad status"),
        (["x"], "bad status"),
        ("finish", "bad status"),
        ("F" * 33, "bad status"),
        ("PENDING", "not a status event body"),
    ],
)
def test_odd_status_values_are_a_400_that_stores_nothing(app, wcs, call, status, reason):
    body = wcs.event_body(call["sessionId"], "X", call["callId"]) | {"status": status}
    response = wcs.post("CallStatusEvent", body)
    assert (response.status_code, response.get_json()) == (400, {"status": 400, "reason": reason})
    with app.app_context():
        assert get_db().scalar(select(func.count()).select_from(CallEvent)) == 0


def test_an_unknown_status_is_recorded_without_effect(app, wcs, call):
    body = wcs.event_body(call["sessionId"], "RING_MEDIA_NEW", call["callId"])
    assert wcs.post("CallStatusEvent", body).status_code == 200
    with app.app_context():
        [entry] = list_calls(get_db())
    assert entry["finalStatus"] is None
    assert [s["status"] for s in entry["statuses"]] == ["RING_MEDIA_NEW"]

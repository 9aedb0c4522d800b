"""hooks/shapes.py: a captured signed body has effect only under the method whose shape it has.

The signature covers the body, not the method, so an attacker who captured hook traffic can
post a body to any hook URL with its valid signature. `FakeWcs.post` signs exactly the bytes
it sends, as the capture would carry them, so posting a captured body is the replay itself.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.models import CallSlot, WcsSession
from tests.data import ORIGIN
from tests.wcs import session_id


@pytest.fixture
def app(roomy_app):
    return roomy_app


@pytest.fixture
def one_line(app, button):
    """The button takes one call at a time."""
    with app.app_context():
        update_button(get_db(), button.id, {"max_concurrent": 1})
    return button


@pytest.fixture
def captured(one_line, wcs, get_token) -> dict[str, dict]:
    """The signed bodies of a call in progress, as an attacker on the path captured them."""
    sid = session_id()
    bodies = {"connect": wcs.connect_body(get_token(one_line.id)["token"], ORIGIN, sid)}
    assert wcs.post("connect", bodies["connect"]).status_code == 200
    bodies["ConnectionStatusEvent"] = wcs.event_body(sid, "ESTABLISHED")
    bodies["call"] = wcs.call_body(sid)
    assert wcs.post("call", bodies["call"]).status_code == 200
    for status in ("TRYING", "RING", "ESTABLISHED"):
        bodies[status] = wcs.call_body(sid, bodies["call"]["callId"], status=status)
        bodies[status].pop("sdp")
        assert wcs.post("CallStatusEvent", bodies[status]).status_code == 200
    return bodies


def slots_held(app) -> int:
    with app.app_context():
        return len(get_db().scalars(select(CallSlot.call_id)).all())


def second_call(wcs, get_token, button) -> int:
    sid = session_id()
    wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid))
    return wcs.post("call", wcs.call_body(sid)).status_code


@pytest.mark.parametrize(
    ("body", "target", "status", "reason"),
    [
        ("call", "hangup", 400, "not a hangup body"),
        ("call", "CallStatusEvent", 400, "not a status event body"),
        ("call", "ConnectionStatusEvent", 400, "not a session event body"),
        ("connect", "call", 403, "missing callId"),
        ("connect", "hangup", 400, "missing callId"),
        ("connect", "ConnectionStatusEvent", 400, "missing status"),
        ("ConnectionStatusEvent", "CallStatusEvent", 400, "missing callId"),
        ("ConnectionStatusEvent", "hangup", 400, "missing callId"),
        ("ESTABLISHED", "ConnectionStatusEvent", 400, "not a session event body"),
        ("ESTABLISHED", "RegistrationStatusEvent", 400, "not a session event body"),
        ("ESTABLISHED", "call", 400, "not a call body"),
        ("ESTABLISHED", "connect", 400, "not a connect body"),
    ],
)
def test_a_body_posted_to_another_method_is_refused(
    app, wcs, get_token, one_line, captured, body, target, status, reason
):
    response = wcs.post(target, captured[body])
    assert (response.status_code, response.get_json()) == (
        status,
        {"status": status, "reason": reason},
    )
    assert slots_held(app) == 1
    with app.app_context():
        assert get_db().get(WcsSession, captured["call"]["sessionId"]).closed_at is None
    assert second_call(wcs, get_token, one_line) == 403


@pytest.mark.parametrize("status", ["TRYING", "RING", "ESTABLISHED"])
def test_a_status_event_replayed_as_its_hangup_frees_nothing(
    app, wcs, get_token, one_line, captured, status
):
    assert wcs.post("hangup", captured[status]).status_code == 200
    assert slots_held(app) == 1
    assert second_call(wcs, get_token, one_line) == 403


def test_a_real_hangup_frees_the_slot(app, wcs, get_token, one_line, captured):
    hangup = captured["ESTABLISHED"] | {"sipStatus": 200}
    assert wcs.post("hangup", hangup).status_code == 200
    assert slots_held(app) == 0
    assert second_call(wcs, get_token, one_line) == 200


@pytest.mark.parametrize("status", ["PENDING", "FINISH", "FAILED", "BUSY", "NEW"])
def test_a_hangup_only_of_a_call_in_progress(app, wcs, one_line, captured, status):
    hangup = captured["ESTABLISHED"] | {"status": status, "sipStatus": 1}
    response = wcs.post("hangup", hangup)
    assert (response.status_code, response.get_json()["reason"]) == (400, "not a hangup body")
    assert slots_held(app) == 1


def test_a_hangup_of_a_finished_call_changes_nothing(app, wcs, one_line, captured):
    wcs.post("CallStatusEvent", captured["ESTABLISHED"] | {"status": "FINISH"})
    assert slots_held(app) == 0
    hangup = wcs.event_body(captured["call"]["sessionId"], None, captured["call"]["callId"])
    assert wcs.post("hangup", hangup).status_code == 200
    assert slots_held(app) == 0


def whole_call(captured: dict, status: str) -> dict:
    """The whole call object as WCS may post it on an event or a hangup: the offer SDP too."""
    return captured["call"] | {"status": status, "sipStatus": 200, "sdp": "v=0\r\no=- 1 1 IN\r\n"}


@pytest.mark.parametrize("status", ["RING", "ESTABLISHED", "HOLD"])
def test_a_hangup_may_be_the_whole_call_object_sdp_included(
    app, wcs, get_token, one_line, captured, status
):
    response = wcs.post("hangup", whole_call(captured, status))
    assert (response.status_code, response.get_json()["status"]) == (200, status)
    assert slots_held(app) == 0
    assert second_call(wcs, get_token, one_line) == 200


def test_a_whole_status_event_replayed_as_its_hangup_frees_nothing(
    app, wcs, get_token, one_line, captured
):
    event = whole_call(captured, "HOLD")
    assert wcs.post("CallStatusEvent", event).status_code == 200
    assert wcs.post("hangup", event).status_code == 200
    assert slots_held(app) == 1
    assert second_call(wcs, get_token, one_line) == 403


@pytest.mark.parametrize("status", [None, "", "PENDING"])
def test_a_call_body_with_its_sdp_is_never_a_hangup(app, wcs, one_line, captured, status):
    body = captured["call"] | {"status": status}
    response = wcs.post("hangup", body)
    assert (response.status_code, response.get_json()["reason"]) == (400, "not a hangup body")
    assert slots_held(app) == 1

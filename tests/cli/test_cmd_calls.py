"""`flask calls list`: the call log, built through the real hooks by a fake WCS."""

from __future__ import annotations

import json

import time_machine

from callgate.buttons.store import create_button
from callgate.db import get_db
from tests.data import BUTTON, ORIGIN, SIP_PASSWORD
from tests.wcs import session_id


def place_call(wcs, get_token, clock, button_id: str, ip: str, talk: int) -> tuple[str, str]:
    """Token, connect, call, ESTABLISHED, `talk` seconds, FINISH; return (callId, token)."""
    token = get_token(button_id)["token"]
    sid = session_id(ip)
    assert wcs.post("connect", wcs.connect_body(token, ORIGIN, sid)).status_code == 200
    call = wcs.call_body(sid)
    assert wcs.post("call", call).status_code == 200
    for status in ("ESTABLISHED", "FINISH"):
        event = wcs.event_body(sid, status, call["callId"])
        assert wcs.post("CallStatusEvent", event).status_code == 200
        clock.shift(talk)
    return call["callId"], token


def two_calls(app, button, wcs, get_token) -> dict:
    """Place a 30 s call on `button`, then a 12 s call on a second button."""
    with app.app_context():
        other = create_button(get_db(), BUTTON | {"name": "Support", "callee": "7002"})
    with time_machine.travel("2026-11-26 10:00:00Z", tick=False) as clock:
        first = place_call(wcs, get_token, clock, button.id, "203.0.113.77", 30)
        second = place_call(wcs, get_token, clock, other.id, "192.0.2.150", 12)
    return {"first": (button.id, *first), "second": (other.id, *second)}


def test_no_calls(runner):
    result = runner.invoke(args=["calls", "list"])
    assert (result.exit_code, result.output) == (0, "No calls yet.\n")
    result = runner.invoke(args=["calls", "list", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []


def test_list_shows_calls_of_both_buttons(app, runner, button, wcs, get_token):
    calls = two_calls(app, button, wcs, get_token)
    result = runner.invoke(args=["calls", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["STARTED", "(UTC)", "BUTTON"]
    assert len(lines) == 3
    for (button_id, call_id, _), line in zip(
        [calls["second"], calls["first"]], lines[1:], strict=True
    ):
        assert button_id in line and call_id in line
        assert "FINISH" in line
    assert "30s" in lines[2] and "12s" in lines[1]
    assert "203.0.113.0" in lines[2] and "192.0.2.0" in lines[1]


def test_list_filters_by_button(app, runner, button, wcs, get_token):
    calls = two_calls(app, button, wcs, get_token)
    result = runner.invoke(args=["calls", "list", "--button", button.id])
    assert result.exit_code == 0, result.output
    assert calls["first"][1] in result.output
    assert calls["second"][1] not in result.output
    assert calls["second"][0] not in result.output
    result = runner.invoke(args=["calls", "list", "--button", calls["second"][0], "--json"])
    assert [c["callId"] for c in json.loads(result.output)] == [calls["second"][1]]


def test_list_json_entries(app, runner, button, wcs, get_token):
    calls = two_calls(app, button, wcs, get_token)
    result = runner.invoke(args=["calls", "list", "--json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    expected = [
        (calls["second"][0], calls["second"][1], "192.0.2.0", 12.0),
        (calls["first"][0], calls["first"][1], "203.0.113.0", 30.0),
    ]
    assert [
        (e["buttonId"], e["callId"], e["visitorIp"], e["talkSeconds"]) for e in entries
    ] == expected
    for entry in entries:
        assert entry["origin"] == ORIGIN
        assert entry["finalStatus"] == "FINISH"
        assert [s["status"] for s in entry["statuses"]] == ["ESTABLISHED", "FINISH"]


def test_list_never_shows_password_or_token(app, runner, button, wcs, get_token):
    calls = two_calls(app, button, wcs, get_token)
    tokens = [calls["first"][2], calls["second"][2]]
    for args in (["calls", "list"], ["calls", "list", "--json"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        assert calls["first"][1] in result.output
        assert SIP_PASSWORD not in result.output
        assert not any(token in result.output for token in tokens)


def test_calls_of_an_unknown_button_are_an_error(runner):
    result = runner.invoke(args=["calls", "list", "--button", "nosuchid"])
    assert (result.exit_code, result.output) == (1, "Error: no button 'nosuchid'\n")


def test_a_known_button_without_calls_says_so(runner, button):
    result = runner.invoke(args=["calls", "list", "--button", button.id])
    assert (result.exit_code, result.output) == (0, f"No calls of button {button.id} yet.\n")


def test_a_deleted_button_s_calls_are_still_listed(app, runner, button, wcs, get_token):
    calls = two_calls(app, button, wcs, get_token)
    assert runner.invoke(args=["button", "delete", button.id, "--yes"]).exit_code == 0
    result = runner.invoke(args=["calls", "list", "--button", button.id, "--json"])
    assert result.exit_code == 0, result.output
    assert [c["callId"] for c in json.loads(result.output)] == [calls["first"][1]]

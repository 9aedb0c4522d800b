"""The kill switch: `flask killswitch`, global and per button, refusing from the next request."""

from __future__ import annotations

import json

import pytest

from callgate.buttons.store import create_button, update_button
from callgate.db import get_db
from callgate.guardrails.killswitch import switch
from tests.audit.test_trail import audit
from tests.data import BUTTON, ORIGIN
from tests.wcs import session_id


def killswitch(runner, *args: str) -> dict:
    result = runner.invoke(args=["killswitch", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def token(client, button_id: str):
    return client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})


@pytest.fixture
def other(app):
    with app.app_context():
        return create_button(get_db(), BUTTON | {"name": "Support"})


def test_status_on_and_off_globally(runner, button):
    assert killswitch(runner, "status") == {"global": False, "buttons": []}
    assert killswitch(runner, "on")["global"] is True
    assert killswitch(runner, "status")["global"] is True
    assert killswitch(runner, "off") == {"global": False, "buttons": []}
    reasons = [(e["action"], e["outcome"], e["reason"]) for e in reversed(audit(runner))]
    assert reasons == [
        ("killswitch", "done", "global kill switch on"),
        ("killswitch", "done", "global kill switch off"),
    ]


def test_per_button_switch(runner, button, other):
    data = killswitch(runner, "on", "--button", button.id)
    assert data == {
        "global": False,
        "buttons": [button.id],
        "button": {"id": button.id, "on": True},
        "callsStopped": True,
    }
    assert killswitch(runner, "status", "--button", other.id)["callsStopped"] is False
    killswitch(runner, "on")
    assert killswitch(runner, "status", "--button", other.id)["callsStopped"] is True
    [event] = audit(runner, "--button", button.id)
    assert (event["action"], event["reason"]) == ("killswitch", "button kill switch on")


def test_text_output(runner, button):
    runner.invoke(args=["killswitch", "on", "--button", button.id])
    text = runner.invoke(args=["killswitch", "status"]).output
    assert text == f"Global kill switch: off\nButtons switched off: {button.id}\n"
    text = runner.invoke(args=["killswitch", "status", "--button", button.id]).output
    assert "kill switch: ON" in text and "Calls of this button: refused" in text


def test_unknown_button_is_a_clean_error(runner):
    result = runner.invoke(args=["killswitch", "on", "--button", "nope"])
    assert (result.exit_code, result.output) == (1, "Error: no button 'nope'\n")


@pytest.mark.parametrize("scope", ["global", "button"])
def test_tokens_get_503_while_on_and_flow_again_after(app, client, runner, button, scope):
    args = ["--button", button.id] if scope == "button" else []
    killswitch(runner, "on", *args)
    response = token(client, button.id)
    assert response.status_code == 503
    assert response.get_json() == {
        "error": "kill_switch",
        "message": "calls are switched off (kill switch)",
    }
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert audit(runner)[0]["reason"] == "calls are switched off (kill switch)"
    killswitch(runner, "off", *args)
    assert token(client, button.id).status_code == 200


def test_a_buttons_switch_leaves_other_buttons_alone(client, runner, button, other):
    killswitch(runner, "on", "--button", button.id)
    assert token(client, other.id).status_code == 200


@pytest.mark.parametrize("scope", ["global", "button"])
def test_connect_and_call_are_refused_from_the_next_request(
    app, runner, button, wcs, get_token, scope
):
    ready, late = session_id(), session_id()
    connected = wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, ready))
    assert connected.status_code == 200
    pending = get_token(button.id)["token"]
    with app.app_context():
        switch(get_db(), True, button.id if scope == "button" else None)
    refused = {"status": 403, "reason": "kill switch"}
    connect = wcs.post("connect", wcs.connect_body(pending, ORIGIN, late))
    call = wcs.post("call", wcs.call_body(ready))
    assert (connect.status_code, connect.get_json()) == (403, refused)
    assert (call.status_code, call.get_json()) == (403, refused)
    actions = [(e["action"], e["outcome"], e["reason"]) for e in audit(runner)[:2]]
    assert actions == [("call", "refused", "kill switch"), ("connect", "refused", "kill switch")]


def test_the_kill_switch_wins_over_closed_hours(app, client, button):
    with app.app_context():
        update_button(get_db(), button.id, {"schedule": {}})
    assert token(client, button.id).get_json()["error"] == "closed"
    with app.app_context():
        switch(get_db(), True)
    assert token(client, button.id).get_json()["error"] == "kill_switch"

"""From a key made on the command line to signed events at a receiver, through the real app:
a key by `flask apikeys create`, a button by the API, a call through WCS's hooks, delivery by
`flask calls watchdog --once`, each event verified with the `standardwebhooks` package.
"""

from __future__ import annotations

import json

import pytest
from standardwebhooks import Webhook

from tests.data import BUTTON


@pytest.fixture
def app(make_app, wcs_rest):
    return make_app(WEBHOOK_ALLOW_CIDRS=["127.0.0.1/32"], WCS_API_URL=wcs_rest.url)


def test_key_button_call_and_verified_events(app, client, runner, wcs, get_token, receiver):
    url, got = receiver
    made = runner.invoke(
        args=["apikeys", "create", "--name", "crm", "--json"]
        + ["--scope", "buttons:write", "--scope", "webhooks:write"]
    )
    assert made.exit_code == 0, made.output
    headers = {"Authorization": f"Bearer {json.loads(made.output)['key']}"}
    hook = client.post(
        "/api/v1/manage/webhook-endpoints",
        json={"url": url, "events": ["call.started", "call.answered", "call.ended"]},
        headers=headers,
    )
    assert hook.status_code == 201, hook.get_json()
    secret = hook.get_json()["secret"]
    button = client.post("/api/v1/manage/buttons", json=BUTTON, headers=headers).get_json()
    sid = wcs.open_session(get_token(button["id"])["token"], "https://shop.example.com")
    call = wcs.call_body(sid)
    assert wcs.post("call", call).status_code == 200
    for status in ("ESTABLISHED", "FINISH"):
        assert wcs.call_status(call, status).status_code == 200
    assert got == []  # nothing is sent from the request that made the event
    result = runner.invoke(args=["calls", "watchdog", "--once"])
    assert result.exit_code == 0, result.output
    events = [Webhook(secret).verify(body, sent) for _, sent, body in got]
    assert [e["type"] for e in events] == ["call.started", "call.answered", "call.ended"]
    assert {e["data"]["callId"] for e in events} == {call["callId"]}
    assert events[-1]["data"]["buttonId"] == button["id"]

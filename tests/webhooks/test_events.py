"""Calls and callback requests put their events in the outbox, in their own transaction."""

from __future__ import annotations

import json

from sqlalchemy import select

from callgate.addresses import parse_networks
from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.integrations import WebhookMessage
from callgate.webhooks import endpoints
from callgate.webhooks.endpoints import EVENTS
from tests.data import ORIGIN


def queued(app) -> list[tuple[str, dict]]:
    with app.app_context():
        rows = get_db().scalars(select(WebhookMessage).order_by(WebhookMessage.id))
        return [(m.event_type, json.loads(m.body)["data"]) for m in rows]


def subscribe(app):
    with app.app_context():
        fields = {"url": "http://127.0.0.1:9/in", "events": list(EVENTS)}
        endpoints.create(get_db(), 1, fields, "cli", parse_networks(["127.0.0.1"]))


def test_a_call_queues_started_answered_and_ended_once_each(app, button, start_call, wcs):
    subscribe(app)
    response, call = start_call(button.id)
    assert response.status_code == 200
    for status in ("ESTABLISHED", "ESTABLISHED", "FINISH", "FAILED"):
        assert wcs.call_status(call, status).status_code == 200
    events = queued(app)
    assert [kind for kind, _ in events] == ["call.started", "call.answered", "call.ended"]
    ended = events[-1][1]
    assert ended["callId"] == call["callId"] and ended["buttonId"] == button.id
    assert ended["finalStatus"] == "FINISH" and ended["answeredAt"] is not None


def test_no_endpoint_no_message(app, button, start_call, wcs):
    response, call = start_call(button.id)
    assert wcs.call_status(call, "FINISH").status_code == 200
    assert queued(app) == []


def test_a_callback_request_queues_its_event(app, button, client):
    subscribe(app)
    with app.app_context():
        update_button(get_db(), button.id, {"callback": True})
    answer = client.post(
        f"/api/v1/buttons/{button.id}/callbacks",
        json={"phone": "+49 30 901820", "note": "after 3"},
        headers={"Origin": ORIGIN},
    )
    assert answer.status_code == 201, answer.get_json()
    [(kind, data)] = queued(app)
    assert kind == "callback.requested" and data["note"] == "after 3"


def test_a_refused_call_queues_call_refused(app, button, start_call, wcs):
    subscribe(app)
    response, call = start_call(button.id)
    second = wcs.call_body(call["sessionId"])
    assert wcs.post("call", second).status_code == 403
    kinds = [kind for kind, _ in queued(app)]
    assert kinds == ["call.started", "call.refused"]
    refused = queued(app)[-1][1]
    assert refused["stage"] == "call" and refused["reason"] == "one call per session"
    assert refused["buttonId"] == button.id


def test_a_used_budget_queues_budget_exhausted_once_a_day(app, button, wcs, get_token):
    subscribe(app)
    with app.app_context():
        update_button(get_db(), button.id, {"daily_calls": 1})
    sids = [wcs.open_session(get_token(button.id)["token"], ORIGIN) for _ in range(3)]
    statuses = [wcs.post("call", wcs.call_body(sid)).status_code for sid in sids]
    assert statuses == [200, 403, 403]
    kinds = [kind for kind, _ in queued(app)]
    assert kinds == ["call.started", "call.refused", "budget.exhausted", "call.refused"]

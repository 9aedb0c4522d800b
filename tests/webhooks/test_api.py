"""Webhook endpoints over the management API: make (secret once), list, test, delete; their
deliveries listed by cursor, one resent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook

from callgate.accounts import workspaces
from callgate.apikeys import keys
from callgate.db import get_db
from callgate.db.integrations import WebhookMessage
from callgate.db.models import utcnow
from callgate.webhooks import outbox
from tests.webhooks.helpers import LOOPBACK, endpoint_with


@pytest.fixture
def app(make_app):
    return make_app(WEBHOOK_ALLOW_CIDRS=["127.0.0.1/32"])


@pytest.fixture
def api(app):
    client = app.test_client()

    def call(method, path, scopes=keys.SCOPES, **kw):
        with app.app_context():
            made = keys.create_key(
                get_db(), 1, f"k{len(keys.list_keys(get_db()))}", list(scopes), keys.Creator("cli")
            )
        headers = {"Authorization": f"Bearer {made[1]}"}
        return client.open(f"/api/v1/manage{path}", method=method, headers=headers, **kw)

    return call


def test_make_list_test_and_delete_an_endpoint(api, receiver):
    url, got = receiver
    made = api(
        "POST", "/webhook-endpoints", json={"url": url, "events": ["call.ended", "call.started"]}
    )
    assert made.status_code == 201, made.get_json()
    endpoint = made.get_json()
    assert endpoint["events"] == ["call.started", "call.ended"]
    secret = endpoint.pop("secret")
    assert secret.startswith("whsec_")
    listed = api("GET", "/webhook-endpoints").get_data(as_text=True)
    assert str(endpoint["id"]) in listed and secret not in listed
    tried = api("POST", f"/webhook-endpoints/{endpoint['id']}/test").get_json()
    assert tried == {"delivered": True, "status": 204, "error": None}
    _, headers, body = got[0]
    assert Webhook(secret).verify(body, headers)["type"] == "webhook.test"
    assert api("DELETE", f"/webhook-endpoints/{endpoint['id']}").status_code == 204
    assert api("GET", "/webhook-endpoints").get_json() == {"data": []}


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"url": "https://127.0.0.2/x", "events": ["call.ended"]}, "unsafe_url"),
        ({"url": "https://169.254.169.254/", "events": ["call.ended"]}, "unsafe_url"),
        ({"url": "gopher://127.0.0.1/", "events": ["call.ended"]}, "unsafe_url"),
        ({"url": "http://127.0.0.1:9/x", "events": ["call.eaten"]}, "bad_events"),
        ({"url": "http://127.0.0.1:9/x", "events": []}, "bad_events"),
        ({"url": "http://127.0.0.1:9/x", "events": ["call.ended"], "x": 1}, "unknown_fields"),
    ],
)
def test_bad_endpoints_are_refused_in_the_one_shape(api, fields, code):
    answer = api("POST", "/webhook-endpoints", json=fields)
    assert answer.status_code == 400 and answer.get_json()["error"] == code
    assert api("GET", "/webhook-endpoints").get_json() == {"data": []}


def test_webhooks_need_their_scope(api):
    assert api("GET", "/webhook-endpoints", scopes=["buttons:read"]).status_code == 403
    assert api("DELETE", "/webhook-endpoints/1", scopes=["buttons:write"]).status_code == 403


def test_deliveries_are_listed_by_cursor_and_one_is_resent_once(app, api):
    with app.app_context():
        old = utcnow() - timedelta(hours=25)
        made, _ = endpoint_with(get_db(), "http://127.0.0.1:9/x", [("call.ended", old)] * 3)
        outbox.deliver_due(get_db(), utcnow(), LOOPBACK)  # nobody answers: all three give up
    first = api("GET", f"/webhook-endpoints/{made}/deliveries?limit=2").get_json()
    assert [d["status"] for d in first["data"]] == ["failing", "failing"]
    rest = api(
        "GET", f"/webhook-endpoints/{made}/deliveries", query_string={"cursor": first["nextCursor"]}
    )
    assert rest.status_code == 200 and rest.get_json()["nextCursor"] is None
    one = rest.get_json()["data"][0]
    path = f"/webhook-endpoints/{made}/deliveries/{one['id']}/resend"
    resent = api("POST", path)
    assert resent.status_code == 202
    assert resent.get_json()["status"] == "pending"
    assert resent.get_json()["webhookId"] == one["webhookId"]
    again = api("POST", path)
    assert again.status_code == 409 and again.get_json()["error"] == "delivery_pending"
    pending = api("GET", f"/webhook-endpoints/{made}/deliveries?status=pending").get_json()
    assert [d["id"] for d in pending["data"]] == [one["id"]]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/webhook-endpoints/{e}/deliveries?cursor=yesterday", 400),
        ("/webhook-endpoints/{e}/deliveries?cursor=2026-12-07T10:00:00|1", 400),
        ("/webhook-endpoints/{e}/deliveries?cursor=2026-12-07T10:00:00%2B00:00|99999999999", 400),
        ("/webhook-endpoints/{e}/deliveries?status=lost", 400),
        ("/webhook-endpoints/{e}/deliveries?limit=0", 400),
        ("/webhook-endpoints/{theirs}/deliveries", 404),
        ("/webhook-endpoints/99999/deliveries", 404),
    ],
)
def test_bad_delivery_requests_are_refused(app, api, path, status):
    with app.app_context():
        mine, _ = endpoint_with(get_db(), "http://127.0.0.1:9/x", [])
        other = workspaces.create(get_db(), "Other").id
        theirs, _ = endpoint_with(get_db(), "http://127.0.0.1:9/y", [], other)
    assert api("GET", path.format(e=mine, theirs=theirs)).status_code == status


def test_a_delivery_of_another_endpoint_is_not_found(app, api):
    with app.app_context():
        mine, _ = endpoint_with(get_db(), "http://127.0.0.1:9/x", [])
        other = workspaces.create(get_db(), "Other").id
        endpoint_with(get_db(), "http://127.0.0.1:9/y", [("call.ended", utcnow())], other)
        theirs = get_db().scalar(select(WebhookMessage.id))
    assert api("POST", f"/webhook-endpoints/{mine}/deliveries/{theirs}/resend").status_code == 404

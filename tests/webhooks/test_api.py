"""Webhook endpoints over the management API: make (secret once), list, test, delete."""

from __future__ import annotations

import pytest
from standardwebhooks import Webhook

from callgate.apikeys import keys
from callgate.db import get_db


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

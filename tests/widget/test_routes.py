"""`POST /api/v1/buttons/<id>/token`: origin allowlist, CORS, refusals, what the answer holds."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from callgate.buttons.store import create_button, update_button
from callgate.db import get_db
from callgate.db.models import AuditEvent, Button
from tests.data import BUTTON, ORIGIN, SIP_PASSWORD
from tests.widget.fuzz import JSON, assert_clear_answer, encoded, next_address

REFUSED_ORIGINS = [
    "https://evil-shop.example.com",
    "https://shop.example.com.evil.net",
    "https://shop.example.com@evil.net",
    "http://shop.example.com",
    "https://shop.example.com.",
    "https://shop.example.com:8443",
    "https://example.org",
    "https://evilexample.org",
    "null",
    "",
    "file://",
    "https://shop.example.com/path",
]


def url(button_id: str) -> str:
    return f"/api/v1/buttons/{button_id}/token"


@pytest.mark.parametrize(
    "origin",
    [ORIGIN, "https://SHOP.example.com", "https://shop.example.com:443", "https://a.example.org"],
)
def test_allowed_origin_gets_token_and_exact_cors(client, button, origin):
    response = client.post(url(button.id), headers={"Origin": origin})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"token", "expiresIn", "gateway", "reportKey"}
    assert body["expiresIn"] == 60
    assert body["gateway"] == {"url": BUTTON["gateway_url"], "appKey": "callgate"}
    normalized = origin.lower().replace(":443", "")
    assert response.headers["Access-Control-Allow-Origin"] == normalized
    assert response.headers["Vary"] == "Origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Access-Control-Expose-Headers"] == "Retry-After"
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("origin", REFUSED_ORIGINS)
def test_refused_origin_gets_403_and_no_token(client, button, origin):
    response = client.post(url(button.id), headers={"Origin": origin})
    assert response.status_code == 403
    body = response.get_json()
    assert set(body) == {"error", "message"} and "token" not in response.text
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("https://Evil.Example.NET:443", "https://evil.example.net"),
        ("https://shop.example.com/path", "https://shop.example.com/path"),
        ("null", "null"),
        ('https://"><img src=x onerror=alert(1)>', 'https://"><img src=x onerror=alert(1)>'),
        ("https://shop.example.com\x01\x7f", "https://shop.example.com\\x01\\x7f"),
        ("https://" + "e" * 300, "https://" + "e" * 92 + "…"),
        (None, None),
    ],
)
def test_a_refused_request_is_audited_with_the_origin_it_claimed(app, client, button, sent, kept):
    headers = {} if sent is None else {"Origin": sent}
    assert client.post(url(button.id), headers=headers).status_code == 403
    with app.app_context():
        query = select(AuditEvent.outcome, AuditEvent.reason, AuditEvent.origin)
        [(outcome, reason, origin)] = get_db().execute(query).all()
    assert (outcome, origin) == ("refused", kept)
    assert reason in (
        "this site is not allowed to use this button",
        "this page's origin is missing or invalid",
    )


def test_missing_origin_is_refused(client, button):
    response = client.post(url(button.id))
    assert response.status_code == 403
    assert "token" not in response.get_json()


def test_unknown_and_disabled_buttons_are_404(app, client, button):
    assert client.post(url("no-such-button"), headers={"Origin": ORIGIN}).status_code == 404
    with app.app_context():
        update_button(get_db(), button.id, {"enabled": False})
    response = client.post(url(button.id), headers={"Origin": ORIGIN})
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_preflight_only_for_allowed_origins(client, button):
    headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    ok = client.options(url(button.id), headers=headers)
    assert ok.status_code == 204
    assert ok.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert ok.headers["Access-Control-Allow-Methods"] == "POST"
    assert "Access-Control-Allow-Credentials" not in ok.headers
    evil = client.options(url(button.id), headers=headers | {"Origin": "https://evil.net"})
    assert evil.status_code == 403
    assert "Access-Control-Allow-Origin" not in evil.headers


def test_token_payload_holds_nothing_secret(client, button):
    token = client.post(url(button.id), headers={"Origin": ORIGIN}).get_json()["token"]
    segment = token.split(".")[0]
    payload = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    assert set(payload) == {"v", "b", "j", "o"}
    assert payload["b"] == button.id and payload["o"] == ORIGIN
    for secret in (SIP_PASSWORD, BUTTON["callee"], BUTTON["sip_login"]):
        assert secret not in json.dumps(payload)


def test_answer_never_contains_sip_secrets(client, button):
    response = client.post(url(button.id), headers={"Origin": ORIGIN})
    for secret in (SIP_PASSWORD, BUTTON["sip_login"], BUTTON["sip_auth_name"], BUTTON["callee"]):
        assert secret not in response.text


def test_get_is_not_allowed_and_answers_json(client, button):
    response = client.get(url(button.id), headers={"Origin": ORIGIN})
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"


@pytest.fixture
def unlimited(make_app):
    """An app whose token limits are switched off, so every fuzzed request reaches the checks."""
    kinds = ("IP", "PREFIX", "BUTTON", "GLOBAL")
    return make_app(**{f"RATE_LIMITS_{kind}": "" for kind in kinds})


CONTENT_TYPES = st.sampled_from(
    ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=encoded(JSON), content_type=CONTENT_TYPES, origin=st.sampled_from([ORIGIN, "null"]))
def test_a_token_request_with_any_body_gets_a_clear_answer(unlimited, body, content_type, origin):
    with unlimited.app_context():
        button_id = get_db().scalar(select(Button.id)) or create_button(get_db(), dict(BUTTON)).id
    response = unlimited.test_client().post(
        url(button_id),
        data=body,
        headers={"Origin": origin, "Content-Type": content_type},
        environ_base={"REMOTE_ADDR": next_address()},
    )
    assert_clear_answer(response)
    # An empty body asks for a token; a body must be the consent object (widget/consent.py).
    # Werkzeug's test client writes a multipart body of its own even for empty data.
    empty = not body and content_type != "multipart/form-data"
    allowed = (200,) if empty else (200, 400)
    assert response.status_code in (allowed if origin == ORIGIN else (403,))

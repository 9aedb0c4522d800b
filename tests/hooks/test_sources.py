"""CALLGATE_HOOK_ALLOWED_CIDRS: hooks from elsewhere get 403 before anything else (row 5)."""

from __future__ import annotations

import json

import pytest

from callgate.audit.trail import list_events
from callgate.db import get_db
from callgate.hooks.verify import sign
from tests.data import HOOK_SECRETS, ORIGIN
from tests.wcs import FakeWcs, session_id

ALLOWED = ["10.0.0.0/8", "2001:db8:aa::/48", "192.0.2.10"]
REFUSAL = {"status": 403, "reason": "source not allowed"}


def hook(client, method: str, raw: bytes, remote: str, signed: bool = True, **headers: str):
    headers = {"Content-Type": "application/json"} | headers
    if signed:
        headers["Authorization"] = sign(raw, HOOK_SECRETS[0])
    return client.post(
        f"/hooks/wcs/{method}", data=raw, headers=headers, environ_base={"REMOTE_ADDR": remote}
    )


def connect_body(client, button_id: str) -> bytes:
    token = client.post(
        f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN}
    ).get_json()["token"]
    return json.dumps(FakeWcs.connect_body(token, ORIGIN, session_id())).encode()


@pytest.fixture
def guarded(make_app):
    return make_app(HOOK_ALLOWED_CIDRS=ALLOWED)


@pytest.mark.parametrize(
    "remote", ["10.20.30.40", "2001:db8:aa:1::9", "192.0.2.10", "::ffff:10.0.0.1"]
)
def test_allowed_sources_reach_the_hook(guarded, button, remote):
    client = guarded.test_client()
    response = hook(client, "connect", connect_body(client, button.id), remote)
    assert response.status_code == 200
    assert "sipPassword" in response.get_json()


@pytest.mark.parametrize("remote", ["203.0.113.7", "192.0.2.11", "2001:db8:ab::1", "11.0.0.1", ""])
def test_other_sources_get_exactly_403(guarded, button, remote):
    client = guarded.test_client()
    response = hook(client, "connect", connect_body(client, button.id), remote)
    assert response.status_code == 403
    assert response.get_json() == REFUSAL


@pytest.mark.parametrize(
    ("raw", "signed", "method"),
    [
        (b"not json", True, "connect"),
        (b'{"sessionId": "/1.2.3.4:1/5.6.7.8:9"}', False, "connect"),
        (b"{}", True, "transfer"),
        (b"x" * 70_000, True, "call"),
    ],
    ids=["garbage", "unsigned", "denied-method", "oversized"],
)
def test_source_is_checked_before_body_signature_and_method(guarded, raw, signed, method):
    response = hook(guarded.test_client(), method, raw, "203.0.113.7", signed)
    assert response.status_code == 403
    assert response.get_json() == REFUSAL


def test_refusal_is_audited(guarded):
    hook(guarded.test_client(), "connect", b"{}", "203.0.113.7")
    with guarded.app_context():
        [event] = list_events(get_db())
    assert (event["action"], event["outcome"], event["reason"]) == (
        "connect",
        "refused",
        "source not allowed",
    )


def test_empty_list_allows_any_source(app, button):
    client = app.test_client()
    response = hook(client, "connect", connect_body(client, button.id), "203.0.113.7")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "allowed"),
    [
        (0, "203.0.113.7", "10.0.0.5", False),
        (0, "10.0.0.5", "203.0.113.7", True),
        (1, "192.0.2.99", "10.0.0.5", True),
        (1, "192.0.2.99", "10.0.0.5, 203.0.113.7", False),
        (1, "10.0.0.1", "203.0.113.7", False),
        (2, "192.0.2.99", "203.0.113.7, 10.0.0.5, 192.0.2.98", True),
        (2, "192.0.2.99", "10.0.0.5, 203.0.113.7, 192.0.2.98", False),
    ],
)
def test_trusted_proxies_decide_which_address_is_checked(
    make_app, button, proxies, remote, forwarded, allowed
):
    app = make_app(HOOK_ALLOWED_CIDRS=ALLOWED, TRUSTED_PROXIES=proxies)
    client = app.test_client()
    raw = connect_body(client, button.id)
    response = hook(client, "connect", raw, remote, **{"X-Forwarded-For": forwarded})
    assert response.status_code == (200 if allowed else 403)
    assert allowed or response.get_json() == REFUSAL

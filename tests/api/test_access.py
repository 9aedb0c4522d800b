"""Who may do what over the management API: a table of scope, workspace and expiry refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from callgate.apikeys import keys
from callgate.buttons.store import create_button
from callgate.db import get_db
from callgate.db.integrations import ApiKey
from callgate.db.models import AuditEvent, Button, utcnow
from tests.data import BUTTON

#: (method, path, the scope it needs, a JSON body): {id} is a button of the default workspace.
ROUTES = [
    ("GET", "/buttons", "buttons:read", None),
    ("POST", "/buttons", "buttons:write", BUTTON),
    ("GET", "/buttons/{id}", "buttons:read", None),
    ("PATCH", "/buttons/{id}", "buttons:write", {"label": "x"}),
    ("DELETE", "/buttons/{id}", "buttons:write", None),
    ("GET", "/calls", "calls:read", None),
    ("GET", "/calls/nope", "calls:read", None),
    ("GET", "/callbacks", "callbacks:read", None),
    ("POST", "/callbacks/1/done", "callbacks:write", None),
]


@pytest.fixture
def target(app):
    with app.app_context():
        return create_button(get_db(), dict(BUTTON)).id


def send(client, method, path, key, body, target):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    url = "/api/v1/manage" + path.replace("{id}", target)
    return client.open(url, method=method, headers=headers, json=body)


def expire(app, text):
    with app.app_context():
        db = get_db()
        row = db.scalar(select(ApiKey).where(ApiKey.key_hash == keys.digest(text)))
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.commit()


CASES = [
    # (who, expected status, expected error code or None for "allowed")
    ("no key", 401, "invalid_key"),
    ("wrong key", 401, "invalid_key"),
    ("expired key", 401, "key_expired"),
    ("revoked key", 401, "key_revoked"),
    ("key without the scope", 403, "scope_missing"),
    ("key of another workspace", None, "isolated"),
]


@pytest.mark.parametrize(("method", "path", "scope", "body"), ROUTES)
@pytest.mark.parametrize(("who", "status", "code"), CASES)
def test_refusals(
    app, client, make_key, other_workspace, target, method, path, scope, body, who, status, code
):
    key = None
    if who == "wrong key":
        key = "cg_" + "x" * 43
    elif who in ("expired key", "revoked key"):
        key = make_key()
        if who == "expired key":
            expire(app, key)
        else:
            with app.app_context():
                keys.revoke(get_db(), keys.list_keys(get_db())[0], "cli")
    elif who == "key without the scope":
        key = make_key([s for s in keys.SCOPES if s != scope])
    elif who == "key of another workspace":
        key = make_key(workspace_id=other_workspace)
    answer = send(client, method, path, key, body, target)
    if status is not None:
        assert (answer.status_code, answer.get_json()["error"]) == (status, code)
        assert set(answer.get_json()) == {"error", "message", "details"}
        return
    # Another workspace's key never sees this one's things: 404 for one, empty lists for all.
    if "{id}" in path or path.startswith(("/calls/", "/callbacks/")):
        assert answer.status_code == 404, answer.get_json()
    elif method == "GET":
        assert answer.status_code == 200 and answer.get_json()["data"] == []
    with app.app_context():
        button = get_db().get(Button, target)
        assert button is not None and button.workspace_id == 1 and button.label is None


def test_every_use_is_audited_by_key_name(app, client, make_key):
    key = make_key(name="crm")
    assert send(client, "GET", "/buttons", key, None, "").status_code == 200
    assert send(client, "GET", "/calls", make_key(["buttons:read"]), None, "").status_code == 403
    with app.app_context():
        rows = (
            get_db()
            .execute(
                select(AuditEvent.actor, AuditEvent.outcome, AuditEvent.reason, AuditEvent.code)
                .where(AuditEvent.action == "api")
                .order_by(AuditEvent.id)
            )
            .all()
        )
    assert rows == [
        ("apikey:crm#1", "allowed", "GET /api/v1/manage/buttons 200", None),
        ("apikey:k2#2", "refused", "GET /api/v1/manage/calls 403", "scope_missing"),
    ]


def test_cookies_and_cors_are_never_part_of_it(client, make_key):
    key = make_key()
    answer = client.get(
        "/api/v1/manage/buttons",
        headers={"Authorization": f"Bearer {key}", "Origin": "https://shop.example.com"},
    )
    assert answer.status_code == 200
    assert not [h for h in answer.headers.keys() if h.lower().startswith("access-control")]
    assert "Set-Cookie" not in answer.headers
    preflight = client.options(
        "/api/v1/manage/buttons",
        headers={"Origin": "https://shop.example.com", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 401
    assert not [h for h in preflight.headers.keys() if h.lower().startswith("access-control")]


def test_a_key_over_its_limit_gets_429_with_retry_after(make_app, make_key):
    app = make_app(API_RATE_LIMITS="3/minute")
    client = app.test_client()
    with app.app_context():
        text = keys.create_key(get_db(), 1, "busy", ["buttons:read"], keys.Creator("cli"))[1]
    other = make_key(["buttons:read"])
    headers = {"Authorization": f"Bearer {text}"}
    codes = [client.get("/api/v1/manage/buttons", headers=headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = client.get("/api/v1/manage/buttons", headers=headers)
    assert last.get_json()["error"] == "rate_limited" and int(last.headers["Retry-After"]) >= 1
    fresh = client.get("/api/v1/manage/buttons", headers={"Authorization": f"Bearer {other}"})
    assert fresh.status_code == 200

"""The secret for verified customers in the console: made or rotated by an editor, shown that
once, audited without its value; the previous one stays valid; viewers cannot touch it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
import time

import pytest

from callgate.audit.trail import list_events
from callgate.db import get_db
from callgate.routes import identity
from callgate.vault.stored import vault_of
from tests.console.helpers import log_in, post

SHOWN = re.compile(r'id="f-secret"[^>]*value="([^"]+)"')


def signed(secret: str, sub: str = "cust-1") -> str:
    """Sign an identity as the site's server would."""
    claims = {"sub": sub, "name": "Ann", "exp": int(time.time()) + 300}
    first = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    mac = hmac.new(secret.encode(), first.encode(), hashlib.sha256).digest()
    return first + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def verified(app, button_id: str, secret: str) -> str | None:
    with app.app_context():
        db = get_db()
        return identity.verify(db, vault_of(db), button_id, signed(secret), time.time()).sub


def rotate(client, button_id: str):
    path = f"/console/buttons/{button_id}/identity-secret"
    return post(client, path, {}, form=f"/console/buttons/{button_id}/routes")


def test_an_editor_makes_and_rotates_it_and_sees_each_once(app, as_admin, button):
    page = as_admin.get(f"/console/buttons/{button.id}/routes").get_data(as_text=True)
    assert "No secret yet" in page and "Make a secret" in page
    made = rotate(as_admin, button.id)
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    [first] = SHOWN.findall(made.get_data(as_text=True))
    assert verified(app, button.id, html.unescape(first)) == "cust-1"
    again = as_admin.get(f"/console/buttons/{button.id}/routes").get_data(as_text=True)
    assert first not in again and "The newest secret was made on" in again
    [second] = SHOWN.findall(rotate(as_admin, button.id).get_data(as_text=True))
    assert second != first
    assert verified(app, button.id, html.unescape(first)) == "cust-1"  # still valid
    rotate(as_admin, button.id)
    assert verified(app, button.id, html.unescape(first)) is None  # two changes later: gone
    with app.app_context():
        rows = [e for e in list_events(get_db()) if e["action"] == "button.identity"]
    reasons = [e["reason"] for e in rows][:3]
    assert reasons == ["identity secret rotated"] * 2 + ["identity secret made"]
    assert all(first not in json.dumps(e) and second not in json.dumps(e) for e in rows)
    assert all(e["actor"].endswith("admin@example.com") for e in rows[:3])


@pytest.mark.parametrize("role", ["viewer"])
def test_a_viewer_sees_the_state_but_cannot_make_one(app, button, make_user, role):
    make_user("viewer@example.com", role)
    viewer = app.test_client()
    assert log_in(viewer, "viewer@example.com").status_code == 302
    page = viewer.get(f"/console/buttons/{button.id}/routes").get_data(as_text=True)
    assert "No secret yet" in page and "Make a secret" not in page
    assert rotate(viewer, button.id).status_code == 403
    with app.app_context():
        assert identity.made_at(get_db(), button.id) is None


def test_no_csrf_token_makes_nothing(app, as_admin, button):
    answer = as_admin.post(f"/console/buttons/{button.id}/identity-secret")
    assert answer.status_code == 400
    with app.app_context():
        assert identity.made_at(get_db(), button.id) is None

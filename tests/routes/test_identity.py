"""Verified customers: only an identity signed with the button's secret, not expired and at
most 10 minutes ahead, makes `X-Callgate-Customer: <sub>;verified`; anything else goes unverified
with its reason, and the secret rotates with the previous one still valid."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
from sqlalchemy import select

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.routes import CallContext, IdentitySecret
from callgate.routes.identity import identity_secret
from callgate.vault.stored import vault_of
from tests.data import SIP_PASSWORD
from tests.routes.helpers import call_with


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(secret: str, claims: dict) -> str:
    """What the site's server does (the README's example)."""
    body = b64(json.dumps(claims).encode())
    return body + "." + b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())


@pytest.fixture
def secret(app, button) -> str:
    with app.app_context():
        return identity_secret(get_db(), vault_of(get_db()), button.id)


def customer_headers(answer: dict) -> list[str]:
    return [h for h in answer["sipHeaders"] if h.startswith("X-Callgate-Customer")]


def stored(app) -> tuple:
    with app.app_context():
        [context] = get_db().scalars(select(CallContext))
        return context.customer, context.identity_problem


def test_a_signed_identity_makes_a_verified_call(app, client, wcs, button, secret):
    identity = sign(secret, {"sub": "cust-42", "name": "Ann Lee", "exp": int(time.time()) + 300})
    answer = call_with(client, wcs, button.id, {"identity": identity})
    assert customer_headers(answer) == ["X-Callgate-Customer: cust-42;verified"]
    assert answer["visibleName"] == "Ann Lee"
    assert stored(app) == ("cust-42", None)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda s, now: sign("forged-" + s, {"sub": "a", "exp": now + 60}), "bad_signature"),
        (lambda s, now: sign(s, {"sub": "a", "exp": now - 1}), "expired"),
        (lambda s, now: sign(s, {"sub": "a", "exp": now + 3600}), "expiry_too_far"),
        (lambda s, now: sign(s, {"sub": "a;b\r\nX: 1", "exp": now + 60}), "bad_subject"),
        (lambda s, now: sign(s, {"sub": "a", "exp": str(now + 60)}), "malformed"),
        (lambda s, now: sign(s, {"sub": "a", "exp": now + 60}) + "=", "malformed"),
        (lambda s, now: "x" * 5000, "malformed"),
        (lambda s, now: sign(s, {"sub": "a", "exp": now + 60}).replace(".", ".."), "malformed"),
    ],
)
def test_a_bad_identity_never_makes_the_header(app, client, wcs, button, secret, make, problem):
    answer = call_with(client, wcs, button.id, {"identity": make(secret, int(time.time()))})
    assert customer_headers(answer) == []
    assert stored(app) == (None, problem)


def test_an_identity_replayed_after_expiry_is_not_verified(app, client, wcs, button, secret):
    identity = sign(secret, {"sub": "cust-42", "exp": int(time.time()) + 1})
    time.sleep(2)
    answer = call_with(client, wcs, button.id, {"identity": identity})
    assert customer_headers(answer) == [] and stored(app) == (None, "expired")


def test_rotation_keeps_the_previous_secret_valid_and_drops_older(app, client, wcs, button, secret):
    with app.app_context():
        update_button(get_db(), button.id, {"max_concurrent": 10})
        second = identity_secret(get_db(), vault_of(get_db()), button.id, rotate=True)
        third = identity_secret(get_db(), vault_of(get_db()), button.id, rotate=True)
        assert identity_secret(get_db(), vault_of(get_db()), button.id) == third
        rows = list(get_db().scalars(select(IdentitySecret.secret)))
    assert len(rows) == 2 and not any(third in row or second in row for row in rows)
    now = int(time.time())
    for key, verified in ((second, True), (third, True), (secret, False)):
        answer = call_with(
            client, wcs, button.id, {"identity": sign(key, {"sub": "c", "exp": now + 60})}
        )
        assert bool(customer_headers(answer)) is verified


def test_the_cli_shows_and_rotates_the_secret(runner, button):
    shown = json.loads(
        runner.invoke(args=["button", "identity-secret", button.id, "--json"]).output
    )
    again = runner.invoke(args=["button", "identity-secret", button.id]).output.strip()
    rotated = json.loads(
        runner.invoke(args=["button", "identity-secret", button.id, "--rotate", "--json"]).output
    )
    assert shown["secret"] == again != rotated["secret"] and len(rotated["secret"]) >= 40
    missing = runner.invoke(args=["button", "identity-secret", "nope"])
    assert missing.exit_code == 1 and SIP_PASSWORD not in missing.output

"""The console signs its session with a key of its own: a leaked token key cannot forge one."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from callgate.accounts import users
from callgate.console.keys import derive
from callgate.db import get_db
from callgate.errors import ConfigError
from tests.console.helpers import log_in
from tests.data import ENCRYPTION_KEY, SECRET_KEY

OWN_KEY = "a console key of its own, long enough to sign with"


def forged(token_key: str, user_id: int) -> str:
    """A session cookie for `user_id` signed the way Flask signs with `token_key`."""
    signer = Flask("forger")
    signer.secret_key = token_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(signer)
    now = int(time.time())
    return serializer.dumps({"uid": user_id, "ver": 1, "iat": now, "seen": now, "_permanent": True})


def admin_id(app, email: str) -> int:
    with app.app_context():
        return users.by_email(get_db(), email).id


def test_a_leaked_token_key_does_not_forge_an_admin_session(app, client, admin):
    client.set_cookie(
        "callgate_console", forged(SECRET_KEY, admin_id(app, admin)), path="/console/"
    )
    response = client.get("/console/people")
    assert response.status_code == 302 and response.headers["Location"].startswith("/console/login")


def test_the_derived_key_needs_both_the_token_key_and_the_encryption_key():
    key = derive(SECRET_KEY, ENCRYPTION_KEY)
    assert key not in (
        SECRET_KEY,
        derive(SECRET_KEY, "another key"),
        derive("other", ENCRYPTION_KEY),
    )
    assert len(key) == 64


def test_an_own_console_key_signs_sessions_that_outlive_a_new_token_key(make_app, admin):
    first = make_app(CONSOLE_SECRET_KEY=OWN_KEY, CONSOLE_ARGON2_MEMORY_KIB=64)
    client = first.test_client()
    assert log_in(client, admin).status_code == 302
    assert client.get("/console/").status_code == 200
    renewed = make_app(
        CONSOLE_SECRET_KEY=OWN_KEY,
        SECRET_KEY="a brand new token key for calls",
        CONSOLE_ARGON2_MEMORY_KIB=64,
    )
    moved = renewed.test_client()
    moved.set_cookie(
        "callgate_console",
        client.get_cookie("callgate_console", path="/console/").value,
        path="/console/",
    )
    assert moved.get("/console/").status_code == 200
    other = make_app(CONSOLE_SECRET_KEY=OWN_KEY[::-1], CONSOLE_ARGON2_MEMORY_KIB=64).test_client()
    other.set_cookie(
        "callgate_console",
        client.get_cookie("callgate_console", path="/console/").value,
        path="/console/",
    )
    assert other.get("/console/").status_code == 302


@pytest.mark.parametrize("value", ["short", "x" * 31])
def test_a_short_console_key_is_refused(make_app, value):
    with pytest.raises(ConfigError, match="CALLGATE_CONSOLE_SECRET_KEY must be at least 32"):
        make_app(CONSOLE_SECRET_KEY=value)

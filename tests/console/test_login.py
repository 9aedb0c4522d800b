"""Logging in and out: the contract URLs, throttling, session versions and lifetimes, 2FA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine

from accounts import totp, users
from audit.trail import list_events
from db import get_db
from db.accounts import LoginFailure
from tests.console.conftest import PASSWORD, csrf_token, log_in, post


def test_console_without_a_session_redirects_to_login(client):
    response = client.get("/console/")
    assert response.status_code in (302, 303)
    assert response.headers["Location"].startswith("/console/login")


def test_login_form_posts_email_and_password_with_csrf(client):
    html = client.get("/console/login").get_data(as_text=True)
    assert 'action="/console/login"' in html
    for field in ('name="email"', 'name="password"', 'name="csrf_token"'):
        assert field in html


def test_login_then_overview_then_logout(client, admin):
    response = log_in(client, admin)
    assert (response.status_code, response.headers["Location"]) == (302, "/console/")
    assert client.get("/console/").status_code == 200
    assert post(client, "/console/logout", form="/console/").status_code == 302
    assert client.get("/console/").status_code == 302


def test_login_goes_back_to_the_page_asked_for(client, admin):
    token = csrf_token(client)
    response = client.post(
        "/console/login",
        data={"csrf_token": token, "email": admin, "password": PASSWORD, "next": "/console/calls"},
    )
    assert response.headers["Location"] == "/console/calls"


@pytest.mark.parametrize(
    ("email", "password"),
    [("admin@example.com", "wrong password!"), ("nobody@example.com", PASSWORD), ("", "")],
)
def test_wrong_credentials_are_refused_alike(client, admin, email, password):
    response = log_in(client, email, password)
    assert response.status_code == 401
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    assert client.get("/console/").status_code == 302


def test_a_sixth_wrong_password_gets_429_with_retry_after(app, client, admin):
    for _ in range(5):
        assert log_in(client, admin, "not the password").status_code == 401
    response = log_in(client, admin, PASSWORD)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    with app.app_context():
        assert get_db().query(LoginFailure).count() == 10  # per address and per account


def test_the_account_is_throttled_from_any_address(app, admin):
    for number in range(5):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{number}"
        assert log_in(client, admin, "not the password").status_code == 401
    fresh = app.test_client()
    fresh.environ_base["REMOTE_ADDR"] = "192.0.2.99"
    assert log_in(fresh, admin).status_code == 429


def test_throttling_ends_after_fifteen_minutes(client, admin):
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            log_in(client, admin, "not the password")
        assert log_in(client, admin).status_code == 429
        clock.move_to(start + timedelta(minutes=15, seconds=1))
        assert log_in(client, admin).status_code == 302


def test_throttled_logins_are_audited(app, client, admin):
    for _ in range(6):
        log_in(client, admin, "not the password")
    with app.app_context():
        reasons = [e["reason"] for e in list_events(get_db()) if e["action"] == "login"]
    assert any(r.startswith("too many failed logins") for r in reasons)
    assert sum(r.startswith("wrong password") for r in reasons) == 5


def test_post_without_csrf_token_is_refused(client, admin):
    response = client.post("/console/login", data={"email": admin, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/console/").status_code == 302


def test_logout_ends_every_session_of_the_user(app, admin):
    first, second = app.test_client(), app.test_client()
    log_in(first, admin)
    log_in(second, admin)
    post(first, "/console/logout", form="/console/")
    assert second.get("/console/").status_code == 302


def test_disabling_a_user_ends_their_session_at_once(app, client, admin):
    log_in(client, admin)
    with app.app_context():
        db = get_db()
        users.set_disabled(db, users.by_email(db, admin), True)
    assert client.get("/console/").status_code == 302
    assert log_in(client, admin).status_code == 401


def test_an_idle_session_ends(client, admin):
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        log_in(client, admin)
        clock.move_to(start + timedelta(minutes=59))
        assert client.get("/console/").status_code == 200
        clock.move_to(start + timedelta(minutes=59 + 61))
        response = client.get("/console/")
        assert response.status_code == 302
        assert "expired=True" in response.headers["Location"]


def test_a_session_ends_after_its_absolute_lifetime(client, admin):
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        log_in(client, admin)
        for hour in range(1, 12):
            clock.move_to(start + timedelta(hours=hour))
            assert client.get("/console/").status_code == 200
        clock.move_to(start + timedelta(hours=12, minutes=1))
        assert client.get("/console/").status_code == 302


def test_the_cookie_is_httponly_lax_and_scoped_to_the_console(client, admin):
    response = log_in(client, admin)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("callgate_console=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console/" in cookie
    assert "Secure" in cookie  # the test app's public URL is https


def test_the_cookie_is_not_secure_on_plain_http(make_app, admin):
    app = make_app(PUBLIC_URL="http://127.0.0.1:8000", CONSOLE_ARGON2_MEMORY_KIB=64)
    assert "Secure" not in log_in(app.test_client(), admin).headers["Set-Cookie"]


def secret_of(app, email: str, secret: str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") -> str:
    with app.app_context():
        db = get_db()
        user = users.by_email(db, email)
        code = pyotp.TOTP(secret).now()
        assert totp.enable(db, user, secret, code, datetime.now(UTC))
    return secret


def test_a_user_with_a_second_factor_needs_the_code(app, client, admin):
    secret = secret_of(app, admin)
    response = log_in(client, admin)
    assert response.headers["Location"].startswith("/console/login/code")
    assert client.get("/console/").status_code == 302
    wrong = post(client, "/console/login/code", {"code": "000000"})
    assert wrong.status_code == 401
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=31), tick=False):
        code = pyotp.TOTP(secret).now()
        assert post(client, "/console/login/code", {"code": code}).status_code == 302
        assert client.get("/console/").status_code == 200


def test_a_code_is_used_only_once(app, admin):
    secret = secret_of(app, admin)
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=31), tick=False):
        code = pyotp.TOTP(secret).now()
        first, second = app.test_client(), app.test_client()
        log_in(first, admin)
        log_in(second, admin)
        assert post(first, "/console/login/code", {"code": code}).status_code == 302
        assert post(second, "/console/login/code", {"code": code}).status_code == 401


def test_required_2fa_sends_an_admin_to_set_it_up(make_app, admin):
    app = make_app(CONSOLE_REQUIRE_2FA="1", CONSOLE_ARGON2_MEMORY_KIB=64)
    client = app.test_client()
    log_in(client, admin)
    for path in ("/console/", "/console/buttons", "/console/people"):
        assert client.get(path).headers["Location"] == "/console/account/2fa"
    page = client.get("/console/account/2fa").get_data(as_text=True)
    assert "data:image/svg+xml" in page

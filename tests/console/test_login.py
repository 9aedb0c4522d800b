"""Logging in and out: the contract URLs, throttling, session versions and lifetimes, 2FA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine

from callgate.accounts import totp, users
from callgate.audit.trail import list_events
from callgate.db import get_db
from tests.console.helpers import PASSWORD, csrf_token, log_in, post


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


LOCKED_AT = datetime(2026, 12, 1, 9, 0, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Too many attempts to log in. Try again in 15 minutes, at 09:15 UTC."),
        ("ru", "Слишком много попыток входа. Попробуйте снова через 15 мин., в 09:15 UTC."),
    ],
)
def test_a_lockout_says_minutes_and_shows_the_login_form(client, admin, language, said):
    client.set_cookie("callgate_console_lang", language, path="/console/")
    with time_machine.travel(LOCKED_AT, tick=False):
        for _ in range(5):
            log_in(client, admin, "not the password")
        response = log_in(client, admin, PASSWORD)
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and response.headers["Retry-After"] == "900"
    assert said in page and "893" not in page and "seconds" not in page
    # Not a dead end with a back link to the same lockout: the form itself, and what else to do.
    assert 'action="/console/login"' in page and "/console/link" not in page
    assert ("one-time password link" if language == "en" else "одноразовую ссылку") in page


def test_a_lockout_under_a_minute_says_a_minute(client, admin):
    with time_machine.travel(LOCKED_AT, tick=False) as clock:
        for _ in range(5):
            log_in(client, admin, "not the password")
        clock.move_to(LOCKED_AT + timedelta(minutes=14, seconds=30))
        page = log_in(client, admin, PASSWORD).get_data(as_text=True)
    assert "Try again in a minute." in page


def test_failures_from_other_addresses_do_not_lock_the_owner_out(app, admin):
    # Failures count per address and account: rotating addresses get five each...
    for number in range(5):
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = f"198.51.100.{number}"
        assert log_in(attacker, admin, "not the password").status_code == 401
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "192.0.2.99"
    assert log_in(owner, admin).status_code == 302


def test_an_account_s_attempts_are_limited_from_any_address(app, admin):
    # ... but the account's attempts are limited wherever they come from (10 a minute).
    for number in range(10):
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = f"198.51.{number}.1"
        assert log_in(attacker, admin, "not the password").status_code == 401
    fresh = app.test_client()
    fresh.environ_base["REMOTE_ADDR"] = "192.0.2.99"
    assert log_in(fresh, admin).status_code == 429


def test_an_attacker_s_failures_from_the_same_address_do_not_lock_out_another_account(
    app, client, admin, make_user
):
    make_user("someone@example.com")
    for _ in range(5):
        assert log_in(client, "someone@example.com", "not the password").status_code == 401
    assert log_in(client, "someone@example.com", PASSWORD).status_code == 429
    # Same address (an office NAT), the admin who knows the password: still let in.
    assert log_in(app.test_client(), admin).status_code == 302


def test_throttling_ends_after_fifteen_minutes(client, admin):
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            log_in(client, admin, "not the password")
        assert log_in(client, admin).status_code == 429
        clock.move_to(start + timedelta(minutes=15, seconds=1))
        assert log_in(client, admin).status_code == 302


def test_throttled_logins_are_audited_in_one_counted_row(app, client, admin):
    # The clock stands still: a minute boundary mid-test would start a second counted row.
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, 20, tzinfo=UTC), tick=False):
        for _ in range(5 + 300):
            log_in(client, admin, "not the password")
    with app.app_context():
        rows = [e for e in list_events(get_db(), limit=1000) if e["action"] == "login"]
    assert sum(r["reason"].startswith("wrong password") for r in rows) == 5
    throttled = [r for r in rows if r["reason"].startswith("too many logins")]
    # 5 more found the failures used up, then the address's 10 attempts a minute ran out.
    assert sorted((r["reason"], r["count"]) for r in throttled) == [
        ("too many logins (failures)", 5),
        ("too many logins (ip)", 295),
    ]


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


def session_cookie(response) -> str:
    """Return the Set-Cookie line of the console session (the device cookie comes too)."""
    [line] = [
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("callgate_console=")
    ]
    return line


def test_the_cookie_is_httponly_lax_and_scoped_to_the_console(client, admin):
    response = log_in(client, admin)
    cookie = session_cookie(response)
    assert cookie.startswith("callgate_console=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console/" in cookie
    assert "Secure" in cookie  # the test app's public URL is https


def test_the_cookie_is_not_secure_on_plain_http(make_app, admin):
    app = make_app(PUBLIC_URL="http://127.0.0.1:8000", CONSOLE_ARGON2_MEMORY_KIB=64)
    assert "Secure" not in session_cookie(log_in(app.test_client(), admin))


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

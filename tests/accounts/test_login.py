"""Logging in: limits before the password, one check per failure slot even when raced, the
refusals audited (throttled ones counted, not written one by one)."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from callgate.accounts import login, passwords, throttle, users
from callgate.audit.trail import list_events
from callgate.db import get_db
from callgate.ratelimit.login import EXTENSION, Attempt

PASSWORD = "the right password"
HIGH = "100000/minute"


def racing_app(make_app, **limits: str):
    """Real (if small) Argon2id costs, so each check takes a while: room for a race."""
    return make_app(
        CONSOLE_ARGON2_MEMORY_KIB=8192,
        CONSOLE_ARGON2_TIME_COST=2,
        LOGIN_CONCURRENCY=32,
        DB_LOCK_TIMEOUT_MS=4000,
        LOGIN_LIMITS_IP=HIGH,
        LOGIN_LIMITS_PREFIX=HIGH,
        LOGIN_LIMITS_GLOBAL=HIGH,
        **{f"LOGIN_LIMITS_{kind.upper()}": value for kind, value in limits.items()},
    )


@pytest.fixture
def checks(monkeypatch) -> list[bool]:
    """Every password check made, in order (the real check runs; its answer is noted)."""
    made: list[bool] = []
    real = passwords.verify

    def noted(stored: str | None, password: str) -> bool:
        made.append(real(stored, password))
        return made[-1]

    monkeypatch.setattr(passwords, "verify", noted)
    return made


def race(app, attempts: list[Attempt], password: str) -> Counter:
    """Run the attempts at once, each in its own thread and session; count the outcomes."""
    start = threading.Barrier(len(attempts))

    def one(attempt: Attempt) -> str:
        with app.app_context():
            limiter = app.extensions[EXTENSION]
            start.wait()
            try:
                login.authenticate(get_db(), limiter, attempt, password)
            except login.LoginFailed:
                return "checked"
            except throttle.LoginThrottled as exc:
                return exc.key_kind
            return "allowed"

    with ThreadPoolExecutor(len(attempts)) as pool:
        return Counter(pool.map(one, attempts))


def login_rows(app) -> list[dict]:
    with app.app_context():
        return [e for e in list_events(get_db(), limit=1000) if e["action"] == "login"]


def test_32_parallel_attempts_get_exactly_5_password_checks(make_app, checks):
    app = racing_app(make_app, account=HIGH)
    with app.app_context():
        users.create(get_db(), "owner@example.com", "admin", PASSWORD)
    attempts = [Attempt("198.51.100.7", "owner@example.com")] * 32
    outcomes = race(app, attempts, "a wrong guess!")
    assert outcomes == Counter({"checked": 5, "failures": 27})
    assert checks == [False] * 5
    rows = login_rows(app)
    assert sum(r["reason"].startswith("wrong password") for r in rows) == 5
    # The 27 refusals are counted in one row for the minute, not written one by one.
    [counted] = [r for r in rows if r["reason"] == "too many logins (failures)"]
    assert (counted["count"], counted["source"]) == (27, "198.51.100.0/24")


def test_an_account_raced_from_32_addresses_gets_its_limit_of_checks(make_app, checks):
    attempts = [Attempt(f"203.0.{n}.9", "owner@example.com") for n in range(32)]
    outcomes = race(racing_app(make_app), attempts, "a wrong guess!")
    assert outcomes == Counter({"checked": 10, "account": 22})
    assert len(checks) == 10


def test_the_right_password_gives_the_failure_slots_back(app):
    with app.app_context():
        db, limiter = get_db(), app.extensions[EXTENSION]
        users.create(db, "owner@example.com", "admin", PASSWORD)
        attempt = Attempt("198.51.100.7", "owner@example.com")
        for _ in range(4):
            with pytest.raises(login.LoginFailed):
                login.authenticate(db, limiter, attempt, "a wrong guess!")
        assert login.authenticate(db, limiter, attempt, PASSWORD).email == "owner@example.com"
        for _ in range(5):
            with pytest.raises(login.LoginFailed):
                login.authenticate(db, limiter, attempt, "a wrong guess!")
        with pytest.raises(throttle.LoginThrottled):
            login.authenticate(db, limiter, attempt, PASSWORD)


def test_a_disabled_account_is_refused_like_a_wrong_password(app):
    with app.app_context():
        db, limiter = get_db(), app.extensions[EXTENSION]
        users.set_disabled(db, users.create(db, "gone@example.com", "viewer", PASSWORD), True)
        with pytest.raises(login.LoginFailed):
            login.authenticate(db, limiter, Attempt("192.0.2.1", "gone@example.com"), PASSWORD)
    assert [r["reason"] for r in login_rows(app)] == ["account disabled: gone@example.com"]

"""ratelimit/login.py: login attempts per address, network, account and globally, or per known
device; failure slots taken in one atomic hit and given back; on the database and on Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine

from callgate.db import EXTENSION
from callgate.errors import ConfigError
from callgate.ratelimit.limiter import RateLimited
from callgate.ratelimit.login import Attempt, LoginLimiter, check_settings

REDIS = "redis://127.0.0.1:6379/0"
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LIMITS = {
    "LOGIN_LIMITS_IP": "3/minute",
    "LOGIN_LIMITS_PREFIX": "5/minute",
    "LOGIN_LIMITS_ACCOUNT": "4/minute",
    "LOGIN_LIMITS_GLOBAL": "8/minute",
    "LOGIN_LIMITS_DEVICE": "2/minute",
}


@pytest.fixture(params=["database", "redis"])
def limiter(request, app) -> Iterator[LoginLimiter]:
    """The login limits on the app's database, or on Redis in a namespace of the test's own."""
    namespace = f"test-{uuid.uuid4().hex}"
    engine = app.extensions[EXTENSION].kw["bind"]
    uri = "callgate+db://" if request.param == "database" else REDIS
    yield LoginLimiter(uri, engine, LIMITS | {"RATE_LIMITS_NAMESPACE": namespace})
    if request.param == "redis":
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(match=f"*{namespace}*"):
            client.delete(key)
        client.close()


def refused_kind(limiter: LoginLimiter, attempt: Attempt) -> str | None:
    try:
        limiter.attempt(attempt)
    except RateLimited as exc:
        return exc.kind
    return None


def test_an_address_then_its_network_run_out(limiter):
    kinds = [refused_kind(limiter, Attempt("2001:db8:1:2::7", "a@example.com")) for _ in range(4)]
    assert kinds == [None, None, None, "ip"]
    # Other addresses of the same /64 share its network's five (the refused one did not count).
    more = [
        refused_kind(limiter, Attempt(f"2001:db8:1:2::{n}", "b@example.com")) for n in (8, 9, 10)
    ]
    assert more == [None, None, "prefix"]


def test_an_account_runs_out_from_rotating_addresses(limiter):
    spread = [refused_kind(limiter, Attempt(f"198.51.{n}.1", "c@example.com")) for n in range(5)]
    assert spread == [None, None, None, None, "account"]


def test_the_global_ceiling_holds_against_rotating_addresses_and_accounts(limiter):
    kinds = [
        refused_kind(limiter, Attempt(f"203.0.{n}.1", f"user{n}@example.com")) for n in range(9)
    ]
    assert kinds == [None] * 8 + ["global"]


def test_a_known_device_counts_on_its_own(limiter):
    for _ in range(3):
        limiter.attempt(Attempt("192.0.2.1", "owner@example.com"))
    assert refused_kind(limiter, Attempt("192.0.2.1", "owner@example.com")) == "ip"
    device = Attempt("192.0.2.1", "owner@example.com", "device-of-the-owner-0001")
    assert [refused_kind(limiter, device) for _ in range(3)] == [None, None, "device"]


def test_five_failure_slots_then_none_until_given_back(limiter):
    key = Attempt("192.0.2.1", "a@example.com").failure_key()
    for _ in range(5):
        limiter.take_failure_slot(key)
    with pytest.raises(RateLimited) as refused:
        limiter.take_failure_slot(key)
    assert refused.value.kind == "failures" and 0 < refused.value.retry_after <= 15 * 60
    limiter.give_back(key)
    limiter.take_failure_slot(key)


def test_failure_slots_are_per_address_and_account_or_per_device():
    stranger = Attempt("192.0.2.1", " A@Example.com")
    assert stranger.failure_key() == "192.0.2.1|a@example.com"
    assert Attempt("192.0.2.2", "a@example.com").failure_key() != stranger.failure_key()
    assert Attempt("192.0.2.1", "a@example.com", "d" * 20).failure_key() == "device:" + "d" * 20


def test_failure_slots_come_back_after_fifteen_minutes(app):
    engine = app.extensions[EXTENSION].kw["bind"]
    limiter = LoginLimiter("callgate+db://", engine, LIMITS)
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            limiter.take_failure_slot("k")
        with pytest.raises(RateLimited) as refused:
            limiter.take_failure_slot("k")
        assert refused.value.retry_after == 15 * 60
        clock.move_to(START + timedelta(minutes=15, seconds=1))
        limiter.take_failure_slot("k")


@pytest.mark.parametrize("value", ["3 a minute", "minute/3", 5, "3/fortnight"])
def test_bad_settings_are_refused(value):
    config = {key: "1/minute" for key in LIMITS} | {"LOGIN_LIMITS_IP": value}
    with pytest.raises(ConfigError, match="CALLGATE_LOGIN_LIMITS_IP"):
        check_settings(config)


def test_an_empty_setting_switches_a_kind_off(limiter):
    config = LIMITS | {"LOGIN_LIMITS_IP": " "}
    check_settings(config)
    assert config["LOGIN_LIMITS_IP"] == ""

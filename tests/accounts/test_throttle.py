"""Login throttling: five failures in fifteen minutes per address and per account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accounts import throttle

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_five_failures_then_refused_until_the_oldest_ages_out(db):
    keys = throttle.keys("198.51.100.7", "a@example.com")
    for minute in range(5):
        throttle.check(db, keys, NOW + timedelta(minutes=minute))
        throttle.fail(db, keys, NOW + timedelta(minutes=minute))
    with pytest.raises(throttle.LoginThrottled) as refused:
        throttle.check(db, keys, NOW + timedelta(minutes=5))
    assert refused.value.retry_after == 10 * 60
    throttle.check(db, keys, NOW + timedelta(minutes=15, seconds=1))


def test_counters_are_separate(db):
    throttle.fail(db, throttle.keys("198.51.100.7", "a@example.com"), NOW)
    for _ in range(4):
        throttle.fail(db, throttle.keys("198.51.100.7", "b@example.com"), NOW)
    with pytest.raises(throttle.LoginThrottled) as refused:
        throttle.check(db, throttle.keys("198.51.100.7", "c@example.com"), NOW)
    assert refused.value.key_kind == "ip"
    throttle.check(db, throttle.keys("192.0.2.1", "a@example.com"), NOW)


def test_clearing_forgets_the_account(db):
    keys = throttle.keys("198.51.100.7", "a@example.com")
    for _ in range(5):
        throttle.fail(db, keys, NOW)
    throttle.clear(db, keys[1])
    with pytest.raises(throttle.LoginThrottled):  # the address still counts
        throttle.check(db, keys, NOW)
    throttle.check(db, throttle.keys("192.0.2.1", "a@example.com"), NOW)

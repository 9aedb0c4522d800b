"""ratelimit/redis_trip.py: a token request's limits on one Redis in one script call, counted
as the `limits` library's sliding windows count them."""

from __future__ import annotations

import pytest
import redis
from limits import parse_many
from limits.storage import RedisStorage, storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter

from callgate.ratelimit.limiter import EXTENSION
from callgate.ratelimit.redis_trip import RedisTrip, one_trip
from tests.ratelimit.helpers import REDIS, make_button, own_namespace, post


@pytest.fixture
def on_redis(make_app):
    with own_namespace() as name:
        yield make_app(
            RATELIMIT_STORAGE_URI=REDIS,
            RATE_LIMITS_NAMESPACE=name,
            RATE_LIMITS_IP="5/minute;30/hour",
            POW_THRESHOLD=50,
        )


def test_only_a_single_redis_counts_in_one_trip():
    assert isinstance(one_trip(storage_from_string(REDIS)), RedisTrip)
    assert one_trip(storage_from_string("memory://")) is None


def test_a_token_request_is_one_script_call(on_redis, monkeypatch):
    client, button_id = on_redis.test_client(), make_button(on_redis)
    assert post(client, button_id).status_code == 200  # loads the script once
    sent: list[str] = []
    real = redis.Redis.execute_command

    def record(self, *args, **options):
        sent.append(str(args[0]))
        return real(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", record)
    assert post(client, button_id).status_code == 200
    assert sent == ["EVALSHA"]


def test_the_library_reads_what_the_script_counted(on_redis):
    """The script's windows are the library's: its strategy sees the same remaining hits."""
    client, button_id = on_redis.test_client(), make_button(on_redis)
    for _ in range(3):
        assert post(client, button_id).status_code == 200
    storage = on_redis.extensions[EXTENSION].storage
    assert isinstance(storage, RedisStorage)
    strategy = SlidingWindowCounterRateLimiter(storage)
    minute, hour = parse_many("5/minute;30/hour")
    ns = f"{on_redis.config['RATE_LIMITS_NAMESPACE']}/token"
    assert strategy.get_window_stats(minute, ns, "ip", "203.0.113.7").remaining == 2
    assert strategy.get_window_stats(hour, ns, "ip", "203.0.113.7").remaining == 27
    # ... and the script counts on what the library counted.
    strategy.hit(minute, ns, "ip", "203.0.113.7")
    assert [post(client, button_id).status_code for _ in range(2)] == [200, 429]


def test_a_refusal_counts_up_to_the_limit_that_refused_it(on_redis):
    client, button_id = on_redis.test_client(), make_button(on_redis)
    for _ in range(5):
        assert post(client, button_id).status_code == 200
    refused = post(client, button_id)
    assert refused.status_code == 429 and refused.get_json()["message"].startswith(
        "too many call requests (ip limit)"
    )
    storage = on_redis.extensions[EXTENSION].storage
    strategy = SlidingWindowCounterRateLimiter(storage)
    ns = f"{on_redis.config['RATE_LIMITS_NAMESPACE']}/token"
    [day] = parse_many("200/day")
    # The refused request stopped at the ip limit: the button's counter has the five only.
    assert strategy.get_window_stats(day, ns, "button", button_id).remaining == 195

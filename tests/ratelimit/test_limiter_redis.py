"""ratelimit/limiter.py on Redis: the limits library's own Redis storage, sliding windows.

These run against the Redis on 127.0.0.1:6379 in real time (Redis keeps its own clock, so the
frozen clocks of test_limiter.py do not reach it); each test has its own key namespace.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, SlidingWindowCounterRateLimiter

from callgate.audit.trail import list_events
from callgate.db import get_db
from callgate.ratelimit.limiter import strategy_for
from tests.data import ORIGIN
from tests.ratelimit.helpers import REDIS, make_button, own_namespace, post


@pytest.fixture
def namespace() -> Iterator[str]:
    """A key namespace of this test's own, emptied afterwards."""
    with own_namespace() as name:
        yield name


@pytest.fixture
def redis_app(make_app, namespace):
    return make_app(RATELIMIT_STORAGE_URI=REDIS, RATE_LIMITS_NAMESPACE=namespace)


def test_redis_gets_the_sliding_window_and_the_database_fixed_windows(database_url):
    assert isinstance(strategy_for(storage_from_string(REDIS)), SlidingWindowCounterRateLimiter)
    assert isinstance(strategy_for(storage_from_string("memory://")), FixedWindowRateLimiter)


def test_per_ip_limit_on_redis_with_retry_after(redis_app):
    client, button = redis_app.test_client(), make_button(redis_app)
    assert [post(client, button).status_code for _ in range(3)] == [200] * 3
    limited = post(client, button)
    assert limited.status_code == 429
    assert limited.get_json()["error"] == "rate_limited"
    assert "(ip limit)" in limited.get_json()["message"]
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert post(client, button, ip="198.51.100.7").status_code == 200
    with redis_app.app_context():
        reasons = [e["reason"] for e in list_events(get_db()) if e["outcome"] == "refused"]
    assert reasons == ["rate limit ip"]


def test_two_instances_share_the_redis_counters(make_app, namespace):
    settings = {"RATELIMIT_STORAGE_URI": REDIS, "RATE_LIMITS_NAMESPACE": namespace}
    first, second = make_app(**settings), make_app(**settings)
    button = make_button(first)
    answers = [post(app.test_client(), button).status_code for app in (first, second, first)]
    assert answers == [200] * 3
    assert post(second.test_client(), button).status_code == 429


def test_namespaces_keep_installations_apart(make_app, namespace):
    one = make_app(RATELIMIT_STORAGE_URI=REDIS, RATE_LIMITS_NAMESPACE=namespace)
    other = make_app(RATELIMIT_STORAGE_URI=REDIS, RATE_LIMITS_NAMESPACE=namespace + "-other")
    button = make_button(one)
    assert [post(one.test_client(), button).status_code for _ in range(4)][-1] == 429
    assert post(other.test_client(), button).status_code == 200


def test_redis_refusing_connections_fails_closed(make_app):
    app = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port()}/0")
    response = post(app.test_client(), make_button(app))
    assert response.status_code == 503
    assert response.get_json() == {"error": "unavailable", "message": "service unavailable"}
    assert "token" not in response.text


def test_redis_that_stops_answering_fails_closed_within_its_timeout(make_app):
    with silent_server() as port:
        app = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0")
        button = make_button(app)
        started = time.monotonic()
        response = post(app.test_client(), button)
        waited = time.monotonic() - started
    print(f"token request against a silent Redis answered in {waited:.2f} s")
    assert response.status_code == 503
    assert "token" not in response.text
    # The bound is the point here: a hung Redis must not hold a worker past WCS's hook timeout
    # (redis-py's own default waits about 5 s); ours is 1 s, with slack for a busy machine.
    assert waited < 3


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class silent_server:  # noqa: N801 - used as a context manager
    """A TCP server that accepts connections and never says a word."""

    def __enter__(self) -> int:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self.sock.getsockname()[1]

    def _accept(self) -> None:
        try:
            while True:
                self.accepted.append(self.sock.accept()[0])
        except OSError:
            return

    def __exit__(self, *exc: object) -> None:
        self.sock.close()
        for connection in self.accepted:
            connection.close()

"""Faults on a running bin/serve: PostgreSQL stopped and started again, Redis gone, and an
instance killed with kill -9 in the middle of a burst of hook events.

Each test runs its own PostgreSQL cluster or Redis on free ports (tests/system/services.py).
"""

from __future__ import annotations

import http.client
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.servers import eventually, get
from tests.system import services
from tests.system.test_instances import ORIGIN, hook
from tests.wcs import FakeWcs, session_id

pytestmark = pytest.mark.postgresql_only
UNAVAILABLE = {"error": "unavailable", "message": "service unavailable"}
KILL_AFTER = 300


def token(app: services.Instance, button: str) -> tuple[int, dict]:
    return services.post(f"{app.url}/api/v1/buttons/{button}/token", headers={"Origin": ORIGIN})


@pytest.fixture
def postgres():
    cluster = services.PrivatePostgres().create()
    yield cluster
    cluster.remove()


def test_postgresql_down_then_up_fails_closed_and_recovers_without_a_restart(tmp_path, postgres):
    app = services.instance(tmp_path, postgres.url)
    app.flask("db", "upgrade")
    button = services.create_button(postgres.url, ORIGIN)
    app.start()
    try:
        status, grant = token(app, button)
        assert status == 200
        postgres.stop()
        refused, answer = token(app, button)
        assert (refused, answer) == (503, UNAVAILABLE)
        connect = FakeWcs.connect_body(grant["token"], ORIGIN, session_id())
        code, body = hook(app.url, "connect", connect)
        assert code == 503 and "sipPassword" not in json.dumps(body)
        assert get(f"{app.url}/readyz")[0] == 503
        postgres.start()
        assert eventually(lambda: token(app, button)[0] == 200, 30)
        # /readyz keeps an answer for a second: it says ready again within a few.
        assert eventually(lambda: get(f"{app.url}/readyz")[0] == 200, 10)
        _, fresh = token(app, button)
        sid = session_id()
        code, body = hook(app.url, "connect", FakeWcs.connect_body(fresh["token"], ORIGIN, sid))
        assert code == 200 and body["sipPassword"] == "Multi-Instance-SIP-Secret"
    finally:
        app.stop()


def test_redis_down_fails_the_token_endpoint_closed(tmp_path, database_url):
    store = services.PrivateRedis().start()
    app = services.instance(tmp_path, database_url, RATELIMIT_STORAGE_URI=store.url)
    button = services.create_button(database_url, ORIGIN)
    app.start()
    try:
        assert token(app, button)[0] == 200
        store.stop()
        status, answer = token(app, button)
        assert (status, answer) == (503, UNAVAILABLE)
        store.start()
        assert eventually(lambda: token(app, button)[0] == 200, 30)
    finally:
        app.stop()
        store.stop()


def test_every_event_answered_200_before_a_kill_9_is_in_the_call_log(tmp_path, database_url):
    roomy = {"RATE_LIMITS_IP": "1000/minute", "RATE_LIMITS_PREFIX": "1000/minute"}
    app = services.instance(tmp_path, database_url, WORKERS="2", **roomy)
    button = services.create_button(database_url, ORIGIN)
    app.start()
    sessions = []
    for _ in range(20):
        _, grant = token(app, button)
        sid = session_id()
        assert hook(app.url, "connect", FakeWcs.connect_body(grant["token"], ORIGIN, sid))[0] == 200
        sessions.append(sid)
    answered: list[tuple[str, str]] = []
    lock = threading.Lock()
    statuses = ["TRYING", "RING", "ESTABLISHED", "HOLD", "FINISH"]

    def send(n: int) -> None:
        sid, status = sessions[n % len(sessions)], statuses[n // len(sessions) % len(statuses)]
        body = FakeWcs.event_body(sid, status, f"call-{n % len(sessions)}")
        try:
            code, _ = hook(app.url, "CallStatusEvent", body)
        except (OSError, http.client.HTTPException):
            return  # cut off by the kill: not answered, so nothing is owed
        if code == 200:
            with lock:
                answered.append((sid, status))
                if len(answered) == KILL_AFTER:
                    killer.start()

    # Killed in the middle of the burst, whatever the machine's speed: after KILL_AFTER answers.
    killer = threading.Thread(target=app.kill)
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(send, range(3000)))
    killer.join()
    assert len(answered) < 3000, "the kill came after the burst"
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.connect() as connection:
        stored = set(connection.execute(text("SELECT session_id, status FROM call_events")).all())
    engine.dispose()
    missing = set(answered) - stored
    print(f"{len(answered)} events answered 200 before the kill, {len(missing)} missing")
    assert not missing

"""Readiness: /readyz on the database and the counters, and the probe behind it (a bounded
wait, one check at a time, one result reused for a second)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from callgate import db
from callgate.config import MAX_LOCK_TIMEOUT_MS
from callgate.ops import readiness
from callgate.ops.readiness import EXTENSION as READINESS
from callgate.ops.readiness import Probe
from tests import databases
from tests.relay import Relay


def test_a_result_is_reused_within_the_ttl(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, tzinfo=UTC), tick=False)
    calls: list[int] = []
    probe = Probe(lambda: calls.append(1) or True, timeout=5, ttl=1)
    assert [probe.ready() for _ in range(5)] == [True] * 5
    assert len(calls) == 1
    time_machine.move_to(datetime(2026, 12, 1, tzinfo=UTC) + timedelta(seconds=2), tick=False)
    assert probe.ready() and len(calls) == 2


def test_a_slow_check_is_not_waited_for_and_not_run_twice():
    release, started = threading.Event(), []

    def stuck() -> bool:
        started.append(1)
        release.wait(10)
        return True

    probe = Probe(stuck, timeout=0.05, ttl=0)
    assert probe.ready() is False
    assert probe.ready() is False
    assert probe.checking and len(started) == 1
    release.set()


def test_a_failed_check_says_not_ready(time_machine):
    probe = Probe(lambda: False, timeout=5, ttl=0)
    assert probe.ready() is False


def test_readyz_is_ready_with_the_database_and_counters_up(client):
    answer = client.get("/readyz")
    assert (answer.status_code, answer.get_json()) == (200, {"status": "ready"})


def test_readyz_is_503_without_detail_on_a_database_that_is_not_callgate_s(
    make_app, empty_database_url
):
    client = make_app(DATABASE_URL=empty_database_url).test_client()
    answer = client.get("/readyz")
    assert (answer.status_code, answer.get_json()) == (503, {"status": "unavailable"})
    assert answer.headers["Cache-Control"] == "no-store"


@pytest.mark.sqlite_only
def test_readyz_is_503_on_a_damaged_sqlite_file(app, client, db_path):
    db_path.write_bytes(b"this is not a database" * 100)
    assert client.get("/readyz").status_code == 503


def hold(database_url: str) -> Callable[[], None]:
    """Lock the database so that the app's readers wait; return what lets it go."""
    if database_url.startswith("sqlite"):
        holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        return holder.close
    engine = databases.raw_engine(database_url)
    connection = engine.connect()
    connection.exec_driver_sql("BEGIN")
    connection.exec_driver_sql("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE")

    def release() -> None:
        connection.exec_driver_sql("ROLLBACK")
        connection.close()
        engine.dispose()

    return release


@contextmanager
def hanging(database_url: str) -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """Yield the URL an app should use, what makes its database hang, and what ends the hang.

    PostgreSQL is reached through a relay that, once hung, holds new connections until the end
    of the hang, however long: the check cannot end before it. SQLite is locked: a reader waits
    for the lock its CALLGATE_DB_LOCK_TIMEOUT_MS (the app below has the longest allowed), twice
    (connecting, then reading), and then fails.
    """
    if database_url.startswith("sqlite"):
        held: list[Callable[[], None]] = []
        yield database_url, lambda: held.append(hold(database_url)), lambda: held.pop()()
        return
    parts = make_url(database_url)
    relay = Relay((parts.host or "127.0.0.1", parts.port or 5432))
    try:
        url = parts.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
        yield url, relay.hang, relay.release
    finally:
        relay.close()


#: Far longer than readyz may take (the probe's own deadline), however loaded the machine.
BOUND = 30 * readiness.TIMEOUT


def answer_within(seconds: float, request: Callable[[], object]) -> object:
    """Run `request` in a thread; return its answer, or fail if it has none after `seconds`."""
    answers: list[object] = []
    thread = threading.Thread(target=lambda: answers.append(request()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert answers, f"no answer within {seconds:g} s: readyz waited for the database"
    return answers[0]


def test_readyz_answers_quickly_while_the_database_hangs(make_app, database_url, time_machine):
    with hanging(database_url) as (url, hang, release):
        app = make_app(DATABASE_URL=url, DB_LOCK_TIMEOUT_MS=MAX_LOCK_TIMEOUT_MS)
        client = app.test_client()
        db.engine_of(app).dispose()  # the check connects anew, into the hang (SQLite: unlocked)
        hang()
        try:
            answer = answer_within(BOUND, lambda: client.get("/readyz"))
            assert answer.status_code == 503  # type: ignore[attr-defined]
            # Answered while the check still waits for the database: the probe did not wait.
            assert app.extensions[READINESS].checking
        finally:
            release()
        # Ready again once the database answers: each ask is a second later (past the TTL).
        statuses = []
        for second in range(1, 31):
            time_machine.move_to(datetime.now(UTC) + timedelta(seconds=second * readiness.TTL))
            statuses.append(client.get("/readyz").status_code)
            if statuses[-1] == 200:
                break
        assert statuses[-1] == 200, statuses


@pytest.mark.parametrize(
    ("uri", "status"), [("redis://127.0.0.1:6379/15", 200), ("redis://127.0.0.1:1/0", 503)]
)
def test_readyz_follows_the_redis_counters(make_app, uri, status):
    client = make_app(RATELIMIT_STORAGE_URI=uri).test_client()
    assert client.get("/readyz").status_code == status

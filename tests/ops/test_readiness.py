"""Readiness: /readyz on the database and the counters, and the probe behind it (a bounded
wait, one check at a time, one result reused for a second)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

import db
from ops.readiness import EXTENSION as READINESS
from ops.readiness import Probe
from tests import databases


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


def test_readyz_answers_quickly_while_the_database_hangs(app, client, database_url, time_machine):
    app.extensions[db.EXTENSION].kw["bind"].dispose()  # so that SQLite can be locked whole
    release = hold(database_url)
    try:
        # The app waits for the lock (15 s on SQLite, for ever on PostgreSQL); the probe 1 s.
        assert client.get("/readyz").status_code == 503
        # Answered while the check still waits for the database: the probe did not wait it out.
        assert app.extensions[READINESS].checking
    finally:
        release()
    time_machine.move_to(datetime.now(UTC) + timedelta(seconds=5))
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize(
    ("uri", "status"), [("redis://127.0.0.1:6379/15", 200), ("redis://127.0.0.1:1/0", 503)]
)
def test_readyz_follows_the_redis_counters(make_app, uri, status):
    client = make_app(RATELIMIT_STORAGE_URI=uri).test_client()
    assert client.get("/readyz").status_code == status

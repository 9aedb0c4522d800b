"""ratelimit/storage.py: fixed-window counters in `rate_counters`, shared by every process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from limits import parse
from limits.errors import ConfigurationError, StorageError
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import create_engine, event, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import OperationalError, ProgrammingError

from callgate.db import make_engine
from callgate.db.models import RateCounter
from callgate.ratelimit.storage import PURGE_EVERY, DatabaseStorage, upsert
from tests.databases import BACKEND

START = datetime(2026, 11, 26, 10, 0, 0, tzinfo=UTC)


@pytest.fixture
def url(database_url) -> str:
    return database_url


@pytest.fixture
def storage(url) -> Iterator[DatabaseStorage]:
    engine = make_engine(url)
    yield storage_from_string("callgate+db://", engine=engine, wrap_exceptions=True)
    engine.dispose()


def rows(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = dict(connection.execute(select(RateCounter.key, RateCounter.count)).all())
    engine.dispose()
    return found


def test_scheme_is_registered(storage):
    assert isinstance(storage, DatabaseStorage)
    assert storage.check() is True


def test_incr_counts_within_a_window_and_restarts_after_it(storage):
    with time_machine.travel(START, tick=False) as clock:
        assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
        assert storage.incr("k", 60, amount=2) == 5
        assert storage.get("k") == 5
        assert storage.get_expiry("k") == START.timestamp() + 60
        clock.shift(59)
        assert storage.incr("k", 60) == 6
        assert storage.get_expiry("k") == START.timestamp() + 60
        clock.shift(1)
        assert storage.get("k") == 0
        assert storage.incr("k", 60) == 1
        assert storage.get_expiry("k") == START.timestamp() + 120


def test_unknown_key_reads_as_empty_window(storage):
    with time_machine.travel(START, tick=False):
        assert storage.get("nothing") == 0
        assert storage.get_expiry("nothing") == START.timestamp()


def test_keys_count_separately(storage):
    assert storage.incr("a", 60) == storage.incr("b", 60) == 1
    assert storage.incr("a", 60) == 2
    assert (storage.get("a"), storage.get("b")) == (2, 1)


def test_fixed_window_strategy_on_top(storage):
    limiter, item = FixedWindowRateLimiter(storage), parse("3/minute")
    with time_machine.travel(START, tick=False) as clock:
        assert [limiter.hit(item, "ip", "1.2.3.4") for _ in range(4)] == [True] * 3 + [False]
        stats = limiter.get_window_stats(item, "ip", "1.2.3.4")
        assert (stats.remaining, stats.reset_time) == (0, START.timestamp() + 60)
        clock.shift(60)
        assert limiter.hit(item, "ip", "1.2.3.4") is True


def test_clear_and_reset(storage, url):
    storage.incr("a", 60)
    storage.incr("b", 60)
    storage.clear("a")
    assert rows(url) == {"b": 1}
    storage.incr("c", 60)
    assert storage.reset() == 2
    assert rows(url) == {}


def test_ended_windows_are_swept_out(storage, url):
    with time_machine.travel(START, tick=False) as clock:
        storage.incr("short", 10)
        storage.incr("long", 3600)
        clock.shift(PURGE_EVERY - 1)
        storage.incr("other", 60)
        assert set(rows(url)) == {"short", "long", "other"}
        clock.shift(1)
        storage.incr("other", 60)
        assert set(rows(url)) == {"long", "other"}


def test_processes_sharing_the_file_never_lose_a_hit(url):
    workers, hits = 6, 15
    results: list[int] = []

    def run() -> None:
        # One engine per thread: as separate worker processes would have.
        engine = make_engine(url)
        own = DatabaseStorage(engine=engine)
        results.extend(own.incr("shared", 600) for _ in range(hits))
        engine.dispose()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(1, workers * hits + 1))
    assert rows(url) == {"shared": workers * hits}


def test_outage_raises_storage_error_and_check_says_so(storage, sql):
    sql("DROP TABLE rate_counters")
    missing_table = OperationalError if BACKEND == "sqlite" else ProgrammingError
    for call in (lambda: storage.incr("k", 60), lambda: storage.get("k")):
        with pytest.raises(StorageError) as info:
            call()
        assert isinstance(info.value.storage_error, missing_table)
    assert storage.check() is False


def test_unwrapped_errors_stay_sqlalchemy_errors(tmp_path):
    storage = DatabaseStorage(engine=create_engine(f"sqlite:///{tmp_path}/missing/db.sqlite3"))
    with pytest.raises(OperationalError):
        storage.incr("k", 60)


def test_needs_an_engine():
    with pytest.raises(ConfigurationError, match="needs the app's database engine"):
        storage_from_string("callgate+db://")


def test_postgresql_gets_the_same_single_statement():
    statement = upsert("postgresql")
    sql = str(statement.compile(dialect=postgresql.dialect()))
    assert "ON CONFLICT (key) DO UPDATE SET count = CASE WHEN" in sql
    assert sql.rstrip().endswith("RETURNING rate_counters.count")


def test_incr_many_counts_every_key_in_one_statement_as_incr_would(storage, url):
    statements = []
    event.listen(storage.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with time_machine.travel(START, tick=False) as clock:
        storage.incr("a", 60)
        statements.clear()
        assert storage.incr_many([("a", 60), ("b", 3600)]) == {"a": 2, "b": 1}
        assert [s.split()[0] for s in statements] == ["INSERT"]
        assert storage.get_expiry("b") == START.timestamp() + 3600
        clock.shift(60)  # a's window ended: it starts again, b's goes on
        assert storage.incr_many([("a", 60), ("b", 3600)]) == {"a": 1, "b": 2}
        assert storage.get_expiry("a") == START.timestamp() + 120
    assert storage.incr_many([]) == {}


def test_uncount_takes_a_hit_back_and_a_window_it_started_is_gone(storage, url):
    with time_machine.travel(START, tick=False):
        storage.incr("old", 60)
        with storage.one_transaction():
            storage.incr_many([("old", 60), ("new", 60)])
            storage.uncount(["old", "new"])
        assert rows(url) == {"old": 1}
        storage.uncount(["old"])  # outside a request's transaction: nothing to take back
        assert rows(url) == {"old": 1}


def test_incr_many_on_a_broken_table_is_a_storage_error(storage, sql):
    sql("DROP TABLE rate_counters")
    with pytest.raises(StorageError):
        storage.incr_many([("a", 60)])

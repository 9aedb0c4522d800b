"""`db.make_engine`: how each connection of the app is set up."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from callgate.db import make_engine


@pytest.mark.sqlite_only
def test_sqlite_connections_use_wal_without_an_fsync_per_commit(database_url):
    engine = make_engine(database_url, lock_timeout_ms=750)
    with engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout")
        }
    engine.dispose()
    # synchronous 1 is NORMAL: WAL commits survive a crash of the process, not a power loss.
    assert pragma == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 750}


@pytest.mark.postgresql_only
def test_postgresql_keeps_synchronous_commit_and_gets_the_lock_timeout(database_url):
    engine = make_engine(database_url, lock_timeout_ms=750)
    with engine.connect() as connection:
        commit = connection.execute(text("SHOW synchronous_commit")).scalar()
        lock = connection.execute(text("SHOW lock_timeout")).scalar()
    engine.dispose()
    assert (commit, lock) == ("on", "750ms")

"""A `limits` storage on the `rate_counters` table, so every worker and host shares counters.

Registered as `callgate+db://`: it counts in the database the app already uses. Each hit is
one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING), which SQLite 3.35+ and
PostgreSQL run as a single statement, so concurrent workers never lose an increment. It
supports the fixed-window strategy only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

from limits.errors import ConfigurationError
from limits.storage import Storage
from sqlalchemy import Table, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.dml import Insert

from db.models import RateCounter, utcnow

SCHEME = "callgate+db"
#: How often (seconds) one process sweeps out windows that ended.
PURGE_EVERY = 300
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
# Declarative types `__table__` as a FromClause; with `__tablename__` it is always a Table.
_table = cast(Table, RateCounter.__table__)


def upsert(insert: Callable, key: str, expiry: int, amount: int, now: datetime) -> Insert:
    """Return the one statement that counts a hit and answers the new count, for `insert`'s dialect.

    A window that ended by `now` starts over at `amount`, ending `expiry` seconds later.
    """
    statement = insert(_table).values(
        key=key, count=amount, expires_at=now + timedelta(seconds=expiry)
    )
    ended = _table.c.expires_at <= now
    return statement.on_conflict_do_update(
        index_elements=[_table.c.key],
        set_={
            "count": case((ended, amount), else_=_table.c.count + amount),
            "expires_at": case((ended, statement.excluded.expires_at), else_=_table.c.expires_at),
        },
    ).returning(_table.c.count)


class DatabaseStorage(Storage):
    """Fixed-window counters in `rate_counters(key, count, expires_at)`."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, **options: object
    ) -> None:
        """Count in `options["engine"]`; raise ConfigurationError for an unusable database."""
        engine = options.get("engine")
        if not isinstance(engine, Engine):
            raise ConfigurationError(f"{SCHEME}:// needs the app's database engine")
        if engine.dialect.name not in _INSERTS:
            raise ConfigurationError(f"{SCHEME}:// needs SQLite or PostgreSQL")
        if engine.dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
            raise ConfigurationError(f"{SCHEME}:// needs SQLite 3.35 or newer (upsert RETURNING)")
        self.engine = engine
        self._insert = _INSERTS[engine.dialect.name]
        self._purged_at: datetime | None = None
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to `key` in its window (a new one of `expiry` s if it ended); return it."""
        now = utcnow()
        with self.engine.begin() as connection:
            count = connection.execute(upsert(self._insert, key, expiry, amount, now)).scalar_one()
            self._purge(connection, now)
        return count

    def get(self, key: str) -> int:
        """Return the count of `key` in its current window (0 if none)."""
        with self.engine.connect() as connection:
            count = connection.scalar(select(_table.c.count).where(*self._live(key)))
        return count or 0

    def get_expiry(self, key: str) -> float:
        """Return when the current window of `key` ends, as a Unix time (now if none)."""
        with self.engine.connect() as connection:
            ends = connection.scalar(select(_table.c.expires_at).where(*self._live(key)))
        return (ends or utcnow()).timestamp()

    def check(self) -> bool:
        """Return True if the counters table can be read."""
        try:
            with self.engine.connect() as connection:
                connection.execute(select(_table.c.key).limit(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Delete every counter; return how many there were."""
        with self.engine.begin() as connection:
            return connection.execute(delete(_table)).rowcount

    def clear(self, key: str) -> None:
        """Delete the counter of `key`."""
        with self.engine.begin() as connection:
            connection.execute(delete(_table).where(_table.c.key == key))

    @staticmethod
    def _live(key: str) -> tuple:
        return _table.c.key == key, _table.c.expires_at > utcnow()

    def _purge(self, connection: Connection, now: datetime) -> None:
        # Ended windows are reset in place when hit again; the ones never hit again go here.
        if self._purged_at and (now - self._purged_at).total_seconds() < PURGE_EVERY:
            return
        self._purged_at = now
        connection.execute(delete(_table).where(_table.c.expires_at <= now))

"""A `limits` storage on the `rate_counters` table, so every worker and host shares counters.

Registered as `callgate+db://`: it counts in the database the app already uses. Each hit is
one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING), which SQLite 3.35+ and
PostgreSQL run as a single statement, so concurrent workers never lose an increment. It
supports the fixed-window strategy only. The hits of one request can share one transaction
(`one_transaction`): one commit for all its counters, not one each; and all its counters can be
counted in one statement (`incr_many`), and taken back when a refusal stops the count
(`uncount`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from limits.errors import ConfigurationError, StorageError
from limits.storage import Storage
from sqlalchemy import Table, bindparam, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.dml import Insert

from callgate.db.models import RateCounter, utcnow

SCHEME = "callgate+db"
#: How often (seconds) one process sweeps out windows that ended.
PURGE_EVERY = 300
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
# Declarative types `__table__` as a FromClause; with `__tablename__` it is always a Table.
_table = cast(Table, RateCounter.__table__)


#: The connection of the transaction the current request's hits share, if any.
_shared: ContextVar[Connection | None] = ContextVar("callgate_rate_connection", default=None)


@cache
def upsert(dialect: str) -> Insert:
    """Return the one statement that counts a hit and answers the new count, in `dialect`.

    Parameters: key, amount, expires_at (when a new window would end) and now; a window that
    ended by `now` starts over at `amount`. Built once; each hit only binds its values.
    """
    when = _table.c.expires_at.type
    amount, now = bindparam("amount", type_=_table.c.count.type), bindparam("now", type_=when)
    statement: Any = _INSERTS[dialect](_table).values(
        key=bindparam("key"), count=amount, expires_at=bindparam("expires_at", type_=when)
    )
    ended = _table.c.expires_at <= now
    return statement.on_conflict_do_update(
        index_elements=[_table.c.key],
        set_={
            "count": case((ended, amount), else_=_table.c.count + amount),
            "expires_at": case((ended, statement.excluded.expires_at), else_=_table.c.expires_at),
        },
    ).returning(_table.c.count)


@cache
def upsert_many(dialect: str, size: int) -> Any:
    """Return the one statement that counts one hit on each of `size` keys and answers each
    key's new count, in `dialect`: `upsert`'s rule, row by row. Parameters: now, and key_<n>
    and expires_at_<n> for each row. Built once per size."""
    when = _table.c.expires_at.type
    now = bindparam("now", type_=when)
    rows = [
        {
            "key": bindparam(f"key_{n}"),
            "count": 1,
            "expires_at": bindparam(f"expires_at_{n}", type_=when),
        }
        for n in range(size)
    ]
    statement: Any = _INSERTS[dialect](_table).values(rows)
    ended = _table.c.expires_at <= now
    fresh = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[_table.c.key],
        set_={
            "count": case((ended, fresh["count"]), else_=_table.c.count + fresh["count"]),
            "expires_at": case((ended, fresh.expires_at), else_=_table.c.expires_at),
        },
    ).returning(_table.c.key, _table.c.count)


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
        self._upsert = upsert(engine.dialect.name)
        self._purged_at: datetime | None = None
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to `key` in its window (a new one of `expiry` s if it ended); return it."""
        now = utcnow()
        values = {"key": key, "amount": amount, "now": now}
        values["expires_at"] = now + timedelta(seconds=expiry)
        connection = _shared.get()
        if connection is not None:
            return connection.execute(self._upsert, values).scalar_one()
        with self.engine.begin() as connection:
            count = connection.execute(self._upsert, values).scalar_one()
            self._purge(connection, now)
        return count

    def incr_many(self, hits: Sequence[tuple[str, int]]) -> dict[str, int]:
        """Add 1 to each key of `hits` (distinct keys, each with its window's `expiry` s) in one
        statement, in the request's transaction if one is open; return {key: new count}."""
        if not hits:
            return {}
        now = utcnow()
        values: dict[str, object] = {"now": now}
        for n, (key, expiry) in enumerate(hits):
            values[f"key_{n}"] = key
            values[f"expires_at_{n}"] = now + timedelta(seconds=expiry)
        statement = upsert_many(self.engine.dialect.name, len(hits))
        try:
            connection = _shared.get()
            if connection is not None:
                return {key: count for key, count in connection.execute(statement, values)}
            with self.engine.begin() as connection:
                counted = {key: count for key, count in connection.execute(statement, values)}
                self._purge(connection, now)
            return counted
        except SQLAlchemyError as exc:  # as `limits` wraps its own storage calls
            raise StorageError(exc) from exc

    def uncount(self, keys: Sequence[str]) -> None:
        """Take back one hit from each of `keys`, as if it had not been made: a window that
        hit started is gone again. In the request's transaction (one must be open)."""
        connection = _shared.get()
        if connection is None or not keys:
            return
        chosen = _table.c.key.in_(list(keys))
        try:
            connection.execute(update(_table).where(chosen).values(count=_table.c.count - 1))
            connection.execute(delete(_table).where(chosen, _table.c.count <= 0))
        except SQLAlchemyError as exc:
            raise StorageError(exc) from exc

    @contextmanager
    def one_transaction(self) -> Iterator[None]:
        """Run the hits made inside in one transaction, committed at the end.

        A refusal raised inside still commits (the hits so far have counted); a storage
        error rolls back. A failed commit raises StorageError.
        """
        with self.engine.connect() as connection:
            token = _shared.set(connection)
            try:
                yield
            except StorageError:
                connection.rollback()
                raise
            except BaseException:
                self._commit(connection)
                raise
            finally:
                _shared.reset(token)
            self._commit(connection)

    def _commit(self, connection: Connection) -> None:
        try:
            self._purge(connection, utcnow())
            connection.commit()
        except SQLAlchemyError as exc:
            connection.rollback()
            raise StorageError(exc) from exc

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

"""Single statements for expected races, the same on SQLite and PostgreSQL.

A WCS retry or a second connect with one token is expected, not an error: such rows are
written with INSERT … ON CONFLICT DO NOTHING, so the database never logs a failed insert and
no transaction is rolled back to recover from one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from callgate.db import fit

DIALECTS: dict[str, Callable[..., Any]] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def dialect_insert(db: Session, table: Table) -> Any:
    """Return an INSERT for `table` in the session's dialect, with ON CONFLICT clauses."""
    return DIALECTS[db.get_bind().dialect.name](table)


def table_of(model: type) -> Table:
    """Return the table a mapped class is declared on."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def insert_new(db: Session, model: type, **values: object) -> bool:
    """Insert one row unless it would break a unique key; return True if it was inserted.

    Raises fit.TooLong if a value overflows its column. The caller commits.
    """
    table = table_of(model)
    fit.check(table, values)
    statement = _insert_new(db.get_bind().dialect.name, table)
    return db.execute(statement, values).first() is not None


@cache
def _insert_new(dialect: str, table: Table) -> Any:
    """Build a table's INSERT … ON CONFLICT DO NOTHING once; the values come as parameters."""
    # RETURNING, not rowcount: psycopg reports no rowcount for an INSERT … ON CONFLICT.
    key = next(iter(table.primary_key.columns))
    return DIALECTS[dialect](table).on_conflict_do_nothing().returning(key)


def begin_writing(db: Session) -> None:
    """Make the session's transaction a writer's from here on, so rows it reads next stay
    current until it commits: SQLite takes its write lock now (BEGIN IMMEDIATE, unless a
    transaction is open); on PostgreSQL the caller locks the rows it reads (FOR UPDATE)."""
    connection = db.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name == "sqlite" and not getattr(driver, "in_transaction", True):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def without_waiting(session: Session) -> Iterator[None]:
    """Make the session's statements fail at once, not wait, while a lock is held elsewhere.

    For writes that may be skipped (the audit row of an outage, whose cause may be that very
    lock). SQLite: no busy timeout on this connection meanwhile; PostgreSQL: a lock timeout of
    10 ms for the rest of the transaction.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.exec_driver_sql("SET LOCAL lock_timeout = '10ms'")
        yield
        return
    waited = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    connection.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(waited or 0)}")

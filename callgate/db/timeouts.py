"""A time limit on the statements of one session (the console's and its exports' requests).

PostgreSQL gets `SET LOCAL statement_timeout` (and no JIT compiling, which costs such short
statements more than it saves) at the start of each of the session's transactions; SQLite,
which has no such setting, a progress handler that interrupts the statement running once the
transaction is older than the limit (cleared when the connection goes back to the pool, so
the hooks' requests never inherit it).
"""

from __future__ import annotations

import time
from functools import partial

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction

#: How many SQLite virtual machine steps run between two looks at the clock.
STEPS = 10_000


def limit_statements(db: Session, seconds: float) -> None:
    """Stop any statement of `db`'s transactions begun from now on after `seconds`."""
    event.listen(db, "after_begin", partial(_limit, seconds=seconds))


def _limit(
    _db: Session, _transaction: SessionTransaction, connection: Connection, seconds: float
) -> None:
    if connection.dialect.name == "postgresql":
        # Both for this transaction, in one statement. No JIT: compiling the overview's grouped
        # counts over a month of calls took 2-6 s, more than running them.
        limit = int(seconds * 1000)
        connection.exec_driver_sql(
            f"SELECT set_config('statement_timeout', '{limit}', true), "
            "set_config('jit', 'off', true)"
        )
        return
    deadline = time.monotonic() + seconds
    raw = connection.connection.driver_connection
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), STEPS)  # type: ignore[union-attr]


def clear_on_return(engine: Engine) -> None:
    """Remove a SQLite connection's time limit whenever it goes back to the pool."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "checkin")
    def _clear(dbapi_connection, _record) -> None:
        if dbapi_connection is not None:
            dbapi_connection.set_progress_handler(None, 0)


def timed_out(exc: SQLAlchemyError) -> bool:
    """Tell whether `exc` is a statement stopped by the limit."""
    cause = getattr(exc, "orig", None)
    return type(cause).__name__ == "QueryCanceled" or "interrupted" in str(cause)

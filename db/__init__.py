"""Database wiring: one engine per app, one session per request or CLI command."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker

from db import fit
from errors import ConfigError

EXTENSION = "callgate.db"
DIALECTS = ("sqlite", "postgresql")


#: How long a statement waits for a lock another connection holds, unless configured.
LOCK_TIMEOUT_MS = 1000


def make_engine(url: str, lock_timeout_ms: int = LOCK_TIMEOUT_MS) -> Engine:
    """Create an engine whose statements wait at most `lock_timeout_ms` for a lock.

    SQLite gets WAL with synchronous=NORMAL and that busy timeout, so several workers can share
    it and a commit costs no fsync; PostgreSQL gets
    it as `lock_timeout`. A locked database then fails a request in about that time (503)
    instead of holding the worker until WCS or gunicorn gives up.
    """
    if not url.startswith("sqlite"):
        options = {"options": f"-c lock_timeout={lock_timeout_ms}"}
        connect_args = options if url.startswith("postgresql") else {}
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    engine = create_engine(url, connect_args={"timeout": lock_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: DBAPIConnection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={lock_timeout_ms}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # No fsync per commit: a power loss (not a crash) may undo the last commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def init_app(app: Flask) -> None:
    """Create the app's engine and session factory, and close sessions after each request.

    Raises ConfigError for a database other than SQLite or PostgreSQL.
    """
    engine = make_engine(app.config["DATABASE_URL"], app.config["DB_LOCK_TIMEOUT_MS"])
    if engine.dialect.name not in DIALECTS:
        engine.dispose()
        raise ConfigError("CALLGATE_DATABASE_URL must name a SQLite or PostgreSQL database")
    factory = sessionmaker(engine, expire_on_commit=False)
    fit.watch(factory)
    app.extensions[EXTENSION] = factory
    app.teardown_appcontext(_close)


def dispose(app: Flask) -> None:
    """Close every pooled connection of the app's engine (an app that failed to start)."""
    factory = app.extensions.get(EXTENSION)
    if factory is not None:
        factory.kw["bind"].dispose()


def get_db() -> Session:
    """Return this app context's database session, opening it on first use."""
    if "db" not in g:
        g.db = current_app.extensions[EXTENSION]()
    return g.db


def _close(_exc: BaseException | None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()

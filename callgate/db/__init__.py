"""Database wiring: one engine per app, one session per request or CLI command."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from callgate.db import fit
from callgate.errors import ConfigError

EXTENSION = "callgate.db"
DIALECTS = ("sqlite", "postgresql")
URL_FORMS = "sqlite:////path/to/callgate.sqlite3 or postgresql+psycopg://user:password@host/db"


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


def configured_engine(url: object, lock_timeout_ms: int = LOCK_TIMEOUT_MS) -> Engine:
    """Return the engine for CALLGATE_DATABASE_URL `url` (no connection is made yet).

    Raises ConfigError, which never repeats the URL (it may hold a password), unless `url` is
    a SQLite or PostgreSQL URL whose driver is installed.
    """
    try:
        backend = make_url(url).get_backend_name()  # type: ignore[arg-type]
    except ArgumentError:
        raise ConfigError(
            f"CALLGATE_DATABASE_URL is not a database URL; write {URL_FORMS}"
        ) from None
    if backend not in DIALECTS:
        raise ConfigError(
            f"CALLGATE_DATABASE_URL must name a SQLite or PostgreSQL database, not {backend}; "
            f"write {URL_FORMS}"
        )
    try:
        return make_engine(str(url), lock_timeout_ms)
    except (ImportError, NoSuchModuleError) as exc:
        raise ConfigError(
            f"CALLGATE_DATABASE_URL names a driver that is not installed ({exc}); write {URL_FORMS}"
        ) from None


def init_app(app: Flask) -> None:
    """Create the app's engine and session factory, and close sessions after each request.

    Raises ConfigError for a URL that is not a SQLite or PostgreSQL database.
    """
    engine = configured_engine(app.config["DATABASE_URL"], app.config["DB_LOCK_TIMEOUT_MS"])
    factory = sessionmaker(engine, expire_on_commit=False)
    fit.watch(factory)
    app.extensions[EXTENSION] = factory
    app.teardown_appcontext(_close)


def engine_of(app: Flask) -> Engine:
    """Return the app's engine."""
    return app.extensions[EXTENSION].kw["bind"]


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

"""What a benchmark creates in the shared services, and takes away again: a PostgreSQL
database of its own, and its own namespace of rate-limit counters in Redis."""

from __future__ import annotations

import secrets
from pathlib import Path

import redis
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/15"


def new_database(kind: str, workdir: Path) -> str:
    """Return the URL of an empty database for Callgate: a SQLite file or a PostgreSQL db."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    name = f"cg_bench_{workdir.name.lower().replace('-', '_')}"
    engine = create_engine(POSTGRES, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    """Drop the PostgreSQL database a run made (a SQLite file goes with its folder)."""
    if not url.startswith("postgresql"):
        return
    name = url.rsplit("/", 1)[1]
    engine = create_engine(POSTGRES, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def redis_namespace() -> str:
    """Return a namespace for one run's counters (CALLGATE_RATE_LIMITS_NAMESPACE)."""
    return f"bench-{secrets.token_hex(6)}"


def forget_counters(namespace: str) -> int:
    """Delete the Redis keys of `namespace` (and only those); return how many there were."""
    client = redis.Redis.from_url(REDIS)
    try:
        keys = list(client.scan_iter(match=f"*{namespace}/*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
        return len(keys)
    finally:
        client.close()

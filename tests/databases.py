"""The test databases: a migrated template, and a fresh copy of it for each test.

`CALLGATE_TEST_DATABASE` chooses the backend: `sqlite` (default, a file per test) or
`postgresql` (a database per test, cloned from a migrated template on the server at
`CALLGATE_TEST_POSTGRES_URL`, default the local trust-auth server). Names carry the process id,
so several test runs on one machine never meet.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from callgate.db.migrate import upgrade
from tests import pg_reuse

BACKEND = os.environ.get("CALLGATE_TEST_DATABASE", "sqlite")
POSTGRES_URL = os.environ.get(
    "CALLGATE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
if BACKEND not in ("sqlite", "postgresql"):
    raise SystemExit(f"CALLGATE_TEST_DATABASE must be sqlite or postgresql, not {BACKEND!r}")
_numbers = itertools.count()
MADE = text("SELECT datname FROM pg_database WHERE datname LIKE :pattern")


class SqliteDatabases:
    """One migrated file; each test gets a copy in its own directory."""

    def __init__(self, workdir: Path) -> None:
        self.template = workdir / "template.sqlite3"
        upgrade(f"sqlite:///{self.template}")

    def fresh(self, directory: Path) -> str:
        """Return the URL of a new migrated database in `directory`."""
        path = directory / "callgate.sqlite3"
        shutil.copy(self.template, path)
        return f"sqlite:///{path}"

    def empty(self, directory: Path) -> str:
        """Return the URL of a database no migration has touched, in `directory`."""
        return f"sqlite:///{directory / 'empty.sqlite3'}"

    def drop(self, url: str) -> None:
        """Nothing to do: the file goes with the test's directory."""

    def close(self) -> None:
        """Nothing to do: the template goes with the session's directory."""


class PostgresDatabases:
    """One migrated template database; each test gets `CREATE DATABASE … TEMPLATE` of it, or
    a used copy put back as the template left it (tests/pg_reuse.py)."""

    def __init__(self, prefix: str | None = None) -> None:
        self.server = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.prefix = prefix or f"cg_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        upgrade(self.url_of(self.template))
        template = raw_engine(self.url_of(self.template))
        self.snapshot = pg_reuse.Snapshot(template)
        template.dispose()
        self.copies: set[str] = set()  # copies of the template, which may be reused
        self.spare: list[str] = []  # used copies put back as the template left them

    def url_of(self, name: str) -> str:
        """Return the URL of database `name` on the test server."""
        url = make_url(POSTGRES_URL).set(database=name)
        return url.render_as_string(hide_password=False)

    def fresh(self, directory: Path) -> str:
        """Return the URL of a migrated database as the template left it (`directory` is
        unused): a spare one, or a new copy."""
        if self.spare:
            return self.url_of(self.spare.pop())
        name = f"{self.prefix}_{next(_numbers)}"
        self.copies.add(name)
        # FILE_COPY: a few times faster than the default WAL_LOG for a small template.
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}" STRATEGY FILE_COPY')
        return self.url_of(name)

    def empty(self, directory: Path) -> str:
        """Return the URL of a new database no migration has touched (`directory` is unused)."""
        name = f"{self.prefix}_{next(_numbers)}"
        self._execute(f'CREATE DATABASE "{name}"')
        return self.url_of(name)

    def drop(self, url: str) -> None:
        """Be done with a test database: keep a copy nothing is connected to for the next test,
        put back as the template left it; else drop it, ending any connection left open."""
        name = str(make_url(url).database)
        if name in self.copies and pg_reuse.idle(self.server, name) and self._restore(name):
            self.spare.append(name)
            return
        self.copies.discard(name)
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _restore(self, name: str) -> bool:
        engine = create_engine(self.url_of(name), poolclass=NullPool)
        try:
            with engine.begin() as connection:
                return self.snapshot.restore(connection)
        except SQLAlchemyError:  # a test left it in a state the reset cannot mend: drop it
            return False
        finally:
            engine.dispose()

    def close(self) -> None:
        """Drop every database made under this prefix: the spare copies, any copy a test never
        handed back, and the template."""
        pattern = self.prefix.replace("_", "\\_") + "\\_%"
        with self.server.connect() as connection:
            names = connection.scalars(MADE, {"pattern": pattern}).all()
        for name in names:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.server.dispose()

    def _execute(self, statement: str) -> None:
        with self.server.connect() as connection:
            connection.execute(text(statement))


def databases(workdir: Path) -> SqliteDatabases | PostgresDatabases:
    """Return the template of the backend this run tests."""
    return PostgresDatabases() if BACKEND == "postgresql" else SqliteDatabases(workdir)


def raw_engine(url: str) -> Engine:
    """Return a plain autocommit engine on a test database, for tests that poke at it."""
    return create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")


def disk_bytes(url: str) -> bytes:
    """Return what a test database holds on disk right now, as raw bytes.

    SQLite: the file and its write-ahead log. PostgreSQL: the database's relation files, after
    a CHECKPOINT has written every change to them (the test server runs on this machine).
    """
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    engine = raw_engine(url)
    with engine.connect() as connection:
        connection.execute(text("CHECKPOINT"))
        data, oid = connection.execute(
            text(
                "SELECT current_setting('data_directory'), oid FROM pg_database "
                "WHERE datname = current_database()"
            )
        ).one()
    engine.dispose()
    files = sorted((Path(data) / "base" / str(oid)).iterdir())
    return b"".join(p.read_bytes() for p in files if p.is_file())

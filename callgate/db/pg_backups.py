"""PostgreSQL backups: the pg_dump and pg_restore command lines for the configured database.

The password never goes on a command line or into what is printed: it is handed to the tools
in PGPASSWORD. A dump is in pg_dump's custom format (compressed, restorable table by table).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from callgate.db.backups import BackupError

_REVISION = re.compile(r"^COPY public\.alembic_version .*?;\n(\w+)\n", re.M)


def connection_args(url: str) -> tuple[list[str], dict[str, str]]:
    """Return the libpq options naming the database of `url`, and the environment's password."""
    parsed = make_url(url)
    args = [f"--dbname={parsed.database}"]
    args += [f"--host={parsed.host}"] if parsed.host else []
    args += [f"--port={parsed.port}"] if parsed.port else []
    args += [f"--username={parsed.username}"] if parsed.username else []
    return args, ({"PGPASSWORD": parsed.password} if parsed.password else {})


def dump_command(url: str, target: Path) -> tuple[list[str], dict[str, str]]:
    """Return pg_dump's command line writing the database to `target`, and its password."""
    args, secret = connection_args(url)
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *args], secret


def restore_command(url: str, dump: Path) -> tuple[list[str], dict[str, str]]:
    """Return pg_restore's command line loading `dump` into the database, and its password."""
    args, secret = connection_args(url)
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    return [*command, "--exit-on-error", *args, str(dump)], secret


def available(tool: str) -> bool:
    """Tell whether a PostgreSQL client tool is on the PATH."""
    return shutil.which(tool) is not None


def run(command: list[str], secret: dict[str, str]) -> None:
    """Run a pg_dump or pg_restore command; raise BackupError with its first error line."""
    done = subprocess.run(
        command, env=os.environ | secret, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[0]
        raise BackupError(f"{command[0]}: {reason}")


def dump_revision(dump: Path) -> str:
    """Return the schema revision held in a pg_dump file; raise BackupError if none."""
    if not dump.is_file():
        raise BackupError(f"there is no file {dump}")
    done = subprocess.run(
        ["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(dump)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = _REVISION.search(done.stdout) if done.returncode == 0 else None
    if found is None:
        raise BackupError(f"{dump} is not a dump of a Callgate database")
    return found.group(1)


def other_connections(url: str) -> int:
    """Return how many other sessions have the database of `url` open now."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(text(_OTHERS)).scalar() or 0
    finally:
        engine.dispose()


_OTHERS = (
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def shown(command: list[str], secret: dict[str, str]) -> str:
    """Return the command as a line to run by hand, with the password left to the reader."""
    prefix = "PGPASSWORD=<the database password> " if secret else ""
    return prefix + " ".join(command)

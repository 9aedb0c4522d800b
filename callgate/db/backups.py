"""Backups of a SQLite database with SQLite's online backup API, and their restore.

A backup is one consistent snapshot, taken while the app keeps writing (WAL: the readers of the
backup never block the writers). A restore checks that the file is a Callgate database at a
revision this version knows, and refuses to overwrite a database that another connection has
open unless forced. PostgreSQL backups are pg_dump's and pg_restore's (db/pg_backups.py).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from callgate.errors import InvalidInput, Refused

#: How long a forced restore waits for the app's writes to let it in.
BUSY_SECONDS = 5


class BackupError(InvalidInput):
    """The backup cannot be written or read, or is no Callgate database this version knows."""

    code = "backup"


class DatabaseInUse(Refused):
    """Another connection has the database open: a restore over it is refused unless forced."""

    code = "database_in_use"


def sqlite_path(url: str) -> Path:
    """Return the file of a `sqlite:///…` URL."""
    return Path(url.removeprefix("sqlite:///")).absolute()


def backup(source: Path, target: Path) -> None:
    """Copy the database `source` into the new file `target` (mode 600) as one snapshot.

    Raises BackupError if `target` exists, or either file cannot be used.
    """
    if target.exists():
        raise BackupError(f"{target} exists already; give a new file")
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    partial = target.with_name(target.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(descriptor)
        _copy(sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(partial), True)
        partial.rename(target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot back up to {target}: {exc}") from None


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, alone: bool = False) -> None:
    """Copy every page of `source` into `target` in one step (one snapshot); close both.

    `alone`: the target is a file of its own (a backup), without a write-ahead log beside it.
    """
    try:
        source.backup(target)
        if alone:
            target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()


def revision_of(path: Path) -> str:
    """Return the schema revision of the Callgate database in the file `path`.

    Raises BackupError when it is not a SQLite file or not a Callgate database.
    """
    if not path.is_file():
        raise BackupError(f"there is no file {path}")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise BackupError(
            f"{path} is not a Callgate database (no SQLite file with a schema revision)"
        ) from None
    if row is None or "buttons" not in tables:
        raise BackupError(f"{path} is not a Callgate database")
    return str(row[0])


def check_known(revision: str, known: Iterable[str]) -> None:
    """Raise BackupError unless `revision` is one of this version's migrations."""
    if revision not in set(known):
        raise BackupError(
            f"the backup is at schema revision {revision}, which this version does not know "
            "(made by a newer Callgate?)"
        )


def restore(backup_file: Path, target: Path, force: bool = False) -> None:
    """Replace the database `target` with the backup's contents, page by page.

    Raises DatabaseInUse if another connection has `target` open (unless `force`), BackupError
    if the backup or the target cannot be used. The caller checks the revision first.
    """
    if target.exists() and not force:
        _ensure_unused(target)
    try:
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        _copy(source, sqlite3.connect(target, timeout=BUSY_SECONDS))
    except sqlite3.Error as exc:
        raise BackupError(f"cannot restore into {target}: {exc}") from None


def _ensure_unused(target: Path) -> None:
    """Raise DatabaseInUse if another connection has `target` open.

    Leaving WAL mode needs the database to itself, so it fails while anyone else has it open.
    """
    connection = sqlite3.connect(target, timeout=0)
    try:
        connection.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError:
        raise DatabaseInUse(
            f"the database {target} is in use (stop the app and the watchdog first, or --force)"
        ) from None
    finally:
        connection.close()

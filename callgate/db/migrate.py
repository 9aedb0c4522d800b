"""Schema migrations with Alembic: upgrade a database, tell whether it needs upgrading."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
UPGRADE = "run `bin/callgate db upgrade`"


def alembic_config(url: str) -> Config:
    """Return an Alembic config for the database at `url`, without any ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the database at `url` to the newest schema; existing rows are kept."""
    command.upgrade(alembic_config(url), "head")


def scripts() -> ScriptDirectory:
    """Return this code's migrations."""
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head() -> str:
    """Return the newest revision this code knows."""
    return str(scripts().get_current_head())


def revision(engine: Engine) -> str | None:
    """Return the revision of the database behind `engine` (None: it has no schema yet)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def pending(engine: Engine) -> bool:
    """Tell whether the database behind `engine` is missing migrations."""
    return revision(engine) != head()


def schema_problem(engine: Engine) -> str | None:
    """Return why the database behind `engine` cannot serve this code, or None if it can.

    It does not answer, has no schema yet, or is at another revision than this code's newest.
    """
    try:
        current = revision(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"the database (CALLGATE_DATABASE_URL) does not answer: {reason}"
    newest = head()
    if current is None:
        return f"the database has no Callgate schema yet: {UPGRADE}"
    if current == newest:
        return None
    if current in {script.revision for script in scripts().walk_revisions()}:
        return f"the database schema is at revision {current}, older than {newest}: {UPGRADE}"
    return (
        f"the database schema is at revision {current}, which this code does not know (its newest "
        f"is {newest}): it was migrated by a newer Callgate"
    )

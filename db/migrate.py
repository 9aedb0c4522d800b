"""Schema migrations with Alembic, and the `flask db` commands that run them."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import Engine

from db import make_engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

cli = AppGroup("db", help="Create or upgrade the database schema.")


def alembic_config(url: str) -> Config:
    """Return an Alembic config for the database at `url`, without any ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the database at `url` to the newest schema; existing rows are kept."""
    command.upgrade(alembic_config(url), "head")


def pending(engine: Engine) -> bool:
    """Tell whether the database behind `engine` is missing migrations."""
    url = engine.url.render_as_string(hide_password=False)
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() != head


@cli.command("upgrade")
def upgrade_command() -> None:
    """Create the database or upgrade it to the newest schema."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is up to date")


@cli.command("check")
def check_command() -> None:
    """Exit non-zero if the database needs `flask db upgrade`."""
    if pending(make_engine(current_app.config["DATABASE_URL"])):
        raise click.ClickException("database schema is out of date: run `flask db upgrade`")
    click.echo("database is up to date")

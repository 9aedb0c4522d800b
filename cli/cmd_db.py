"""`flask db upgrade|check`: create the database schema or bring it up to date."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from db import make_engine
from db.migrate import pending, upgrade

cli = AppGroup("db", help="Create or upgrade the database schema.")


@cli.command("upgrade")
def upgrade_command() -> None:
    """Create the database or upgrade it to the newest schema."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is up to date")


@cli.command("check")
def check_command() -> None:
    """Exit non-zero if the database needs `flask db upgrade`."""
    engine = make_engine(current_app.config["DATABASE_URL"])
    try:
        stale = pending(engine)
    finally:
        engine.dispose()
    if stale:
        raise click.ClickException("database schema is out of date: run `flask db upgrade`")
    click.echo("database is up to date")

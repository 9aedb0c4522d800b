"""`callgate db upgrade|check|backup|restore`: the database schema, and its backups."""

from __future__ import annotations

from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup

from callgate import db as database
from callgate.cli.output import friendly_errors
from callgate.db import backups, engine_of, pg_backups
from callgate.db.migrate import alembic_config, revision, schema_problem, upgrade

cli = AppGroup("db", help="Create or upgrade the database schema; back it up and restore it.")
_PATH = click.Path(dir_okay=False, path_type=Path)


@cli.command("upgrade")
@friendly_errors
def upgrade_command() -> None:
    """Create the database or upgrade it to the newest schema."""
    engine = engine_of(current_app)
    before = revision(engine)
    upgrade(current_app.config["DATABASE_URL"])
    after = revision(engine)
    if before is None:
        click.echo(f"created the database schema at revision {after}")
    elif before != after:
        click.echo(f"migrated the database from revision {before} to {after}")
    else:
        click.echo("database is up to date")


@cli.command("check")
@friendly_errors
def check_command() -> None:
    """Exit non-zero if the database does not answer or needs `callgate db upgrade`."""
    problem = schema_problem(engine_of(current_app))
    if problem:
        raise click.ClickException(problem)
    click.echo("database is up to date")


@cli.command("backup")
@click.argument("path", type=_PATH)
@friendly_errors
def backup_command(path: Path) -> None:
    """Write a consistent copy of the database to PATH (a new file), while the app runs."""
    url = current_app.config["DATABASE_URL"]
    if url.startswith("sqlite"):
        backups.backup(backups.sqlite_path(url), path.absolute())
        click.echo(f"backed up at revision {backups.revision_of(path)} to {path}")
        return
    _pg_tool(*pg_backups.dump_command(url, path.absolute()))
    click.echo(f"backed up at revision {pg_backups.dump_revision(path)} to {path}")


@cli.command("restore")
@click.argument("path", type=_PATH)
@click.option("--force", is_flag=True, help="Restore even while the database is in use.")
@friendly_errors
def restore_command(path: Path, force: bool) -> None:
    """Replace the database with the backup at PATH (stop the app and the watchdog first)."""
    url = current_app.config["DATABASE_URL"]
    # This command's own pooled connections would count as "in use".
    database.dispose(current_app)
    sqlite = url.startswith("sqlite")
    revision = backups.revision_of(path) if sqlite else pg_backups.dump_revision(path)
    backups.check_known(revision, _known_revisions(url))
    if sqlite:
        backups.restore(path, backups.sqlite_path(url), force)
    else:
        if not force and pg_backups.other_connections(url):
            raise backups.DatabaseInUse(
                "the database is in use (stop the app and the watchdog first, or --force)"
            )
        _pg_tool(*pg_backups.restore_command(url, path))
    click.echo(f"restored revision {revision} from {path}; now run `callgate db upgrade`")


def _known_revisions(url: str) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(url))
    return [revision.revision for revision in script.walk_revisions()]


def _pg_tool(command: list[str], secret: dict[str, str]) -> None:
    """Run pg_dump or pg_restore; without it, say the line to run where it is installed."""
    if not pg_backups.available(command[0]):
        raise click.ClickException(
            f"{command[0]} is not installed here; run: {pg_backups.shown(command, secret)}"
        )
    pg_backups.run(command, secret)

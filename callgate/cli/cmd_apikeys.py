"""`flask apikeys create|list|revoke`: workspace API keys for the management API."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from callgate.accounts import workspaces
from callgate.apikeys import keys
from callgate.cli.output import emit, friendly_errors, json_option, table
from callgate.db import get_db

cli = AppGroup("apikeys", help="Create, list and revoke API keys of a workspace.")
CLI = keys.Creator("cli")


@cli.command("create")
@click.option("--workspace", help="Workspace of the key (default: the default workspace).")
@click.option("--name", required=True, help="A name to tell the key by (audit trail, lists).")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(keys.SCOPES),
    help="What the key may do; repeat for several.",
)
@click.option("--expires", type=click.DateTime(["%Y-%m-%d"]), help="Last day (UTC) it works.")
@json_option
@friendly_errors
def create_command(
    workspace: str | None,
    name: str,
    scopes: tuple[str, ...],
    expires: datetime | None,
    as_json: bool,
) -> None:
    """Make a key and print it once: it is stored only as a hash."""
    db = get_db()
    until = expires.replace(hour=23, minute=59, second=59, tzinfo=UTC) if expires else None
    target = workspaces.by_name(db, workspace)
    row, text = keys.create_key(db, target.id, name, list(scopes), CLI, until)
    lines = f"{text}\nKey {row.id} ({row.name}) made; copy it now, it is not shown again."
    emit({"id": row.id, "name": row.name, "key": text}, as_json, lines)


@cli.command("list")
@click.option("--workspace", help="Only the keys of this workspace.")
@json_option
@friendly_errors
def list_command(workspace: str | None, as_json: bool) -> None:
    """List keys (never their text): name, prefix, scopes, state, last use."""
    db = get_db()
    ids = [workspaces.by_name(db, workspace).id] if workspace else None
    found = [keys.describe(row) for row in keys.list_keys(db, ids)]
    rows = [
        [str(k["id"]), str(k["name"]), str(k["prefix"]) + "…", ",".join(k["scopes"])]  # type: ignore[arg-type]
        + [str(k["state"]), str(k["expiresAt"] or "-")[:10], str(k["lastUsedAt"] or "-")[:19]]
        for k in found
    ]
    headers = ["ID", "NAME", "PREFIX", "SCOPES", "STATE", "EXPIRES", "LAST USE (UTC)"]
    emit(found, as_json, table(rows, headers) if rows else "No API keys.")


@cli.command("revoke")
@click.argument("key_id", type=int)
@friendly_errors
def revoke_command(key_id: int) -> None:
    """Stop a key from working; it stays in the list as revoked."""
    row = keys.get_key(get_db(), key_id)
    keys.revoke(get_db(), row, CLI.actor)
    click.echo(f"Key {row.id} ({row.name}) revoked.")

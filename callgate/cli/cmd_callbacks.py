"""`flask callbacks list`: the callback requests visitors left, newest first."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from callgate.cli.output import emit, friendly_errors, json_option, table
from callgate.db import get_db
from callgate.visitors.callbacks import list_callbacks

cli = AppGroup("callbacks", help="Show the callback requests visitors left.")


@cli.command("list")
@click.option("--button", "button_id", help="Only requests for this button.")
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True)
@json_option
@friendly_errors
def list_command(button_id: str | None, limit: int, as_json: bool) -> None:
    """List callback requests: when, which button, the number to call, the note."""
    requests = list_callbacks(get_db(), button_id, limit)
    rows = [
        [
            r["createdAt"][:19],
            r["buttonId"],
            r["phone"],
            r["status"],
            r["origin"],
            (r["note"] or "-").replace("\n", " ")[:60],
        ]
        for r in requests
    ]
    headers = ["REQUESTED (UTC)", "BUTTON", "PHONE", "STATUS", "ORIGIN", "NOTE"]
    emit(requests, as_json, table(rows, headers) if rows else "No callback requests yet.")

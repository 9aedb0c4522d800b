"""`flask calls list`: the call log."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from calls.store import list_calls
from cli_support import emit, friendly_errors, table
from db import get_db

cli = AppGroup("calls", help="Show the call log.")


@cli.command("list")
@click.option("--button", "button_id", help="Only calls of this button.")
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def list_command(button_id: str | None, limit: int, as_json: bool) -> None:
    """List calls, newest first, with their final status and talk time."""
    calls = list_calls(get_db(), button_id, limit)
    rows = [
        [
            c["startedAt"][:19],
            c["buttonId"],
            c["callId"],
            c["origin"],
            c["visitorIp"] or "-",
            c["finalStatus"] or "in progress",
            "-" if c["talkSeconds"] is None else f"{c['talkSeconds']:.0f}s",
        ]
        for c in calls
    ]
    headers = ["STARTED (UTC)", "BUTTON", "CALL", "ORIGIN", "VISITOR IP", "STATUS", "TALK"]
    emit(calls, as_json, table(rows, headers) if rows else "No calls yet.")

"""`flask calls list`: the call log (`flask calls watchdog` is in cli/cmd_watchdog.py)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from callgate.buttons import store
from callgate.calls.history import list_calls
from callgate.cli.output import emit, friendly_errors, json_option, table
from callgate.db import get_db

cli = AppGroup("calls", help="Show the call log; end calls that run too long.")


@cli.command("list")
@click.option("--button", "button_id", help="Only calls of this button.")
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True)
@json_option
@friendly_errors
def list_command(button_id: str | None, limit: int, as_json: bool) -> None:
    """List calls, newest first, with their final status and talk time."""
    calls = list_calls(get_db(), button_id, limit)
    if button_id and not calls:
        # A deleted button's calls stay listed; an id that never was a button is a mistake.
        store.get_button(get_db(), button_id)
    rows = [
        [
            c["startedAt"][:19],
            c["buttonId"],
            c["callId"],
            c["origin"],
            c["visitorIp"] or "-",
            c["finalStatus"] or "in progress",
            "-" if c["talkSeconds"] is None else f"{c['talkSeconds']:.0f}s",
            c["endedBy"] or "-",
            c["quality"]["grade"] if c["quality"] else "-",
            f"{c['rating']['score']}/5" if c["rating"] else "-",
        ]
        for c in calls
    ]
    headers = ["STARTED (UTC)", "BUTTON", "CALL", "ORIGIN", "VISITOR IP", "STATUS", "TALK"]
    headers += ["ENDED BY", "QUALITY", "RATING"]
    empty = f"No calls of button {button_id} yet." if button_id else "No calls yet."
    emit(calls, as_json, table(rows, headers) if rows else empty)

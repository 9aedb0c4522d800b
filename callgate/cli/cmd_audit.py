"""`flask audit list`: the decisions Callgate made and why."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from callgate.audit.trail import list_events
from callgate.cli.output import emit, friendly_errors, json_option, table
from callgate.db import get_db

cli = AppGroup("audit", help="Show the audit trail.")


@cli.command("list")
@click.option("--since", type=click.DateTime(), help="Only events at or after this UTC time.")
@click.option("--button", "button_id", help="Only events of this button.")
@click.option("--limit", type=click.IntRange(1, 100000), default=200, show_default=True)
@json_option
@friendly_errors
def list_command(since: datetime | None, button_id: str | None, limit: int, as_json: bool) -> None:
    """List audit events, newest first."""
    since = since.replace(tzinfo=UTC) if since else None
    events = list_events(get_db(), since, button_id, limit)
    rows = [
        [
            e["at"][:19],
            e["action"],
            e["outcome"],
            e["buttonId"] or "-",
            e["actor"] or "-",
            e["source"] or "-",
            str(e["count"]),
            e["reason"] or "",
        ]
        for e in events
    ]
    # COUNT: refusals a flood repeats share one row per minute, action, reason and source.
    # BY: who made a configuration change (`user:<email>`, `cli`, `apikey:<name>`).
    headers = ["AT (UTC)", "ACTION", "OUTCOME", "BUTTON", "BY", "SOURCE", "COUNT", "REASON"]
    emit(events, as_json, table(rows, headers) if rows else "No audit events.")

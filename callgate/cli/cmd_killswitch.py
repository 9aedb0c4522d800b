"""`flask killswitch on|off|status [--button ID]`: stop every call at once, or one button's."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from callgate.cli.output import emit, friendly_errors, json_option
from callgate.db import get_db
from callgate.guardrails import killswitch

cli = AppGroup("killswitch", help="Stop all calls at once, or one button's calls.")

button_option = click.option(
    "--button", "button_id", help="Only this button (default: every button)."
)


def _describe(data: dict) -> str:
    lines = [f"Global kill switch: {'ON' if data['global'] else 'off'}"]
    if "button" in data:
        button = data["button"]
        lines.append(f"Button {button['id']} kill switch: {'ON' if button['on'] else 'off'}")
        lines.append("Calls of this button: " + ("refused" if data["callsStopped"] else "allowed"))
    else:
        lines.append("Buttons switched off: " + (" ".join(data["buttons"]) or "none"))
    return "\n".join(lines)


def _switch(on: bool, button_id: str | None, as_json: bool) -> None:
    db = get_db()
    killswitch.switch(db, on, button_id, actor="cli")
    data = killswitch.status(db, button_id)
    emit(data, as_json, _describe(data))


@cli.command("on")
@button_option
@json_option
@friendly_errors
def on_command(button_id: str | None, as_json: bool) -> None:
    """Refuse every new token, connect and call (of one button with --button)."""
    _switch(True, button_id, as_json)


@cli.command("off")
@button_option
@json_option
@friendly_errors
def off_command(button_id: str | None, as_json: bool) -> None:
    """Allow calls again (of one button with --button)."""
    _switch(False, button_id, as_json)


@cli.command("status")
@button_option
@json_option
@friendly_errors
def status_command(button_id: str | None, as_json: bool) -> None:
    """Show whether the global switch, or a button's, is on."""
    data = killswitch.status(get_db(), button_id)
    emit(data, as_json, _describe(data))

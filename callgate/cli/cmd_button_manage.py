"""`flask button list|show|enable|disable|delete`, attached to the `button` group."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from callgate.accounts import workspaces
from callgate.buttons import store
from callgate.cli.cmd_button import CLI, snippet
from callgate.cli.opening import opening_now, opening_text
from callgate.cli.output import emit, friendly_errors, json_option, table
from callgate.db import get_db


@click.command("list")
@with_appcontext
@click.option("--workspace", help="Only the buttons of this workspace.")
@json_option
@friendly_errors
def list_command(workspace: str | None, as_json: bool) -> None:
    """List all buttons (of one workspace with --workspace)."""
    db = get_db()
    only = [workspaces.by_name(db, workspace).id] if workspace else None
    buttons = [store.describe(b) for b in store.list_buttons(db, only)]
    rows = [
        [
            b["id"],
            b["name"],
            "enabled" if b["enabled"] else "disabled",
            " ".join(b["origins"]),
            b["callee"],
        ]
        for b in buttons
    ]
    text = table(rows, ["ID", "NAME", "STATE", "ORIGINS", "CALLEE"]) if rows else "No buttons yet."
    emit(buttons, as_json, text)


@click.command("show")
@with_appcontext
@click.argument("button_id")
@json_option
@friendly_errors
def show_command(button_id: str, as_json: bool) -> None:
    """Show one button (never its SIP password) and its embed tag."""
    button = store.get_button(get_db(), button_id)
    data = store.describe(button)
    data["snippet"] = snippet(button_id)
    data["opening"] = opening_now(button)
    sip = data["sip"]
    lines = [
        f"{key}: {data[key]}"
        for key in (
            "id",
            "name",
            "enabled",
            "gatewayUrl",
            "appKey",
            "callee",
            "createdAt",
            "updatedAt",
        )
    ]
    lines.append("origins: " + " ".join(data["origins"]))
    lines += [f"sip.{key}: {value}" for key, value in sip.items()]
    hours = data["hours"]
    lines += [
        f"hours: {hours['text']} ({hours['timezone']})",
        opening_text(data["opening"], hours["timezone"]),
        "holidays: " + (" ".join(hours["holidays"]) or "none"),
        f"closedMessage: {hours['closedMessage'] or '-'}",
        f"fallback: {hours['fallback'] or '-'}",
        f"dtmf: {data['dtmf']}",
        f"relayOnly: {data['relayOnly']}",
        f"killSwitch: {data['killSwitch']}",
    ]
    limits = data["tokenLimits"]
    lines.append("tokenLimits: " + (" ".join(f"{k}={v}" for k, v in limits.items()) or "defaults"))
    lines += [f"limits.{key}: {value}" for key, value in data["limits"].items()]
    lines += [f"visitor.{key}: {value}" for key, value in data["visitor"].items()]
    lines.append(f"snippet: {data['snippet']}")
    emit(data, as_json, "\n".join(lines))


def _set_enabled(button_id: str, enabled: bool, as_json: bool) -> None:
    button = store.update_button(get_db(), button_id, {"enabled": enabled}, actor=CLI)
    state = "enabled" if enabled else "disabled"
    emit(store.describe(button), as_json, f"Button {button.id} is {state}.")


@click.command("enable")
@with_appcontext
@click.argument("button_id")
@json_option
@friendly_errors
def enable_command(button_id: str, as_json: bool) -> None:
    """Let a button issue call tokens again."""
    _set_enabled(button_id, True, as_json)


@click.command("disable")
@with_appcontext
@click.argument("button_id")
@json_option
@friendly_errors
def disable_command(button_id: str, as_json: bool) -> None:
    """Stop a button: no new tokens, connects or calls."""
    _set_enabled(button_id, False, as_json)


@click.command("delete")
@with_appcontext
@click.argument("button_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
@friendly_errors
def delete_command(button_id: str, yes: bool, as_json: bool) -> None:
    """Delete a button; its call log is kept."""
    db = get_db()
    button = store.get_button(db, button_id)
    if not yes:
        click.confirm(f"Delete button {button.id} ({button.name})?", abort=True)
    store.delete_button(db, button_id, actor=CLI)
    emit({"id": button_id, "deleted": True}, as_json, f"Deleted button {button_id}.")


def attach(group: AppGroup) -> None:
    """Add these commands to the `button` group."""
    for command in (list_command, show_command, enable_command, disable_command, delete_command):
        group.add_command(command)

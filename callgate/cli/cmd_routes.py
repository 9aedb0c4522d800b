"""`flask button route add|update|remove|list BUTTON …` and `flask button context BUTTON`.

Routes are the destinations a visitor picks (Sales, Support); the context settings say whether
the panel asks the visitor's name and whether calls tell the PBX if recording was consented to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from flask.cli import AppGroup, with_appcontext

from callgate.cli.cmd_button import callee_rules
from callgate.cli.output import emit, friendly_errors, json_option, table
from callgate.db import get_db
from callgate.db.routes import ASK_NAME, RECORDING
from callgate.routes import identity, store
from callgate.vault.stored import vault_of

cli = AppGroup("route", help="Manage a button's routes (the destinations a visitor picks).")


def route_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options every route field has (add and update)."""
    options = [
        click.option("--label", help="Label (English)."),
        click.option("--label-ru", help='Label in Russian ("" clears it).'),
        click.option("--callee", help="Whom the route calls (the button's callee rules)."),
        click.option("--hours", help='Own hours, "mon-fri 09:00-18:00"; "" uses the button\'s.'),
        click.option("--ring-time", type=int, help="Seconds to ring before overflowing (5-120)."),
        click.option("--overflow", help='Route to overflow to when busy or unanswered ("" none).'),
        click.option("--allow-special", is_flag=True, help="Allow special number types."),
        json_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _values(**given: object) -> dict[str, object]:
    names = {"hours": "schedule", "ring_time": "ring_seconds", "overflow": "overflow_id"}
    return {names.get(key, key): value for key, value in given.items()}


def _show(route_data: dict, as_json: bool, verb: str) -> None:
    emit(route_data, as_json, f"{verb} route {route_data['id']} ({route_data['label']})")


@cli.command("add")
@click.argument("button_id")
@route_options
@friendly_errors
def add_command(button_id: str, allow_special: bool, as_json: bool, **fields: object) -> None:
    """Add a route to BUTTON (it goes last in the visitor's list)."""
    rules = callee_rules(allow_special)
    route = store.add_route(get_db(), button_id, _values(**fields), rules)
    _show(store.describe_route(route), as_json, "Added")


@cli.command("update")
@click.argument("button_id")
@click.argument("route_id")
@route_options
@friendly_errors
def update_command(
    button_id: str, route_id: str, allow_special: bool, as_json: bool, **fields: object
) -> None:
    """Change ROUTE_ID of BUTTON; options not given are left alone."""
    rules = callee_rules(allow_special)
    route = store.update_route(get_db(), button_id, route_id, _values(**fields), rules)
    _show(store.describe_route(route), as_json, "Updated")


@cli.command("remove")
@click.argument("button_id")
@click.argument("route_id")
@friendly_errors
def remove_command(button_id: str, route_id: str) -> None:
    """Remove ROUTE_ID from BUTTON."""
    store.remove_route(get_db(), button_id, route_id)
    click.echo(f"Removed route {route_id}")


@cli.command("list")
@click.argument("button_id")
@json_option
@friendly_errors
def list_command(button_id: str, as_json: bool) -> None:
    """List BUTTON's routes in the visitor's order."""
    routes = [store.describe_route(r) for r in store.list_routes(get_db(), button_id)]
    rows = [[str(r[k] or "-") for k in ("id", "label", "callee", "overflow")] for r in routes]
    emit(routes, as_json, table(rows, ["ID", "LABEL", "CALLEE", "OVERFLOW"]) if rows else "none")


@click.command("context")
@click.argument("button_id")
@click.option("--ask-name", type=click.Choice(ASK_NAME), help="The panel's name field.")
@click.option("--recording", type=click.Choice(RECORDING), help="Send X-Callgate-Record.")
@json_option
@with_appcontext
@friendly_errors
def context_command(
    button_id: str, ask_name: str | None, recording: str | None, as_json: bool
) -> None:
    """Show or change BUTTON's caller context: name field and recording flag."""
    if ask_name or recording:
        settings = store.set_context(get_db(), button_id, ask_name, recording)
    else:
        settings = store.context_settings(get_db(), button_id)
    data = {"askName": settings.ask_name, "recording": settings.recording}
    emit(data, as_json, f"ask-name {settings.ask_name}, recording {settings.recording}")


@click.command("identity-secret")
@click.argument("button_id")
@click.option("--rotate", is_flag=True, help="Make a new secret; the previous stays valid.")
@json_option
@with_appcontext
@friendly_errors
def identity_secret_command(button_id: str, rotate: bool, as_json: bool) -> None:
    """Show BUTTON's secret for verified customers (made on first use), or rotate it."""
    db = get_db()
    secret = identity.identity_secret(db, vault_of(db), button_id, rotate)
    emit({"secret": secret}, as_json, secret)


def attach(group: AppGroup) -> None:
    """Add `route`, `context` and `identity-secret` to the `button` group."""
    group.add_command(cli)
    group.add_command(context_command)
    group.add_command(identity_secret_command)

"""`flask button create|update`: make and change call buttons from the command line."""

from __future__ import annotations

import sys
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from buttons import fields as parse
from buttons import store
from buttons.callee import CalleeRules, callee_warnings
from cli.button_options import button_options
from cli.output import emit, friendly_errors
from db import get_db
from db.models import Button
from ratelimit.rules import parse_pairs

cli = AppGroup("button", help="Create and manage call buttons.")


def read_password(from_stdin: bool) -> str:
    """Return the SIP password from stdin, or from a prompt that does not echo."""
    if from_stdin:
        return parse.read_password(sys.stdin)
    return click.prompt("SIP password", hide_input=True, confirmation_prompt=True)


def callee_rules(allow_special: bool) -> CalleeRules:
    """Return the callee rules: `--allow-special`, and the configured country allowlist."""
    return CalleeRules(allow_special, tuple(current_app.config["CALLEE_COUNTRIES"]))


def warn_about_callee(button: Button, rules: CalleeRules) -> None:
    """Print, on stderr, what the owner should know about the button's callee."""
    for warning in callee_warnings(button.callee, rules):
        click.echo(f"Warning: {warning}", err=True)


def snippet(button_id: str) -> str:
    """Return the tag a site owner pastes for `button_id`."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f'<script async src="{base}/widget.js" data-button="{button_id}"></script>'


@cli.command("create")
@button_options(create=True)
@friendly_errors
def create_command(
    sip_password_stdin: bool, allow_special: bool, as_json: bool, **fields: Any
) -> None:
    """Create a button and print its id and embed tag."""
    fields["origins"] = list(fields["origins"])
    fields["texts"] = parse.parse_texts(fields["texts"])
    parse.take_hours(fields)
    fields["token_limits"] = parse_pairs(fields["token_limits"])
    fields["sip_password"] = read_password(sip_password_stdin)
    rules = callee_rules(allow_special)
    button = store.create_button(get_db(), fields, rules)
    warn_about_callee(button, rules)
    data = store.describe(button) | {"snippet": snippet(button.id)}
    text = (
        f"Created button {button.id} ({button.name}).\n"
        f"Paste this tag into your pages:\n  {data['snippet']}"
    )
    emit(data, as_json, text)


@cli.command("update")
@click.argument("button_id")
@button_options(create=False)
@friendly_errors
def update_command(
    button_id: str, sip_password_stdin: bool, allow_special: bool, as_json: bool, **fields: Any
) -> None:
    """Change the given fields of a button; --origin replaces the whole allowlist."""
    current = store.get_button(get_db(), button_id)
    fields["origins"] = list(fields["origins"]) or None
    fields["texts"] = parse.parse_texts(fields["texts"])
    parse.take_hours(fields, current.holidays)
    pairs = fields["token_limits"]
    fields["token_limits"] = parse_pairs(pairs, current.token_limits) if pairs else None
    if sip_password_stdin:
        fields["sip_password"] = read_password(True)
    rules = callee_rules(allow_special)
    button = store.update_button(get_db(), button_id, fields, rules)
    if fields.get("callee") is not None:
        warn_about_callee(button, rules)
    emit(store.describe(button), as_json, f"Updated button {button.id}.")

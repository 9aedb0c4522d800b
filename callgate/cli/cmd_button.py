"""`flask button create|update`: make and change call buttons from the command line."""

from __future__ import annotations

import sys
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from callgate.accounts import workspaces
from callgate.buttons import parsing as parse
from callgate.buttons import store
from callgate.buttons.callee import CalleeRules, callee_warnings
from callgate.buttons.text_rules import ButtonError
from callgate.cli.button_options import button_options
from callgate.cli.opening import opening_now, opening_text
from callgate.cli.output import emit, friendly_errors
from callgate.db import get_db
from callgate.db.models import Button
from callgate.ratelimit.rules import parse_pairs

cli = AppGroup("button", help="Create and manage call buttons.")
#: Who the audit trail says made a change from the command line.
CLI = "cli"
workspace_option = click.option(
    "--workspace", help="Workspace of the button (create: default workspace; update: moves it)."
)


PASSWORD_REQUIRED = (
    "a SIP password is required: pipe it with --sip-password-stdin or type it at the prompt"
)


def read_password(from_stdin: bool) -> str:
    """Return the SIP password from stdin, or from a prompt that does not echo; never empty."""
    if from_stdin:
        password = parse.read_password(sys.stdin)
    else:
        password = click.prompt("SIP password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise click.ClickException(PASSWORD_REQUIRED)
    return password


def password_again(exc: ButtonError) -> str:
    """Say, in the CLI's words, which options moved the SIP password and how to give it."""
    names = exc.details.get("names")
    listed = names if isinstance(names, list) else []
    options = ", ".join("--" + str(name).replace("_", "-") for name in listed)
    return (
        f"{options} changes where the SIP password is sent: give the password again in the "
        "same command with --sip-password-stdin"
    )


def callee_rules(allow_special: bool) -> CalleeRules:
    """Return the callee rules: `--allow-special`, and the configured country allowlist."""
    return CalleeRules(allow_special, tuple(current_app.config["CALLEE_COUNTRIES"]))


def warn_about_callee(button: Button, rules: CalleeRules) -> None:
    """Print, on stderr, what the owner should know about the button's callee."""
    for warning in callee_warnings(button.callee, rules):
        click.echo(f"Warning: {warning}", err=True)


def snippet(button_id: str) -> str:
    """Return the tag a site owner pastes for `button_id`, on the app's public URL.

    Says on stderr when that URL is the default, which only this machine reaches.
    """
    config = current_app.config
    base = config["PUBLIC_URL"].rstrip("/")
    if config["PUBLIC_URL_IS_DEFAULT"]:
        click.echo(
            f"Note: CALLGATE_PUBLIC_URL is not set, so the tag uses the default {base}; set it "
            f"(in the environment or in {config['SETTINGS_FILE']}) to the URL visitors reach.",
            err=True,
        )
    return f'<script async src="{base}/widget.js" data-button="{button_id}"></script>'


@cli.command("create")
@button_options(create=True)
@workspace_option
@friendly_errors
def create_command(
    sip_password_stdin: bool,
    allow_special: bool,
    as_json: bool,
    workspace: str | None,
    **fields: Any,
) -> None:
    """Create a button and print its id and embed tag."""
    workspace_id = workspaces.by_name(get_db(), workspace).id
    parse.typed_lines(fields)
    fields["origins"] = list(fields["origins"])
    fields["texts"] = parse.parse_texts(fields["texts"])
    parse.take_hours(fields)
    fields["token_limits"] = parse_pairs(fields["token_limits"])
    fields["sip_password"] = read_password(sip_password_stdin)
    rules = callee_rules(allow_special)
    button = store.create_button(get_db(), fields, rules, workspace_id, actor=CLI)
    warn_about_callee(button, rules)
    data = store.describe(button) | {"snippet": snippet(button.id), "opening": opening_now(button)}
    text = (
        f"Created button {button.id} ({button.name}).\n"
        f"Hours: {data['hours']['text']} ({button.timezone}); "
        f"{opening_text(data['opening'], button.timezone)}.\n"
        f"Paste this tag into your pages:\n  {data['snippet']}"
    )
    emit(data, as_json, text)


@cli.command("update")
@click.argument("button_id")
@button_options(create=False)
@workspace_option
@friendly_errors
def update_command(
    button_id: str,
    sip_password_stdin: bool,
    allow_special: bool,
    as_json: bool,
    workspace: str | None,
    **fields: Any,
) -> None:
    """Change the given fields of a button; --origin replaces the whole allowlist."""
    current = store.get_button(get_db(), button_id)
    target = workspaces.by_name(get_db(), workspace).id if workspace else None
    parse.typed_lines(fields)
    fields["origins"] = list(fields["origins"]) or None
    fields["texts"] = parse.parse_texts(fields["texts"])
    parse.take_hours(fields, current.holidays)
    pairs = fields["token_limits"]
    fields["token_limits"] = parse_pairs(pairs, current.token_limits) if pairs else None
    if sip_password_stdin:
        fields["sip_password"] = read_password(True)
    rules = callee_rules(allow_special)
    try:
        button = store.update_button(
            get_db(), button_id, fields, rules, workspace_id=target, actor=CLI
        )
    except ButtonError as exc:
        if exc.code != "sip_password_required":
            raise
        raise click.ClickException(password_again(exc)) from None
    if fields.get("callee") is not None:
        warn_about_callee(button, rules)
    emit(store.describe(button), as_json, f"Updated button {button.id}.")

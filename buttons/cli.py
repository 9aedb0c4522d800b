"""`flask button ...`: manage call buttons from the command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from buttons import limits, store
from buttons.callee import CalleeRules
from buttons.cli_hours import hours_options, take_hours
from cli_support import emit, friendly_errors
from db import get_db
from ratelimit.rules import parse_pairs

cli = AppGroup("button", help="Create and manage call buttons.")

FIELD_OPTIONS = (
    ("--name", "name", "Name shown to you, e.g. 'Sales line'."),
    ("--callee", "callee", "Extension, number or SIP URI the button calls."),
    ("--gateway-url", "gateway_url", "WCS websocket URL, ws:// or wss://."),
    ("--sip-login", "sip_login", "SIP account WCS calls from."),
)
OPTIONAL_OPTIONS = (
    ("--app-key", "app_key", "WCS REST app key (default: callgate)."),
    ("--sip-auth-name", "sip_auth_name", "SIP authentication name, if not the login."),
    ("--sip-domain", "sip_domain", "SIP domain (registrar)."),
    ("--sip-outbound-proxy", "sip_outbound_proxy", "SIP outbound proxy."),
    ("--label", "label", "Text on the button (default: 'Call us' in the visitor's language)."),
    ("--color", "color", "Button colour, #rrggbb."),
    ("--text-color", "text_color", "Text colour on the button, #rrggbb."),
    ("--position", "position", "bottom-right, bottom-left or inline."),
    ("--language", "language", "auto, en or ru."),
)


class Duration(click.ParamType):
    """Seconds, or a duration like 90s, 15m, 1h30m."""

    name = "duration"

    def convert(self, value: object, param: Any, ctx: click.Context | None) -> int:
        """Return the seconds `value` stands for, or fail with the reason."""
        if isinstance(value, int):
            return value
        try:
            return limits.parse_duration(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


LIMIT_OPTIONS = (
    click.option("--max-concurrent", type=int, help="Calls at the same time (default: 2)."),
    click.option(
        "--max-duration", type=Duration(), help="Longest call, e.g. 900 or 15m (default: 15m)."
    ),
    click.option("--daily-calls", type=int, help="Calls per day (default: 100)."),
    click.option("--daily-minutes", type=int, help="Talk minutes per day (default: 120)."),
)


def button_options(create: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Attach the button field options; required ones only on `create`."""
    options = [
        click.option(flag, dest, required=create, help=text) for flag, dest, text in FIELD_OPTIONS
    ]
    options += [click.option(flag, dest, help=text) for flag, dest, text in OPTIONAL_OPTIONS]
    options += [
        click.option(
            "--origin",
            "origins",
            multiple=True,
            required=create,
            help="Allowed page origin scheme://host[:port]; repeat for more.",
        ),
        click.option("--sip-port", type=int, help="SIP port (default: 5060)."),
        *LIMIT_OPTIONS,
        click.option(
            "--sip-register/--no-sip-register", default=None, help="REGISTER before calling."
        ),
        click.option(
            "--text",
            "texts",
            multiple=True,
            metavar="KEY=TEXT",
            help="Override one of the widget's texts; repeat for more.",
        ),
        click.option(
            "--token-limit",
            "token_limits",
            multiple=True,
            metavar="KIND=LIMITS",
            help="This button's own token limits, KIND ip, prefix or button, e.g. "
            "ip=5/minute;20/day; KIND= goes back to the default; repeat for more.",
        ),
        click.option(
            "--sip-password-stdin", is_flag=True, help="Read the SIP password from standard input."
        ),
        *hours_options(create),
        click.option(
            "--allow-special",
            is_flag=True,
            help="Allow a premium-rate, shared-cost or other special callee number.",
        ),
        click.option("--json", "as_json", is_flag=True, help="Print JSON."),
    ]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def read_password(from_stdin: bool) -> str:
    """Return the SIP password from stdin, or from a prompt that does not echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("SIP password", hide_input=True, confirmation_prompt=True)


def parse_texts(pairs: tuple[str, ...]) -> dict[str, str] | None:
    """Turn `KEY=TEXT` options into a dict; None when none were given."""
    if not pairs:
        return None
    if not all("=" in pair for pair in pairs):
        raise click.BadParameter("use KEY=TEXT", param_hint="--text")
    return dict(pair.split("=", 1) for pair in pairs)


def callee_rules(allow_special: bool) -> CalleeRules:
    """Return the callee rules: `--allow-special`, and the configured country allowlist."""
    return CalleeRules(allow_special, tuple(current_app.config["CALLEE_COUNTRIES"]))


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
    fields["texts"] = parse_texts(fields["texts"])
    take_hours(fields)
    fields["token_limits"] = parse_pairs(fields["token_limits"])
    fields["sip_password"] = read_password(sip_password_stdin)
    button = store.create_button(get_db(), fields, callee_rules(allow_special))
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
    fields["origins"] = list(fields["origins"]) or None
    fields["texts"] = parse_texts(fields["texts"])
    take_hours(fields, store.get_button(get_db(), button_id).holidays)
    if fields["token_limits"]:
        current = store.get_button(get_db(), button_id).token_limits
        fields["token_limits"] = parse_pairs(fields["token_limits"], current)
    else:
        fields["token_limits"] = None
    if sip_password_stdin:
        fields["sip_password"] = read_password(True)
    button = store.update_button(get_db(), button_id, fields, callee_rules(allow_special))
    emit(store.describe(button), as_json, f"Updated button {button.id}.")

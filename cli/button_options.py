"""The options `flask button create` and `update` share: fields, limits, hours, looks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from buttons import call_limits
from cli.output import json_option

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
            return call_limits.parse_duration(str(value))
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


VISITOR_OPTIONS = (
    click.option(
        "--precheck/--no-precheck",
        default=None,
        help="Microphone level meter, silence warning and device picker (default: on).",
    ),
    click.option(
        "--callback/--no-callback",
        default=None,
        help="Offer a callback request when closed, busy or over budget (default: off).",
    ),
    click.option(
        "--consent-text",
        help="A notice visitors must accept before their first call ('' clears).",
    ),
    click.option(
        "--rating/--no-rating",
        default=None,
        help="Ask for a 1-5 rating after a call (default: off).",
    ),
)


def hours_options(create: bool) -> list[Any]:
    """Return the opening-hours, closed-time and DTMF options; `--clear-holidays` on update."""
    options = [
        click.option(
            "--hours",
            help='Opening hours, "24/7" or e.g. "mon-fri 09:00-18:00; sat 10:00-14:00"'
            + (" (default: mon-fri 08:00-20:00)." if create else "."),
        ),
        click.option("--timezone", help="IANA time zone of the hours and holidays (default: UTC)."),
        click.option(
            "--holiday",
            "holidays",
            multiple=True,
            metavar="YYYY-MM-DD",
            help="A day closed all day; repeat for more" + ("." if create else " (added)."),
        ),
        click.option("--closed-message", help="What visitors read when closed ('' clears)."),
        click.option(
            "--fallback", help="tel:+<E.164 number> or https:// URL shown when closed ('' clears)."
        ),
        click.option(
            "--dtmf/--no-dtmf", default=None, help="Offer a keypad during calls (default: off)."
        ),
    ]
    if not create:
        options.append(
            click.option("--clear-holidays", is_flag=True, help="Remove all holidays first.")
        )
    return options


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
        *VISITOR_OPTIONS,
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
        json_option,
    ]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate

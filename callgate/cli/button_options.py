"""The options `flask button create` and `update` share, made from the button field table.

Each field's option is in its row (buttons/fields.py); here they become click options, a help
text's `{default}` becoming the field's default in the CLI's words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from callgate.buttons import call_limits
from callgate.buttons.field_row import Field, Option
from callgate.buttons.fields import FIELDS
from callgate.buttons.schedule import format_hours
from callgate.cli.output import json_option


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


def default_text(field: Field) -> str:
    """Return a field's default the way the CLI takes it: on/off, 15m, mon-fri 08:00-20:00."""
    value = field.default
    if isinstance(value, bool):
        return "on" if value else "off"
    if field.option is not None and field.option.kind == "duration":
        return call_limits.duration_text(int(str(value)))
    if field.kind == "hours":
        return format_hours(value if isinstance(value, dict) else {})
    return str(value)


def _help(field: Field, option: Option, create: bool) -> str:
    said = option.help if create or option.update_help is None else option.update_help
    return said.format(default=default_text(field))


def field_option(field: Field, create: bool) -> Callable[[Any], Any]:
    """Return the click option of one field (required on `create` if the field is)."""
    option = field.option
    assert option is not None, "only fields with an option"
    said = _help(field, option, create)
    if option.kind == "stdin":
        return click.option(option.flag, is_flag=True, help=said)
    if option.kind == "switch":
        return click.option(option.flag, field.name, default=None, help=said)
    dest = option.dest or field.name
    required = create and field.required
    if option.kind == "repeat":
        metavar = option.metavar
        return click.option(
            option.flag, dest, multiple=True, required=required, metavar=metavar, help=said
        )
    types = {"int": int, "duration": Duration()}
    return click.option(
        option.flag, dest, type=types.get(option.kind), required=required, help=said
    )


def button_options(create: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Attach the button field options; required ones only on `create`."""
    options = [field_option(field, create) for field in FIELDS if field.option is not None]
    if not create:
        options.append(
            click.option("--clear-holidays", is_flag=True, help="Remove all holidays first.")
        )
    options += [
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

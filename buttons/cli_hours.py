"""The opening-hours, closed-time and DTMF options of `flask button create|update`."""

from __future__ import annotations

from typing import Any

import click

from buttons.hours import parse_hours


def hours_options(create: bool) -> list[Any]:
    """Return the options; `--clear-holidays` only on update."""
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


def take_hours(options: dict[str, Any], existing_holidays: list[str] | None = None) -> None:
    """Replace the hours options in `options` by button fields; None leaves a field alone.

    `--holiday` adds to `existing_holidays` unless `--clear-holidays` was given.
    """
    hours = options.pop("hours")
    options["schedule"] = parse_hours(hours) if hours is not None else None
    added = list(options.pop("holidays"))
    clear = options.pop("clear_holidays", False)
    keep = [] if clear else list(existing_holidays or [])
    options["holidays"] = keep + added if added or clear else None

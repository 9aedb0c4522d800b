"""Button fields as people type them (the CLI's options, the console's forms), made into values.

One reading for both faces: `KEY=TEXT` texts, opening hours and holidays, and a password read
from a stream (token-limit pairs are read by ratelimit.rules.parse_pairs). Errors are
ButtonError or HoursError.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from buttons.schedule import parse_hours
from buttons.validate import ButtonError


def parse_texts(pairs: Iterable[str]) -> dict[str, str] | None:
    """Turn `KEY=TEXT` pairs into a dict; None when there are none."""
    pairs = list(pairs)
    if not pairs:
        return None
    if not all("=" in pair for pair in pairs):
        raise ButtonError(
            "texts must be given as KEY=TEXT, e.g. call=Talk to us", code="texts_not_pairs"
        )
    return dict(pair.split("=", 1) for pair in pairs)


def take_hours(fields: dict[str, Any], existing_holidays: list[str] | None = None) -> None:
    """Replace the `hours`, `holidays` and `clear_holidays` entries by button fields.

    None leaves a field alone; new holidays add to `existing_holidays` unless cleared first.
    """
    hours = fields.pop("hours")
    fields["schedule"] = parse_hours(hours) if hours is not None else None
    added = list(fields.pop("holidays"))
    clear = fields.pop("clear_holidays", False)
    keep = [] if clear else list(existing_holidays or [])
    fields["holidays"] = keep + added if added or clear else None


def read_password(stream: IO[str]) -> str:
    """Return one line of `stream` without its line ending: a password piped in, never echoed."""
    return stream.readline().rstrip("\r\n")

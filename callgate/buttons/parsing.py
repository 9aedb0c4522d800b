"""Button fields as people type them (the CLI's options, the console's forms), made into values.

One reading for both faces: `KEY=TEXT` texts, opening hours and holidays, line breaks of
multi-line texts, and a password read from a stream (token-limit pairs are read by
ratelimit.rules.parse_pairs). Errors are ButtonError or HoursError.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from callgate.buttons.fields import FIELDS
from callgate.buttons.schedule import parse_hours
from callgate.buttons.text_rules import ButtonError

#: The fields that hold several lines of text (a form's textarea, a quoted CLI argument).
MULTILINE = tuple(field.name for field in FIELDS if field.form == "textarea")


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


def line_breaks(text: str) -> str:
    """Return `text` with each CR LF and lone CR made LF: browsers send textarea lines as CR LF.

    Every other control character is left for the field's check to refuse.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def typed_lines(fields: dict[str, Any]) -> None:
    """Make the line breaks of the multi-line text fields in `fields` LF, in place."""
    for name in MULTILINE:
        if isinstance(fields.get(name), str):
            fields[name] = line_breaks(fields[name])

"""What every text field of a button shares: its error kind, its length, its characters."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy.orm import InstrumentedAttribute

from callgate.db.fit import limit
from callgate.errors import InvalidInput

# A token usable in a SIP URI user/host part: no spaces, controls, quotes or angle brackets.
SIP_TOKEN = re.compile(r"[A-Za-z0-9._~+*#!$&'()=,;:@%-]+")
PLAIN = re.compile(r"[^\x00-\x1f\x7f]+")


class ButtonError(InvalidInput):
    """A button field has a value that cannot be stored."""

    code = "invalid_button"
    codes = (
        *("empty", "too_long", "bad_characters", "secret_characters", "origins_missing"),
        *("bad_gateway_url", "bad_port", "not_a_choice", "bad_colour", "texts_not_pairs"),
        *("unknown_text", "text_empty", "text_too_long", "text_characters", "not_a_flag"),
        *("out_of_range", "consent_length", "consent_control", "unknown_fields", "missing_fields"),
        "bad_origins",
        "sip_password_required",
    )


def longest(column: InstrumentedAttribute) -> int:
    """Return the most characters `column` holds (every text field's column has a limit)."""
    most = limit(column)
    assert most is not None, "a text field's column has a length"
    return most


def fits(field: str, value: str, most: int, key: str | None = None) -> None:
    """Raise ButtonError if `value` is longer than `most` characters."""
    if len(value) > most:
        raise ButtonError(
            f"{field} is longer than {most} characters",
            code="text_too_long" if key else "too_long",
            most=most,
            key=key,
        )


def text(
    field: str, most: int, pattern: re.Pattern = PLAIN, key: str | None = None
) -> Callable[[object], str]:
    """Check a text field; `key` names a widget text (its errors have codes of their own)."""

    def check(value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ButtonError(
                f"{field} must not be empty", code="text_empty" if key else "empty", key=key
            )
        fits(field, value, most, key)
        if not pattern.fullmatch(value):
            raise ButtonError(
                f"{field} {value!r} has characters that are not allowed",
                code="text_characters" if key else "bad_characters",
                key=key,
                value=value,
            )
        return value.strip() if pattern is PLAIN else value

    return check


def optional(check: Callable[[object], str]) -> Callable[[object], str | None]:
    """Return `check` letting None and "" through as None (an optional field left empty)."""
    return lambda value: None if value in (None, "") else check(value)

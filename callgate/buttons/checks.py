"""The checks of single button fields that are not text rules nor looks: origins, gateway, SIP.

Each takes what a face typed and returns the value to store, or raises a ButtonError (or the
field's own error) with a code. buttons/fields.py names the check of every field.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from sqlalchemy.orm import InstrumentedAttribute

from callgate.buttons.callee import CalleeRules, check_callee
from callgate.buttons.origins import OriginError, parse_origin
from callgate.buttons.text_rules import PLAIN, ButtonError, fits, longest
from callgate.db.models import Button


def origins(value: object) -> list[str]:
    """Return the normalized allowlist; at least one `scheme://host[:port]` entry.

    Every bad entry is reported: one OriginError as it is, several in one ButtonError
    (`bad_origins`, each in `details["problems"]`).
    """
    if not isinstance(value, (list, tuple)) or not value:
        raise ButtonError("at least one --origin is required", code="origins_missing")
    normalized, problems = [], []
    for entry in value:
        try:
            if not isinstance(entry, str):
                raise OriginError("an origin must be text", code="origin_unparsable")
            normalized.append(str(parse_origin(entry, allow_wildcard=True)))
        except OriginError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        message = "; ".join(problem.message for problem in problems)
        raise ButtonError(message, code="bad_origins", problems=problems)
    return list(dict.fromkeys(normalized))


def gateway_url(value: object) -> str:
    """Return the gateway websocket URL; it must be ws:// or wss:// with a host."""
    text = value if isinstance(value, str) else ""
    fits("gateway URL", text, longest(Button.gateway_url))
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    plain = PLAIN.fullmatch(text) and " " not in text
    if not parts or parts.scheme not in ("ws", "wss") or not parts.hostname or not plain:
        raise ButtonError(
            f"gateway URL {text!r} must be ws://host[:port] or wss://host[:port]",
            code="bad_gateway_url",
            value=text,
        )
    return text


def sip_password(value: object) -> str:
    """Return the SIP password: up to 500 characters, none of them control; never echoed."""
    if not isinstance(value, str) or not value.strip():
        raise ButtonError("SIP password must not be empty", code="empty")
    fits("SIP password", value, 500)
    if not PLAIN.fullmatch(value):
        raise ButtonError(
            "SIP password has characters that are not allowed", code="secret_characters"
        )
    return value


def sip_port(value: object) -> int:
    """Return the SIP port as an int in 1..65535."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        raise ButtonError(
            f"SIP port {value!r} must be between 1 and 65535", code="bad_port", value=value
        )
    return value


def flag(field: str) -> Callable[[object], bool]:
    """Return a check that the value of `field` is true or false."""

    def check(value: object) -> bool:
        if not isinstance(value, bool):
            raise ButtonError(f"{field} must be true or false", code="not_a_flag")
        return value

    return check


def whole(field: str, low: int, high: int) -> Callable[[object], int]:
    """Return a check that the value of `field` is a whole number from `low` to `high`."""

    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ButtonError(
                f"{field} must be a whole number from {low} to {high}, not {value!r}",
                code="out_of_range",
                low=low,
                high=high,
                value=value,
            )
        return value

    return check


def limited(field: str, column: InstrumentedAttribute, check: Callable) -> Callable:
    """Refuse a text too long for `column` in those words, before `check` reads it."""

    def checked(value: object) -> object:
        if isinstance(value, str):
            fits(field, value, longest(column))
        return check(value)

    return checked


def callee(value: object) -> str:
    """Return the callee under the default rules (no special numbers, any country)."""
    return check_callee(value, CalleeRules())

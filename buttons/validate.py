"""Check the fields of a button before they are stored; one clear message per bad value.

Each error carries a code and its details (errors.py), for a face to say it in its own words.
The rules shared by text fields are in buttons/text_rules.py, the look's in buttons/looks.py.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from sqlalchemy.orm import InstrumentedAttribute

from buttons import schedule
from buttons.call_limits import BOUNDS
from buttons.callee import CalleeRules, check_callee
from buttons.looks import LANGUAGES, POSITIONS, choice, color, consent_text, texts
from buttons.origins import parse_origin
from buttons.text_rules import PLAIN, SIP_TOKEN, ButtonError, fits, longest, optional, text
from db.models import Button
from ratelimit.rules import check_overrides


def origins(value: object) -> list[str]:
    """Return the normalized allowlist; at least one `scheme://host[:port]` entry."""
    if not isinstance(value, (list, tuple)) or not value:
        raise ButtonError("at least one --origin is required", code="origins_missing")
    normalized = [str(parse_origin(v, allow_wildcard=True)) for v in value]
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


def _flag(field: str) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        if not isinstance(value, bool):
            raise ButtonError(f"{field} must be true or false", code="not_a_flag")
        return value

    return check


def _whole(field: str, low: int, high: int) -> Callable[[object], int]:
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


def _limited(field: str, column: InstrumentedAttribute, check: Callable) -> Callable:
    """Refuse a text too long for `column` in those words, before `check` reads it."""

    def checked(value: object) -> object:
        if isinstance(value, str):
            fits(field, value, longest(column))
        return check(value)

    return checked


CHECKS: dict[str, Callable[[object], object]] = {
    "name": text("name", longest(Button.name)),
    "origins": origins,
    "gateway_url": gateway_url,
    "app_key": text("app key", longest(Button.app_key), SIP_TOKEN),
    "callee": lambda value: check_callee(value, CalleeRules()),
    "sip_login": text("SIP login", longest(Button.sip_login), SIP_TOKEN),
    "sip_auth_name": optional(
        text("SIP authentication name", longest(Button.sip_auth_name), SIP_TOKEN)
    ),
    "sip_password": sip_password,
    "sip_domain": optional(text("SIP domain", longest(Button.sip_domain), SIP_TOKEN)),
    "sip_outbound_proxy": optional(
        text("SIP outbound proxy", longest(Button.sip_outbound_proxy), SIP_TOKEN)
    ),
    "sip_port": sip_port,
    "sip_register": _flag("sip_register"),
    "enabled": _flag("enabled"),
    "label": optional(text("label", longest(Button.label))),
    "color": color,
    "text_color": color,
    "position": choice("position", POSITIONS),
    "language": choice("language", LANGUAGES),
    "texts": texts,
    "dtmf": _flag("dtmf"),
    "timezone": _limited("time zone", Button.timezone, schedule.check_timezone),
    "schedule": schedule.check_schedule,
    "holidays": schedule.check_holidays,
    "closed_message": optional(text("closed message", longest(Button.closed_message))),
    "fallback": _limited("fallback", Button.fallback, schedule.check_fallback),
    "token_limits": check_overrides,
    "precheck": _flag("precheck"),
    "callback": _flag("callback"),
    "consent_text": consent_text,
    "rating": _flag("rating"),
    **{name: _whole(*bounds) for name, bounds in BOUNDS.items()},
}


def clean(fields: dict[str, object], callee_rules: CalleeRules | None = None) -> dict[str, object]:
    """Validate each given field and return the normalized values; raise InvalidInput.

    The error is a ButtonError, or the CalleeError, HoursError, OriginError or LimitError of
    the field's own rules, each with its code. The callee is checked against `callee_rules`
    (default: no special numbers, any country).
    """
    unknown = set(fields) - set(CHECKS)
    if unknown:
        raise ButtonError(
            f"unknown button fields: {', '.join(sorted(unknown))}",
            code="unknown_fields",
            names=sorted(unknown),
        )
    rules = callee_rules or CalleeRules()
    checks = CHECKS | {"callee": lambda value: check_callee(value, rules)}
    return {name: checks[name](value) for name, value in fields.items()}

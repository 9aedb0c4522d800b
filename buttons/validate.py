"""Check the fields of a button before they are stored; one clear message per bad value."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from sqlalchemy.orm import InstrumentedAttribute

from buttons import schedule
from buttons.call_limits import BOUNDS
from buttons.callee import CalleeRules, check_callee
from buttons.origins import OriginError, parse_origin
from buttons.texts import TEXT_KEYS
from db.fit import limit
from db.models import Button
from errors import InvalidInput
from ratelimit.rules import check_overrides

# A token usable in a SIP URI user/host part: no spaces, controls, quotes or angle brackets.
_SIP_TOKEN = re.compile(r"[A-Za-z0-9._~+*#!$&'()=,;:@%-]+")
_PLAIN = re.compile(r"[^\x00-\x1f\x7f]+")


class ButtonError(InvalidInput):
    """A button field has a value that cannot be stored."""

    code = "invalid_button"


def _longest(column: InstrumentedAttribute) -> int:
    most = limit(column)
    assert most is not None, "a text field's column has a length"
    return most


def _fits(field: str, value: str, most: int) -> None:
    if len(value) > most:
        raise ButtonError(f"{field} is longer than {most} characters")


def _text(field: str, most: int, pattern: re.Pattern = _PLAIN) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ButtonError(f"{field} must not be empty")
        _fits(field, value, most)
        if not pattern.fullmatch(value):
            raise ButtonError(f"{field} {value!r} has characters that are not allowed")
        return value.strip() if pattern is _PLAIN else value

    return check


def _optional(check: Callable[[object], str]) -> Callable[[object], str | None]:
    return lambda value: None if value in (None, "") else check(value)


def origins(value: object) -> list[str]:
    """Return the normalized allowlist; at least one `scheme://host[:port]` entry."""
    if not isinstance(value, (list, tuple)) or not value:
        raise ButtonError("at least one --origin is required")
    try:
        normalized = [str(parse_origin(v, allow_wildcard=True)) for v in value]
    except OriginError as exc:
        raise ButtonError(exc.message) from exc
    return list(dict.fromkeys(normalized))


def gateway_url(value: object) -> str:
    """Return the gateway websocket URL; it must be ws:// or wss:// with a host."""
    text = value if isinstance(value, str) else ""
    _fits("gateway URL", text, _longest(Button.gateway_url))
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    plain = _PLAIN.fullmatch(text) and " " not in text
    if not parts or parts.scheme not in ("ws", "wss") or not parts.hostname or not plain:
        raise ButtonError(f"gateway URL {text!r} must be ws://host[:port] or wss://host[:port]")
    return text


def sip_port(value: object) -> int:
    """Return the SIP port as an int in 1..65535."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        raise ButtonError(f"SIP port {value!r} must be between 1 and 65535")
    return value


POSITIONS = ("bottom-right", "bottom-left", "inline")
LANGUAGES = ("auto", "en", "ru")


def _choice(field: str, allowed: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in allowed:
            raise ButtonError(f"{field} must be one of {', '.join(allowed)}")
        return value

    return check


def color(value: object) -> str:
    """Return a `#rrggbb` colour, lowercased."""
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ButtonError(f"colour {value!r} must look like #1a2b3c")
    return value.lower()


def texts(value: object) -> dict[str, str]:
    """Return text overrides: known keys, non-empty strings of at most 200 characters."""
    if not isinstance(value, dict):
        raise ButtonError("texts must be KEY=TEXT pairs")
    for key, text in value.items():
        if key not in TEXT_KEYS:
            raise ButtonError(f"unknown text {key!r}; known: {', '.join(TEXT_KEYS)}")
        _text(f"text {key}", 200)(text)
    return dict(value)


def _flag(field: str) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        if not isinstance(value, bool):
            raise ButtonError(f"{field} must be true or false")
        return value

    return check


def _whole(field: str, low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ButtonError(f"{field} must be a whole number from {low} to {high}, not {value!r}")
        return value

    return check


def consent_text(value: object) -> str | None:
    """Return the consent notice visitors accept before calling ('' clears it): 1000 characters."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 1000:
        raise ButtonError("consent text must be 1 to 1000 characters")
    if re.search(r"[\x00-\x09\x0b-\x1f\x7f]", value):
        raise ButtonError("consent text may hold line breaks but no other control characters")
    return value.strip()


def _limited(field: str, column: InstrumentedAttribute, check: Callable) -> Callable:
    """Refuse a text too long for `column` in those words, before `check` reads it."""

    def checked(value: object) -> object:
        if isinstance(value, str):
            _fits(field, value, _longest(column))
        return check(value)

    return checked


CHECKS: dict[str, Callable[[object], object]] = {
    "name": _text("name", _longest(Button.name)),
    "origins": origins,
    "gateway_url": gateway_url,
    "app_key": _text("app key", _longest(Button.app_key), _SIP_TOKEN),
    "callee": lambda value: check_callee(value, CalleeRules()),
    "sip_login": _text("SIP login", _longest(Button.sip_login), _SIP_TOKEN),
    "sip_auth_name": _optional(
        _text("SIP authentication name", _longest(Button.sip_auth_name), _SIP_TOKEN)
    ),
    "sip_password": _text("SIP password", 500, re.compile(r"[^\x00-\x1f\x7f]*")),
    "sip_domain": _optional(_text("SIP domain", _longest(Button.sip_domain), _SIP_TOKEN)),
    "sip_outbound_proxy": _optional(
        _text("SIP outbound proxy", _longest(Button.sip_outbound_proxy), _SIP_TOKEN)
    ),
    "sip_port": sip_port,
    "sip_register": _flag("sip_register"),
    "enabled": _flag("enabled"),
    "label": _optional(_text("label", _longest(Button.label))),
    "color": color,
    "text_color": color,
    "position": _choice("position", POSITIONS),
    "language": _choice("language", LANGUAGES),
    "texts": texts,
    "dtmf": _flag("dtmf"),
    "timezone": _limited("time zone", Button.timezone, schedule.check_timezone),
    "schedule": schedule.check_schedule,
    "holidays": schedule.check_holidays,
    "closed_message": _optional(_text("closed message", _longest(Button.closed_message))),
    "fallback": _limited("fallback", Button.fallback, schedule.check_fallback),
    "token_limits": check_overrides,
    "precheck": _flag("precheck"),
    "callback": _flag("callback"),
    "consent_text": consent_text,
    "rating": _flag("rating"),
    **{name: _whole(*bounds) for name, bounds in BOUNDS.items()},
}


def clean(fields: dict[str, object], callee_rules: CalleeRules | None = None) -> dict[str, object]:
    """Validate each given field and return the normalized values; raise ButtonError.

    The callee is checked against `callee_rules` (default: no special numbers, any country).
    """
    unknown = set(fields) - set(CHECKS)
    if unknown:
        raise ButtonError(f"unknown button fields: {', '.join(sorted(unknown))}")
    rules = callee_rules or CalleeRules()
    checks = CHECKS | {"callee": lambda value: check_callee(value, rules)}
    return {name: checks[name](value) for name, value in fields.items()}

"""Which token limits apply: the kinds, their defaults, and a button's own overrides.

Limits are strings in the `limits` notation, several joined by `;` (`3/minute;10/hour`).
An empty string switches a kind off.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from limits import parse_many

from callgate.errors import InvalidInput

log = logging.getLogger(__name__)

KINDS = ("ip", "prefix", "button", "global")
#: The kinds every visitor of a button shares: under pressure only solved requests count there.
SCARCE = ("button", "global")
#: The kinds a button may override; the global ceiling belongs to the whole installation.
BUTTON_KINDS = ("ip", "prefix", "button")
DEFAULTS = {
    "ip": "3/minute;10/hour;20/day",
    "prefix": "15/minute;50/hour;100/day",
    "button": "200/day",
    "global": "600/minute;10000/hour",
}
#: The config key holding each kind's installation-wide limits.
CONFIG_KEYS = {kind: f"RATE_LIMITS_{kind.upper()}" for kind in KINDS}


class LimitError(InvalidInput):
    """A token limit is malformed or names an unknown kind."""

    code = "invalid_limit"
    codes = (
        *("limit_kind", "limits_not_text", "bad_limits", "limits_not_pairs", "limit_pair"),
        "limit_kind_not_button",
    )


def check_limits(kind: str, text: object, *, allow_empty: bool = False) -> str:
    """Return `text` stripped if it is valid `limits` notation for `kind`; raise LimitError."""
    if kind not in KINDS:
        raise LimitError(
            f"unknown limit kind {kind!r}; known: {', '.join(KINDS)}", code="limit_kind", kind=kind
        )
    if not isinstance(text, str):
        raise LimitError(
            f"{kind} limits must be text like 3/minute;10/hour", code="limits_not_text", kind=kind
        )
    text = text.strip()
    if text == "" and allow_empty:
        return text
    try:
        parse_many(text)
    except ValueError:
        raise LimitError(
            f"{kind} limits {text!r} are not valid; write them like 3/minute;10/hour;20/day",
            code="bad_limits",
            kind=kind,
            value=text,
        ) from None
    return text


def check_overrides(value: object) -> dict[str, str]:
    """Return a button's overrides `{kind: limits}` if every entry is valid; raise LimitError."""
    if not isinstance(value, Mapping):
        raise LimitError("token limits must be KIND=LIMITS pairs", code="limits_not_pairs")
    return {_button_kind(kind): check_limits(kind, text) for kind, text in value.items()}


def parse_pairs(pairs: Iterable[str], current: Mapping[str, str] | None = None) -> dict[str, str]:
    """Apply `KIND=LIMITS` pairs to `current`; `KIND=` removes that override. Raise LimitError."""
    result = dict(current or {})
    for pair in pairs:
        kind, sep, text = pair.partition("=")
        if not sep:
            raise LimitError(
                f"{pair!r} must look like KIND=LIMITS, e.g. ip=5/minute",
                code="limit_pair",
                value=pair,
            )
        kind = _button_kind(kind.strip())
        if text.strip():
            result[kind] = check_limits(kind, text)
        else:
            result.pop(kind, None)
    return result


def _button_kind(kind: object) -> str:
    if kind not in BUTTON_KINDS:
        raise LimitError(
            f"a button can set {', '.join(BUTTON_KINDS)} limits, not {kind!r}",
            code="limit_kind_not_button",
            kind=kind,
        )
    return kind


def limits_for(kind: str, config: Mapping, overrides: Mapping | None) -> str:
    """Return the limits of `kind` for a button: its valid override, else the configured ones."""
    override = (overrides or {}).get(kind) if kind in BUTTON_KINDS else None
    if override is not None:
        try:
            return check_limits(kind, override)
        except LimitError:
            # Stored by hand past the CLI: keep enforcing the installation's limits.
            log.error("ignoring invalid %s token limit %r stored on a button", kind, override)
    return config[CONFIG_KEYS[kind]]

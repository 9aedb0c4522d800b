"""Check a route's fields before they are stored, with the button's own rules where they apply.

The label takes the rules of a button's label, the callee the callee rules, the hours the
schedule rules (buttons/validate.py, buttons/callee.py, buttons/schedule.py).
"""

from __future__ import annotations

from collections.abc import Callable

from callgate.buttons.callee import CalleeRules, check_callee
from callgate.buttons.schedule import check_schedule, parse_hours
from callgate.buttons.text_rules import longest, optional, text
from callgate.db.routes import ButtonRoute
from callgate.routes.errors import RouteError

#: The ring time a route may wait for an answer before it overflows, in seconds.
RING_SECONDS = (5, 120)


def hours(value: object) -> dict | None:
    """Return a route's own schedule from "mon-fri 09:00-18:00" text or a schedule; "" clears."""
    if value in (None, "", "button"):
        return None
    if isinstance(value, str):
        return parse_hours(value)
    return check_schedule(value)


def ring_seconds(value: object) -> int | None:
    """Return the ring time in seconds (5..120), or None for "" (the gateway's own)."""
    if value in (None, ""):
        return None
    low, high = RING_SECONDS
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RouteError(
            f"ring time must be {low} to {high} seconds", code="bad_ring_time", low=low, high=high
        )
    return value


def checks(rules: CalleeRules) -> dict[str, Callable[[object], object]]:
    """Return each route field's check; `overflow_id` is checked against the button's routes."""
    return {
        "label": text("route label", longest(ButtonRoute.label)),
        "label_ru": optional(text("route label (Russian)", longest(ButtonRoute.label_ru))),
        "callee": lambda value: check_callee(value, rules),
        "schedule": hours,
        "ring_seconds": ring_seconds,
        "overflow_id": lambda value: None if value in (None, "") else value,
    }


def clean(fields: dict[str, object], rules: CalleeRules | None = None) -> dict[str, object]:
    """Validate the given route fields and return them normalized; raise InvalidInput."""
    known = checks(rules or CalleeRules())
    unknown = sorted(set(fields) - set(known))
    if unknown:
        raise RouteError(f"unknown route fields: {', '.join(unknown)}", code="unknown_route_fields")
    return {name: known[name](value) for name, value in fields.items()}

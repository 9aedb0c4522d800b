"""Which route a call takes: the one the page named, if it is the button's and open now.

A route without its own hours is open when the button is; one with its own hours is open when
they say so, in the button's time zone and with its holidays. Without a route named, the first
open one is taken. A button without routes calls its own callee, as it always did.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from callgate.db.models import Button
from callgate.db.routes import ButtonRoute
from callgate.guardrails.opening import button_opening, opening
from callgate.routes.errors import RouteRefused
from callgate.routes.store import list_routes


def is_open(button: Button, route: ButtonRoute, now: datetime) -> bool:
    """Return whether `route` takes calls at `now`."""
    if route.schedule is None:
        return button_opening(button, now).open
    return opening(button.timezone, route.schedule, button.holidays, now).open


def label_of(route: ButtonRoute, language: str) -> str:
    """Return the route's label in `language` (English when it has no Russian one)."""
    return (route.label_ru or route.label) if language == "ru" else route.label


def public_routes(db: Session, button: Button, language: str, now: datetime) -> list[dict]:
    """Return what the public config says of each route: id, label, open; never the callee."""
    return [
        {"id": r.id, "label": label_of(r, language), "open": is_open(button, r, now)}
        for r in list_routes(db, button.id)
    ]


def choose(db: Session, button: Button, asked: object, now: datetime) -> ButtonRoute | None:
    """Return the route for a token request naming `asked` (None: the first open one).

    Raises RouteRefused `unknown_route`, `route_of_another_button`, `route_closed` or
    `no_open_route`. A button without routes returns None (its own callee), unless a route
    was named, which is unknown there.
    """
    routes = list_routes(db, button.id)
    if asked is None:
        if not routes:
            return None
        for route in routes:
            if is_open(button, route, now):
                return route
        raise RouteRefused("no route is open now", code="no_open_route", button_id=button.id)
    found = db.get(ButtonRoute, asked) if isinstance(asked, str) and len(asked) <= 32 else None
    if found is None:
        raise RouteRefused("unknown route", code="unknown_route", button_id=button.id)
    if found.button_id != button.id:
        raise RouteRefused(
            "route of another button", code="route_of_another_button", button_id=button.id
        )
    if not is_open(button, found, now):
        raise RouteRefused("this route is closed now", code="route_closed", button_id=button.id)
    return found

"""Add, change, remove and list a button's routes, and keep its caller-context settings."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callgate.buttons.callee import CalleeRules
from callgate.buttons.store import get_button
from callgate.db.ids import public_id
from callgate.db.routes import ASK_NAME, RECORDING, ButtonContext, ButtonRoute
from callgate.routes import fields
from callgate.routes.errors import RouteError, RouteMissing


def list_routes(db: Session, button_id: str) -> list[ButtonRoute]:
    """Return the button's routes in the order the visitor sees them."""
    query = select(ButtonRoute).where(ButtonRoute.button_id == button_id)
    return list(db.scalars(query.order_by(ButtonRoute.position, ButtonRoute.created_at)))


def get_route(db: Session, button_id: str, route_id: str) -> ButtonRoute:
    """Return the button's route `route_id`; raise RouteMissing."""
    route = db.get(ButtonRoute, route_id) if isinstance(route_id, str) else None
    if route is None or route.button_id != button_id:
        raise RouteMissing(f"button has no route {route_id!r}", button_id=button_id)
    return route


def add_route(
    db: Session, button_id: str, values: dict[str, object], rules: CalleeRules | None = None
) -> ButtonRoute:
    """Validate and store a new route at the end of the button's list; return it."""
    get_button(db, button_id)
    clean = fields.clean({k: v for k, v in values.items() if v is not None}, rules)
    for name in ("label", "callee"):
        if name not in clean:
            raise RouteError(f"a route needs a {name}", code="bad_setting")
    _check_overflow(db, button_id, None, clean.get("overflow_id"))
    last = db.scalar(
        select(func.max(ButtonRoute.position)).where(ButtonRoute.button_id == button_id)
    )
    route = ButtonRoute(id=public_id(9), button_id=button_id, position=(last or 0) + 1, **clean)
    db.add(route)
    db.commit()
    return route


def update_route(
    db: Session,
    button_id: str,
    route_id: str,
    values: dict[str, object],
    rules: CalleeRules | None = None,
) -> ButtonRoute:
    """Validate and apply `values` (None leaves a field alone, "" clears an optional one)."""
    route = get_route(db, button_id, route_id)
    clean = fields.clean({k: v for k, v in values.items() if v is not None}, rules)
    if "overflow_id" in clean:
        _check_overflow(db, button_id, route_id, clean["overflow_id"])
    for name, value in clean.items():
        setattr(route, name, value)
    db.commit()
    return route


def remove_route(db: Session, button_id: str, route_id: str) -> None:
    """Remove a route; routes that overflowed to it no longer overflow."""
    route = get_route(db, button_id, route_id)
    for other in list_routes(db, button_id):
        if other.overflow_id == route_id:
            other.overflow_id = None
    db.delete(route)
    db.commit()


def _check_overflow(db: Session, button_id: str, route_id: str | None, target: object) -> None:
    """An overflow route must be another route of the same button."""
    if target is None:
        return
    if target == route_id or not isinstance(target, str):
        raise RouteError("a route cannot overflow to itself", code="bad_overflow")
    try:
        get_route(db, button_id, target)
    except RouteMissing:
        raise RouteError(f"no route {target!r} to overflow to", code="bad_overflow") from None


def context_settings(db: Session, button_id: str) -> ButtonContext:
    """Return the button's caller-context settings (defaults when never set: both off)."""
    found = db.get(ButtonContext, button_id)
    return found or ButtonContext(button_id=button_id, ask_name="off", recording="off")


def set_context(
    db: Session, button_id: str, ask_name: str | None = None, recording: str | None = None
) -> ButtonContext:
    """Change the name field (off, optional, required) or the recording flag (off, if-consented)."""
    get_button(db, button_id)
    for value, allowed, name in (
        (ask_name, ASK_NAME, "ask-name"),
        (recording, RECORDING, "recording"),
    ):
        if value is not None and value not in allowed:
            raise RouteError(
                f"{name} must be one of {', '.join(allowed)}", code="bad_setting", value=value
            )
    settings = db.get(ButtonContext, button_id) or ButtonContext(
        button_id=button_id, ask_name="off", recording="off"
    )
    settings.ask_name = ask_name or settings.ask_name
    settings.recording = recording or settings.recording
    db.add(settings)
    db.commit()
    return settings


def describe_route(route: ButtonRoute) -> dict[str, object]:
    """Return a route as plain data for the owner."""
    return {
        "id": route.id,
        "label": route.label,
        "labelRu": route.label_ru,
        "callee": route.callee,
        "schedule": route.schedule,
        "ringSeconds": route.ring_seconds,
        "overflow": route.overflow_id,
    }

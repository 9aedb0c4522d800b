"""What `/call` takes from a call's context: the route's callee and the fields for the PBX."""

from __future__ import annotations

from sqlalchemy.orm import Session

from callgate.db.models import Button, WcsSession
from callgate.db.routes import ButtonRoute, CallContext
from callgate.routes.context import context_of
from callgate.routes.errors import RouteRefused
from callgate.routes.sip import display_name, sip_headers
from callgate.routes.store import context_settings
from callgate.visitors.consent import consent_of


def call_target(db: Session, session: WcsSession, button: Button) -> tuple[str, CallContext | None]:
    """Return whom the session's call rings (its route's callee, else the button's) and context.

    A route removed since the token was issued refuses the call (`unknown_route`).
    """
    context = context_of(db, session)
    if context is None or context.route_id is None:
        return button.callee, context
    route = db.get(ButtonRoute, context.route_id)
    if route is None or route.button_id != button.id:
        raise RouteRefused("unknown route", code="unknown_route", button_id=button.id)
    return route.callee, context


def pbx_fields(
    db: Session, call_id: str, button: Button, session: WcsSession, context: CallContext | None
) -> dict[str, object]:
    """Return `visibleName` and `sipHeaders` for a call with context; {} for one without."""
    if context is None:
        return {}
    consented = consent_of(db, session) is not None
    headers = sip_headers(call_id, button, context, context_settings(db, button.id), consented)
    return {"visibleName": display_name(context), "sipHeaders": headers}


def check_token_route(db: Session, session_jti: str, token_route: str | None) -> None:
    """Refuse a token whose signed route is not the one stored for its attempt."""
    context = db.get(CallContext, session_jti)
    stored = context.route_id if context is not None else None
    if stored != token_route:
        raise RouteRefused("unknown route", code="unknown_route")

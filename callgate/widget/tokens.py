"""The call-token endpoint: `POST /api/v1/buttons/<id>/token`, limited, origin-checked, audited."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Blueprint, Flask, Response, current_app, g, request
from werkzeug.datastructures import Headers

from callgate.addresses import parse_ip
from callgate.audit.trail import said
from callgate.buttons.origins import OriginNotAllowed
from callgate.calltokens.binding import binding_claim
from callgate.calltokens.overflow_keys import issue_overflow_key, load_overflow_key
from callgate.calltokens.report_keys import issue_report_key
from callgate.calltokens.tokens import new_token
from callgate.calltokens.turn import ice_config
from callgate.db import EXTENSION as DB_EXTENSION
from callgate.db import get_db
from callgate.db.models import Button, utcnow
from callgate.db.routes import ButtonRoute, CallContext
from callgate.errors import InvalidInput, NotFound
from callgate.guardrails import gate
from callgate.ratelimit.limiter import EXTENSION as LIMITER
from callgate.ratelimit.limiter import TokenLimiter
from callgate.ratelimit.work_gate import ChallengeRequired, WorkPolicy
from callgate.routes import choose, context, overflow
from callgate.telemetry import metrics
from callgate.visitors import consent
from callgate.widget import cors
from callgate.widget.consent import accepted_notice
from callgate.widget.requests import (
    allowed_origin,
    audit,
    enabled_button,
    origin_refusal,
    page_origin,
)
from callgate.widget.token_body import token_body

bp = Blueprint("tokens", __name__)
log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Open the token limits' storage (raises ConfigError if it cannot be used)."""
    engine = app.extensions[DB_EXTENSION].kw["bind"]
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith("memory:"):
        log.warning("rate limits in memory:// are per process; use the database or Redis")
    work = WorkPolicy.from_config(app.config)
    app.extensions[LIMITER] = TokenLimiter(uri, engine, app.config, work=work)


@bp.route("/api/v1/buttons/<button_id>/token", methods=["OPTIONS"], provide_automatic_options=False)
def token_preflight(button_id: str) -> Response:
    """Answer the CORS preflight for allowed origins only; preflights are not counted."""
    _, origin = allowed_origin(button_id)
    return Response(status=204, headers=cors.preflight(cors.base_headers(), origin))


@bp.post("/api/v1/buttons/<button_id>/token")
def token(button_id: str) -> tuple[dict, int, Headers]:
    """Issue a one-time call token to an allowed page, with the gateway to use it on."""
    button = enabled_button(button_id)
    g.allowed_origin = page_origin(button)
    # A challenge binds the page's origin as it came; an allowed one is normalized.
    origin = g.allowed_origin or (request.headers.get("Origin") or "")[:300]
    limiter = current_app.extensions[LIMITER]
    try:
        limiter.hit(request.remote_addr, button_id, button, origin=origin, proof=_proof())
    except ChallengeRequired:
        token_body()  # a malformed body is refused as such (400): no challenge would help it
        raise
    if button is None:
        raise NotFound(
            f"no button {button_id!r}", reason="no_button", params={"id": button_id[:64]}
        )
    if g.allowed_origin is None:
        message, reason = origin_refusal()
        raise OriginNotAllowed(message, reason=reason, button_id=button.id)
    origin, shown = g.allowed_origin, accepted_notice()
    now = utcnow()
    route, first = _route(button, now)
    config = current_app.config
    keys = config["TOKEN_KEYS"]
    binding = binding_claim(keys, config["TOKEN_BINDING"], parse_ip(request.remote_addr))
    token, jti = new_token(keys, button.id, origin, binding, route.id if route else None)
    # The visitor's acceptance of the notice is stored before the token leaves: no call without.
    consent.accept(get_db(), button, jti, origin, shown, now)
    if first is not None and route is not None:
        overflow.store_leg(get_db(), first, jti, route, now)
    else:
        context.store(get_db(), button, jti, route, token_body(), now)
    get_db().commit()
    log.info("token issued button=%s origin=%s", button.id, origin)
    metrics.token_issued()
    audit(button.id, "allowed", f"origin {origin}", details=said("page_origin", origin=origin))
    body = {
        "token": token,
        "expiresIn": config["TOKEN_MAX_AGE"],
        "gateway": {"url": button.gateway_url, "appKey": button.app_key},
        "reportKey": issue_report_key(keys, jti),
    }
    body |= _ice(button, jti, int(now.timestamp()))
    # The first leg of a route that overflows may ask for its overflow leg, once.
    if route is not None and first is None and overflow.overflow_route(get_db(), route):
        key = issue_overflow_key(keys, jti)
        body["overflow"] = {"key": key, "ringSeconds": route.ring_seconds}
    return body, 200, cors.allow(cors.base_headers(), origin)


def _proof() -> str | None:
    """Return the proof of work the request carries; a malformed body is refused later."""
    try:
        return token_body().get("proof")
    except InvalidInput:
        return None


def _route(button: Button, now: datetime) -> tuple[ButtonRoute | None, CallContext | None]:
    """Return the attempt's route and, for an overflow leg, the first leg's context, once the
    button passed its checks: an overflow leg's budget was spent by its first leg."""
    asked = token_body().get("overflowOf")
    if asked is None:
        gate.before_token(get_db(), button, now)
        return choose.choose(get_db(), button, token_body().get("route"), now), None
    gate.before_overflow(get_db(), button, now)
    jti = load_overflow_key(asked, current_app.config["TOKEN_KEYS"])
    return overflow.take(get_db(), button, jti, now)


def _ice(button: Button, jti: str, now: int) -> dict:
    """Return the attempt's TURN servers and policy (calltokens/turn.py); warn if it can't work."""
    config = current_app.config
    if button.relay_only and not config["TURN_URLS"]:
        log.warning("button %s is relay-only but CALLGATE_TURN_URLS is not set", button.id)
    lifetime = config["TOKEN_MAX_AGE"] + button.max_duration
    return ice_config(
        config["TURN_SECRET"],
        config["TURN_URLS"],
        jti,
        lifetime=lifetime,
        now=now,
        relay_only=button.relay_only,
    )

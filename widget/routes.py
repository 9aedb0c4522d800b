"""The call-token endpoint: `POST /api/v1/buttons/<id>/token`, limited, origin-checked, audited."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, Response, current_app, g, request
from werkzeug.datastructures import Headers

from addresses import masked, parse_ip
from audit.origins import claimed_origin
from audit.trail import record, record_repeated
from buttons.origins import OriginError, is_allowed, parse_origin
from buttons.store import get_button
from calltokens.binding import binding_claim
from calltokens.report_keys import issue_report_key
from calltokens.tokens import new_token
from db import EXTENSION as DB_EXTENSION
from db import get_db
from db.models import Button, utcnow
from errors import NotFound, Refused
from guardrails import gate
from ratelimit.limiter import EXTENSION as LIMITER
from ratelimit.limiter import TokenLimiter
from telemetry import metrics
from widget import cors

bp = Blueprint("tokens", __name__)
log = logging.getLogger(__name__)
ENDPOINT = "widget.tokens.token"


def init_app(app: Flask) -> None:
    """Open the token limits' storage (raises ConfigError if it cannot be used)."""
    engine = app.extensions[DB_EXTENSION].kw["bind"]
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith("memory:"):
        log.warning("rate limits in memory:// are per process; use the database or Redis")
    app.extensions[LIMITER] = TokenLimiter(uri, engine, app.config)


def enabled_button(button_id: str) -> Button | None:
    """Return the enabled button `button_id`, or None."""
    try:
        return get_button(get_db(), button_id, enabled_only=True)
    except NotFound:
        return None


def page_origin(button: Button | None) -> str | None:
    """Return the request's normalized Origin if `button` allows it, else None."""
    try:
        origin = parse_origin(request.headers.get("Origin"))
    except OriginError:
        return None
    return str(origin) if button and is_allowed(origin, button.origins) else None


def allowed_origin(button_id: str) -> tuple[Button, str]:
    """Return the enabled button and the page's allowed origin; raise NotFound or Refused."""
    button = get_button(get_db(), button_id, enabled_only=True)
    origin = page_origin(button)
    if origin is None:
        raise Refused(origin_refusal())
    return button, origin


def origin_refusal() -> str:
    """Say why the page's origin was refused: missing or malformed, or not on the allowlist."""
    try:
        parse_origin(request.headers.get("Origin"))
    except OriginError:
        return "this page's origin is missing or invalid"
    return "this site is not allowed to use this button"


def requester() -> str | None:
    """Return the requester's address, cut to its network prefix (a visitor's privacy)."""
    config = current_app.config
    return masked(
        parse_ip(request.remote_addr),
        config["VISITOR_IP_PREFIX_V4"],
        config["VISITOR_IP_PREFIX_V6"],
    )


def audit(
    button_id: str | None,
    outcome: str,
    reason: str,
    action: str = "token",
    *,
    promptly: bool = False,
    origin: str | None = None,
) -> None:
    """Record a token (or callback) decision with the requester's address, cut to its prefix."""
    ip = requester()
    record(
        get_db(),
        action,
        outcome,
        reason,
        promptly=promptly,
        button_id=button_id,
        client_ip=ip,
        source=ip,
        origin=origin,
    )


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
    current_app.extensions[LIMITER].hit(request.remote_addr, button_id, button)
    if button is None:
        raise NotFound(f"no button {button_id!r}")
    if g.allowed_origin is None:
        raise Refused(origin_refusal(), button_id=button.id)
    origin = g.allowed_origin
    gate.before_token(get_db(), button, utcnow())
    config = current_app.config
    keys = config["TOKEN_KEYS"]
    binding = binding_claim(keys, config["TOKEN_BINDING"], parse_ip(request.remote_addr))
    token, jti = new_token(keys, button.id, origin, binding)
    log.info("token issued button=%s origin=%s", button.id, origin)
    metrics.token_issued()
    audit(button.id, "allowed", f"origin {origin}")
    body = {
        "token": token,
        "expiresIn": config["TOKEN_MAX_AGE"],
        "gateway": {"url": button.gateway_url, "appKey": button.app_key},
        "reportKey": issue_report_key(keys, jti),
    }
    return body, 200, cors.allow(cors.base_headers(), origin)


AUDITED = {ENDPOINT: "token", "widget.visitors.callback": "callback"}


def audit_refusal(
    reason: str, code: str, *, repeated: bool = False, promptly: bool = False
) -> None:
    """Audit a refused token or callback request and count token refusals.

    The caller has rolled back the request's writes. A `repeated` refusal (over a limit) is
    counted in the requester's row for this minute; a `promptly` one (an outage) is dropped
    rather than wait for a lock. A single refusal's row keeps the origin the page claimed.
    """
    action = AUDITED.get(request.endpoint or "")
    if action == "token":
        metrics.token_refused(code)
    if not action:
        return
    button_id = (request.view_args or {}).get("button_id")
    if repeated:
        ip = requester()
        record_repeated(get_db(), action, reason, ip, button_id=button_id, client_ip=ip)
    else:
        origin = claimed_origin(request.headers.get("Origin"))
        audit(button_id, "refused", reason, action, promptly=promptly, origin=origin)

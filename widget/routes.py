"""The public API the widget calls: `POST /api/v1/buttons/<id>/token`."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, g, request

from addresses import parse_ip
from audit.record import record
from buttons.origins import OriginError, is_allowed, parse_origin
from buttons.store import get_button
from db import get_db
from db.models import Button, utcnow
from errors import CallgateError, Forbidden, api_error
from guardrails import gate
from guardrails.hours import Closed
from hooks.session_ids import truncate
from widget import cors
from widget.binding import binding_claim
from widget.tokens import issue_token

bp = Blueprint("widget", __name__)
log = logging.getLogger(__name__)


def allowed_origin(button_id: str) -> tuple[Button, str]:
    """Return the enabled button and the request's normalized Origin if allowed; else raise."""
    button = get_button(get_db(), button_id, enabled_only=True)
    try:
        origin = parse_origin(request.headers.get("Origin"))
    except OriginError:
        raise Forbidden("this page's origin is missing or invalid") from None
    if not is_allowed(origin, button.origins):
        raise Forbidden("this site is not allowed to use this button")
    return button, str(origin)


def audit(button_id: str | None, outcome: str, reason: str) -> None:
    """Record a token decision with the requester's address, cut to its network prefix."""
    config = current_app.config
    ip = truncate(
        parse_ip(request.remote_addr),
        config["VISITOR_IP_PREFIX_V4"],
        config["VISITOR_IP_PREFIX_V6"],
    )
    record(get_db(), "token", outcome, reason, button_id=button_id, client_ip=ip)


@bp.route("/api/v1/buttons/<button_id>/token", methods=["OPTIONS"], provide_automatic_options=False)
def token_preflight(button_id: str) -> Response:
    """Answer the CORS preflight for allowed origins only."""
    _, origin = allowed_origin(button_id)
    return Response(status=204, headers=cors.preflight(cors.base_headers(), origin))


@bp.post("/api/v1/buttons/<button_id>/token")
def token(button_id: str) -> tuple[dict, int, object]:
    """Issue a one-time call token to an allowed page, with the gateway to use it on."""
    button, origin = allowed_origin(button_id)
    g.allowed_origin = origin
    gate.before_token(get_db(), button, utcnow())
    config = current_app.config
    keys = config["TOKEN_KEYS"]
    binding = binding_claim(keys, config["TOKEN_BINDING"], parse_ip(request.remote_addr))
    token = issue_token(keys, button.id, origin, binding)
    log.info("token issued button=%s origin=%s", button.id, origin)
    audit(button.id, "allowed", f"origin {origin}")
    body = {
        "token": token,
        "expiresIn": config["TOKEN_MAX_AGE"],
        "gateway": {"url": button.gateway_url, "appKey": button.app_key},
    }
    return body, 200, cors.allow(cors.base_headers(), origin)


@bp.errorhandler(CallgateError)
def refuse(exc: CallgateError) -> tuple[dict, int, object]:
    """Answer refusals as `{"error", "message"}`, never cacheable; readable by allowed pages."""
    log.warning("api refused %s: %s", request.path, exc.message)
    headers = cors.base_headers()
    if request.endpoint == "widget.token":
        get_db().rollback()
        audit((request.view_args or {}).get("button_id"), "refused", exc.message)
    if g.get("allowed_origin"):
        # The origin passed: let the page read why (closed, kill switch) to tell its visitor.
        cors.allow(headers, g.allowed_origin)
    body, status = api_error(exc.status, exc.code, exc.message)
    if isinstance(exc, Closed):
        body["opensAt"] = exc.opens_at.isoformat() if exc.opens_at else None
    return body, status, headers

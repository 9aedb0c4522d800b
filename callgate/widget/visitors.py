"""What the widget sends besides token requests: callback requests and call reports.

`POST /api/v1/buttons/<id>/callbacks` `{phone, note}`: from an allowed page only, limited like
tokens (its own counters), audited; the answer never repeats the number.
`POST /api/v1/calls/report` `{key, quality?, consent?, rating?, tags?}`: the key from the token
answer names the call; the page must be the one that started it. Both read a JSON body sent as
`text/plain` too (a simple request, no preflight), and answer only the allowed origin.
"""

from __future__ import annotations

import json

from flask import Blueprint, Flask, Response, current_app, g, request
from werkzeug.datastructures import Headers

from callgate.audit.trail import said
from callgate.buttons.origins import OriginError, OriginNotAllowed, parse_origin
from callgate.buttons.texts import pick_language
from callgate.calltokens.report_keys import load_report_key
from callgate.db import EXTENSION as DB_EXTENSION
from callgate.db import get_db
from callgate.db.models import utcnow
from callgate.errors import InvalidInput
from callgate.ratelimit.limiter import TokenLimiter
from callgate.visitors import callbacks, reports
from callgate.widget import cors, requests

bp = Blueprint("visitors", __name__)
CALLBACK_LIMITER, REPORT_LIMITER = "callgate.callback_limiter", "callgate.report_limiter"
REPORT_LIMITS = {"RATE_LIMITS_IP": "30/minute;300/hour"} | {
    key: "" for key in ("RATE_LIMITS_PREFIX", "RATE_LIMITS_BUTTON", "RATE_LIMITS_GLOBAL")
}


def init_app(app: Flask) -> None:
    """Open the callback and report limits on the token limits' storage."""
    engine, uri = app.extensions[DB_EXTENSION].kw["bind"], app.config["RATELIMIT_STORAGE_URI"]
    app.extensions[CALLBACK_LIMITER] = TokenLimiter(
        uri, engine, callbacks.LIMITS | _prefix(app), "callback", use_overrides=False
    )
    app.extensions[REPORT_LIMITER] = TokenLimiter(
        uri, engine, REPORT_LIMITS | _prefix(app), "report", use_overrides=False
    )


def _prefix(app: Flask) -> dict[str, str]:
    """The installation's counter prefix (several installations may share one Redis)."""
    return {"RATE_LIMITS_NAMESPACE": app.config.get("RATE_LIMITS_NAMESPACE") or "callgate"}


def json_body() -> object:
    """Return the request body parsed as JSON; raise InvalidInput."""
    try:
        return json.loads(request.get_data(cache=False) or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidInput("the body must be JSON", reason="body_not_json") from None


@bp.route("/api/v1/buttons/<button_id>/callbacks", methods=["OPTIONS"])
def callback_preflight(button_id: str) -> Response:
    """Answer the CORS preflight for allowed origins only."""
    _, origin = requests.allowed_origin(button_id)
    return Response(status=204, headers=cors.preflight(cors.base_headers(), origin))


@bp.post("/api/v1/buttons/<button_id>/callbacks")
def callback(button_id: str) -> tuple[dict, int, Headers]:
    """Store a visitor's callback request for an enabled button, from an allowed page."""
    button = requests.enabled_button(button_id)
    g.allowed_origin = requests.page_origin(button)
    current_app.extensions[CALLBACK_LIMITER].hit(request.remote_addr, button_id, button)
    button, origin = requests.allowed_origin(button_id)
    language = pick_language(button.language, request.args.get("lang"))
    stored = callbacks.request_callback(
        get_db(),
        button,
        json_body(),
        current_app.config["CALLEE_COUNTRIES"],
        origin=origin,
        visitor_ip=requests.client_address(),
        language=language,
    )
    reason = f"callback request {stored.id} from {origin}"
    details = said("callback_request", n=stored.id, origin=origin)
    requests.audit(button.id, "allowed", reason, "callback", details=details)
    return {"status": "received"}, 201, cors.allow(cors.base_headers(), origin)


@bp.route("/api/v1/calls/report", methods=["OPTIONS"])
def report_preflight() -> Response:
    """Answer the preflight: any page may ask; the report itself is checked against its call."""
    origin = _origin()
    return Response(status=204, headers=cors.preflight(cors.base_headers(), origin))


@bp.post("/api/v1/calls/report")
def report() -> tuple[dict, int, Headers]:
    """Store quality figures, consent or rating with the call the report key names."""
    origin = _origin()
    current_app.extensions[REPORT_LIMITER].hit(request.remote_addr, "report", None)
    body = json_body()
    jti = load_report_key(body.get("key") if isinstance(body, dict) else None, _keys())
    checked = reports.check_report(body)
    reports.store_report(get_db(), jti, origin, checked, utcnow())
    g.allowed_origin = origin
    return {"status": "stored"}, 200, cors.allow(cors.base_headers(), origin)


def _origin() -> str:
    try:
        return str(parse_origin(request.headers.get("Origin")))
    except OriginError:
        raise OriginNotAllowed(
            "this page's origin is missing or invalid", reason="origin_invalid"
        ) from None


def _keys() -> list[str]:
    return current_app.config["TOKEN_KEYS"]

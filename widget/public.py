"""`GET /api/v1/buttons/<id>`: what the widget shows (looks, texts, SDK), nothing secret."""

from __future__ import annotations

from flask import current_app, request

from buttons.origins import OriginError, is_allowed, parse_origin
from buttons.store import appearance, get_button
from buttons.texts import pick_language, texts_for
from db import get_db
from db.models import utcnow
from errors import Forbidden
from guardrails.hours import button_opening
from widget import cors
from widget.asset_routes import SDK_EXTENSION
from widget.routes import bp


class OriginNotAllowed(Forbidden):
    """The page's origin is not on the button's allowlist."""

    code = "origin_not_allowed"


@bp.get("/api/v1/buttons/<button_id>")
def button_config(button_id: str) -> tuple[dict, int, object]:
    """Return the button's public config to a page on one of its allowed origins."""
    button = get_button(get_db(), button_id, enabled_only=True)
    headers = cors.base_headers()
    try:
        origin = str(parse_origin(request.headers.get("Origin")))
    except OriginError:
        raise OriginNotAllowed("this page's origin is missing or invalid") from None
    # Refusals are readable by the page too, so the button can say it is unavailable here.
    cors.allow(headers, origin)
    language = pick_language(button.language, request.args.get("lang"))
    if not is_allowed(parse_origin(origin), button.origins):
        # Only the built-in texts, so the page can tell its visitor; no look, no SDK.
        refusal = {"error": OriginNotAllowed.code, "message": "not allowed on this site"}
        return refusal | {"texts": texts_for(language, {})}, 403, headers
    sdk = current_app.extensions.get(SDK_EXTENSION)
    body = {"id": button.id, **appearance(button)}
    body["language"] = language
    closed_text = {"closed": button.closed_message} if button.closed_message else {}
    body["texts"] = texts_for(body["language"], body["texts"] | closed_text)
    opening = button_opening(button, utcnow())
    body |= {
        "open": opening.open,
        "opensAt": opening.opens_at.isoformat() if opening.opens_at else None,
        "closedMessage": body["texts"]["closed"],
        "fallback": button.fallback,
        "dtmf": button.dtmf,
    }
    body["sdk"] = {"path": sdk.url_path, "integrity": sdk.integrity} if sdk else None
    headers["Cache-Control"] = "private, max-age=60"
    return body, 200, headers

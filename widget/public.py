"""`GET /api/v1/buttons/<id>`: what the widget shows (looks, texts, SDK), nothing secret."""

from __future__ import annotations

from flask import Blueprint, request

from buttons.origins import OriginError, is_allowed, parse_origin
from buttons.store import appearance, get_button
from buttons.texts import pick_language, texts_for
from db import get_db
from db.models import Button, utcnow
from errors import Refused
from guardrails.opening import button_opening
from widget import cors
from widget.assets import installed_sdk

bp = Blueprint("public", __name__)


class OriginNotAllowed(Refused):
    """The page's origin is not on the button's allowlist."""

    code = "origin_not_allowed"


@bp.get("/api/v1/buttons/<button_id>")
@cors.any_origin(reflect=True)
def button_config(button_id: str) -> tuple[dict, int, dict]:
    """Return the button's public config to a page on one of its allowed origins.

    Refusals are readable by any page too, so the button can say it is unavailable there.
    """
    button = get_button(get_db(), button_id, enabled_only=True)
    try:
        origin = parse_origin(request.headers.get("Origin"))
    except OriginError:
        raise OriginNotAllowed("this page's origin is missing or invalid") from None
    language = pick_language(button.language, request.args.get("lang"))
    if not is_allowed(origin, button.origins):
        # Only the built-in texts, so the page can tell its visitor; no look, no SDK.
        refusal = {"error": OriginNotAllowed.code, "message": "not allowed on this site"}
        return refusal | {"texts": texts_for(language, {})}, 403, {"Cache-Control": "no-store"}
    return describe(button, language), 200, {"Cache-Control": "private, max-age=60"}


def describe(button: Button, language: str) -> dict:
    """Return the public config of `button` in `language`: looks, texts, hours, SDK."""
    sdk = installed_sdk()
    body = {"id": button.id, **appearance(button), "language": language}
    closed_text = {"closed": button.closed_message} if button.closed_message else {}
    body["texts"] = texts_for(language, body["texts"] | closed_text)
    opening = button_opening(button, utcnow())
    return body | {
        "open": opening.open,
        "opensAt": opening.opens_at.isoformat() if opening.opens_at else None,
        "closedMessage": body["texts"]["closed"],
        "fallback": button.fallback,
        "dtmf": button.dtmf,
        "sdk": {"path": sdk.url_path, "integrity": sdk.integrity} if sdk else None,
    }

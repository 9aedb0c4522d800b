"""`GET /api/v1/buttons/<id>`: what the widget shows (looks, texts, SDK), nothing secret.

`?view=button` is the lean answer the loader asks for before the visitor shows any intent:
the look, whether it is open, and only the texts the bare button needs; if open the SDK to
preload, if closed the closed message. The full answer (every text, hours, the owner's
switches) comes with the panel, on intent.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from buttons.origins import OriginError, is_allowed, parse_origin
from buttons.schedule import format_hours
from buttons.store import appearance, get_button
from buttons.texts import pick_language, texts_for
from db import get_db
from db.models import Button, utcnow
from errors import Refused
from guardrails.opening import button_opening
from guardrails.slots import all_taken
from widget import cors
from widget.assets import installed_sdk, json_response

bp = Blueprint("public", __name__)
REFUSED_TEXTS = ("call", "notallowed")
LEAN_KEYS = ("label", "color", "textColor", "position", "open", "opensAt")  # what the loader reads


class OriginNotAllowed(Refused):
    """The page's origin is not on the button's allowlist."""

    code = "origin_not_allowed"


@bp.get("/api/v1/buttons/<button_id>")
@cors.any_origin(reflect=True)
def button_config(button_id: str) -> Response:
    """Return the button's public config to a page on one of its allowed origins.

    Refusals are readable by any page too, so the button can say it is unavailable there.
    """
    button = get_button(get_db(), button_id, enabled_only=True)
    try:
        origin = parse_origin(request.headers.get("Origin"))
    except OriginError:
        raise OriginNotAllowed("this page's origin is missing or invalid") from None
    language = pick_language(button.language, request.args.get("lang"))
    lean = request.args.get("view") == "button"
    if not is_allowed(origin, button.origins):
        # Only the built-in texts, so the page can tell its visitor; no look, no SDK.
        texts = texts_for(language, {})
        refusal = {"error": OriginNotAllowed.code, "message": "not allowed on this site"}
        body = refusal | {"texts": _only(texts, REFUSED_TEXTS) if lean else texts}
        return json_response(body, 403, {"Cache-Control": "no-store"})
    body = describe_button(button, language) if lean else describe(button, language)
    return json_response(body, 200, {"Cache-Control": "private, max-age=60"})


#: At most this many characters of the closed message go into the lean config.
NAME_TEXT = 80


def describe_button(button: Button, language: str) -> dict:
    """Return the lean config: the look, and the SDK to preload if open, else the closed text."""
    full = describe(button, language)
    keys: tuple[str, ...] = (*LEAN_KEYS, "sdk")
    texts: tuple[str, ...] = ("call",)
    if not full["open"]:  # no call to make, so no SDK; the closed text goes in the button's name
        keys, texts = LEAN_KEYS, ("call", "closed")
    lean = _only(full["texts"], texts)
    if "closed" in lean:
        lean["closed"] = _short(lean["closed"])
    return {key: full[key] for key in keys} | {"texts": lean}


def _short(text: str) -> str:
    """Cut a long closed message for the button's name; the panel shows it whole on intent.

    However long the owner's message, what loads before intent stays within its byte budget.
    """
    if len(text) <= NAME_TEXT:
        return text
    cut = text[: NAME_TEXT - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[NAME_TEXT // 2 :] else cut).rstrip(" ,.;:") + "…"


def describe(button: Button, language: str) -> dict:
    """Return the public config of `button` in `language`: looks, texts, hours, switches, SDK."""
    sdk = installed_sdk()
    body = {"id": button.id, **appearance(button), "language": language}
    closed_text = {"closed": button.closed_message} if button.closed_message else {}
    body["texts"] = texts_for(language, body["texts"] | closed_text)
    now = utcnow()
    opening = button_opening(button, now)
    hours = format_hours(button.schedule)
    return body | {
        "open": opening.open,
        "opensAt": opening.opens_at.isoformat() if opening.opens_at else None,
        "hours": None if hours == "closed" else hours,
        "timezone": button.timezone,
        "closedMessage": body["texts"]["closed"],
        "fallback": button.fallback,
        "dtmf": button.dtmf,
        "busy": all_taken(get_db(), button, now),
        "precheck": button.precheck,
        "callback": button.callback,
        "consent": button.consent_text,
        "rating": button.rating,
        "sdk": {"path": sdk.url_path, "integrity": sdk.integrity} if sdk else None,
    }


def _only(texts: dict[str, str], keys: tuple[str, ...]) -> dict[str, str]:
    return {key: texts[key] for key in keys}

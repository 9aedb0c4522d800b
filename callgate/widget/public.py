"""`GET /api/v1/buttons/<id>`: what the widget shows (looks, texts, SDK), nothing secret.

`?view=button` is the lean answer the loader asks for before the visitor shows any intent:
the look, whether it is open, and only the texts the bare button needs; if open the SDK to
preload, if closed the closed message. The full answer (every text, hours, the owner's
switches) comes with the panel, on intent.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, request

from callgate.buttons.origins import OriginError, OriginNotAllowed, is_allowed, parse_origin
from callgate.buttons.public import public_config, values_of
from callgate.buttons.store import get_button
from callgate.buttons.texts import pick_language, texts_for
from callgate.db import get_db
from callgate.db.models import Button, utcnow
from callgate.guardrails.opening import button_opening
from callgate.guardrails.slots import all_taken
from callgate.routes.choose import public_routes
from callgate.routes.store import context_settings
from callgate.routes.texts import context_texts
from callgate.widget import cors
from callgate.widget.assets import installed_sdk, json_response

bp = Blueprint("public", __name__)
REFUSED_TEXTS = ("call", "notallowed")
LEAN_KEYS = ("label", "color", "textColor", "position", "open", "opensAt")  # what the loader reads


@bp.get("/api/v1/buttons/<button_id>")
@cors.any_origin(reflect=True)
def button_config(button_id: str) -> Response:
    """Return the button's public config to a page on one of its allowed origins.

    Refusals are readable by any page too, so the button can say it is unavailable there.
    A request without an Origin (a direct visit, a server) gets the config: nothing in it is
    secret, a script can send any Origin anyway, and a page elsewhere cannot read an answer
    without sending its own Origin. An Origin that is malformed or `null` is refused.
    """
    button = get_button(get_db(), button_id, enabled_only=True)
    sent = request.headers.get("Origin")
    try:
        origin = parse_origin(sent) if sent is not None else None
    except OriginError:
        raise OriginNotAllowed(
            "this page's origin is missing or invalid", reason="origin_invalid"
        ) from None
    language = pick_language(button.language, request.args.get("lang"))
    lean = request.args.get("view") == "button"
    if origin is not None and not is_allowed(origin, button.origins):
        # Only the built-in texts, so the page can tell its visitor; no look, no SDK.
        texts = texts_for(language, {})
        refusal = {"error": OriginNotAllowed.code, "message": "not allowed on this site"}
        body = refusal | {"texts": _only(texts, REFUSED_TEXTS) if lean else texts}
        return json_response(body, 403, {"Cache-Control": "no-store"})
    body = describe_button(button, language) if lean else describe(button, language)
    # An answer to no Origin is not kept, so no cached copy answers a page (flask-cors varies
    # the others by Origin).
    cache = "private, max-age=60" if origin is not None else "no-store"
    return json_response(body, 200, {"Cache-Control": cache})


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
    now = utcnow()
    opening = button_opening(button, now)
    body = public_config(
        button.id, values_of(button), language, is_open=opening.open, opens_at=opening.opens_at
    )
    return body | {
        "busy": all_taken(get_db(), button, now),
        **_context(button, language, now, body["texts"]),
        "sdk": {"path": sdk.url_path, "integrity": sdk.integrity} if sdk else None,
    }


def _context(button: Button, language: str, now: datetime, texts: dict) -> dict:
    """Return `routes` and `askName` for a button that has them; nothing for one without.

    Such a button's texts gain the pre-call form's (added to `texts`).
    """
    routes = public_routes(get_db(), button, language, now)
    ask = context_settings(get_db(), button.id).ask_name
    if routes or ask != "off":
        texts.update(context_texts(language))
    return ({"routes": routes} if routes else {}) | ({"askName": ask} if ask != "off" else {})


def _only(texts: dict[str, str], keys: tuple[str, ...]) -> dict[str, str]:
    return {key: texts[key] for key in keys}

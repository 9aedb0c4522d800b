"""The live preview: the real widget.js, drawn from the editor's unsaved values, in a sandbox.

The editor's script reloads this page in an `<iframe sandbox="allow-scripts">` as the owner
types. The page hands the widget its config as JSON (the widget's preview mode): the same
shape as the public button config, built with the same checks, so the widget fetches nothing,
asks for no microphone and starts no call; this page's CSP forbids every connection anyway.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import MultiDict

from buttons import validate
from buttons.callee import CalleeRules
from buttons.schedule import format_hours
from buttons.store import DEFAULTS
from buttons.texts import pick_language, texts_for
from console.button_form import READERS, read_texts
from db.models import BUSINESS_HOURS, utcnow
from errors import CallgateError
from guardrails.opening import opening

bp = Blueprint("preview", __name__)
STATES = ("idle", "connecting", "ringing", "incall", "ended", "failed", "closed")
LOOKS = ("label", "color", "text_color", "position", "language", "closed_message", "fallback")
FLAGS = ("dtmf", "precheck", "callback", "rating")
LOOKS_AND_HOURS = LOOKS + ("timezone", "consent_text")


def looks(form: MultiDict) -> dict[str, Any]:
    """Return the valid look, text and hours fields of `form`; a bad one keeps its default."""
    fields: dict[str, Any] = {
        "color": DEFAULTS["color"],
        "text_color": DEFAULTS["text_color"],
        "position": DEFAULTS["position"],
        "language": DEFAULTS["language"],
        "timezone": "UTC",
        "schedule": dict(BUSINESS_HOURS),
        "holidays": [],
    }
    raw: dict[str, Any] = {name: form.get(name, "") for name in LOOKS_AND_HOURS}
    raw |= {flag: form.get(flag) == "on" for flag in FLAGS}
    raw["texts"] = read_texts(form)
    for name in ("schedule", "holidays"):
        raw[name] = lambda reader=READERS[name][1]: reader(form)
    for name, value in raw.items():
        try:
            fields |= validate.clean({name: value() if callable(value) else value}, CalleeRules())
        except CallgateError:
            continue
    return fields


def config(fields: dict[str, Any], visitor_language: str, state: str) -> dict[str, Any]:
    """Return the widget config for `fields`, as the public config answer would say it."""
    language = pick_language(fields["language"], visitor_language)
    closed = {"closed": fields["closed_message"]} if fields.get("closed_message") else {}
    texts = texts_for(language, fields.get("texts", {}) | closed)
    now = opening(fields["timezone"], fields["schedule"], fields["holidays"], utcnow())
    return {
        "id": "preview",
        "label": fields.get("label"),
        "color": fields["color"],
        "textColor": fields["text_color"],
        "position": fields["position"],
        "language": language,
        "texts": texts,
        "open": now.open,
        "opensAt": now.opens_at.isoformat() if now.opens_at else None,
        "closedMessage": texts["closed"],
        "hours": format_hours(fields["schedule"]),
        "timezone": fields["timezone"],
        "fallback": fields.get("fallback"),
        "dtmf": fields.get("dtmf", False),
        "busy": False,
        "precheck": fields.get("precheck", False),
        "callback": fields.get("callback", False),
        "consent": fields.get("consent_text"),
        "rating": fields.get("rating", False),
        "sdk": None,
        "previewState": state if state != "idle" or now.open else "closed",
    }


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@bp.get("/preview")
def page() -> Response:
    """Draw the widget as the editor's values say, in the language and state asked for."""
    args = request.args
    state = args.get("preview_state", "idle")
    state = state if state in STATES else "idle"
    lang = args.get("preview_lang", "en")
    lang = lang if lang in ("en", "ru") else "en"
    fields = looks(args)
    public = current_app.config["PUBLIC_URL"].rstrip("/")
    body = render_template(
        "console/preview.html",
        config=config(fields, lang, state),
        widget=f"{public}/widget.js",
        inline=fields["position"] == "inline",
        lang=lang,
    )
    response = Response(body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; script-src {_origin(public)}; "
        f"style-src {_origin(request.host_url)}; img-src data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response

"""The live preview: the real widget.js, drawn from the editor's unsaved values, in a sandbox.

The editor's script reloads this page in an `<iframe sandbox="allow-scripts">` as the owner
types. The page hands the widget its config as JSON (the widget's preview mode), built by the
public config's own builder (buttons/public.py) from values passed through the same checks, so
the widget fetches nothing, asks for no microphone and starts no call; this page's CSP forbids
every connection anyway.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import MultiDict

from callgate.buttons import validate
from callgate.buttons.callee import CalleeRules
from callgate.buttons.field_row import Field
from callgate.buttons.fields import FIELDS as TABLE
from callgate.buttons.public import OPENING, PUBLIC, language_for, public_config
from callgate.console.button_form import READERS, read_texts, typed
from callgate.console.changes import FIELDS
from callgate.console.field_errors import say
from callgate.console.i18n import gettext as _
from callgate.db.models import utcnow
from callgate.errors import CallgateError
from callgate.guardrails.opening import opening

bp = Blueprint("preview", __name__)
STATES = ("idle", "connecting", "ringing", "incall", "ended", "failed", "closed")
#: What the preview draws: the public config's fields and what decides the opening.
PREVIEWED = tuple(field for field in TABLE if field.name in (*PUBLIC, *OPENING))
FLAGS = tuple(field.name for field in PREVIEWED if field.form == "flag")


def _raw(form: MultiDict, field: Field) -> object:
    """Return what `form` says for a previewed field, ready for its check."""
    if field.form == "flag":
        return form.get(field.name) == "on"
    if field.form == "texts":
        return read_texts(form)
    if field.name in READERS:
        return READERS[field.name][1](form)
    return typed(form, field.name)


def looks(form: MultiDict, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the valid look, text and hours fields of `form`; a bad one keeps its default.

    What each bad one's error says goes into `errors`, by the field's name in words, so the
    preview can tell the owner why it draws a default instead of what they typed.
    """
    fields: dict[str, Any] = {f.name: f.default for f in PREVIEWED if f.default is not None}
    fields = copy.deepcopy(fields)
    for field in PREVIEWED:
        try:
            fields |= validate.clean({field.name: _raw(form, field)}, CalleeRules())
        except CallgateError as exc:
            name = field.name
            typed_in = form.get(READERS[name][0] if name in READERS else name, "")
            if errors is not None and typed_in.strip():
                errors[_(FIELDS.get(name, name))] = say(exc)
    return fields


def config(fields: dict[str, Any], visitor_language: str, state: str) -> dict[str, Any]:
    """Return the widget config for `fields`, as the public config answer would say it."""
    language = language_for(fields, visitor_language)
    now = opening(fields["timezone"], fields["schedule"], fields["holidays"], utcnow())
    body = public_config("preview", fields, language, is_open=now.open, opens_at=now.opens_at)
    return body | {
        "busy": False,
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
    errors: dict[str, str] = {}
    fields = looks(args, errors)
    public = current_app.config["PUBLIC_URL"].rstrip("/")
    body = render_template(
        "console/preview.html",
        errors=errors,
        _=_,
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

"""Serve `/widget.js` (short cache, stable URL) and the SDK (versioned, cached for a year)."""

from __future__ import annotations

from flask import Response, abort, current_app, send_file

from widget.assets import SDK_FILE, WIDGET_JS
from widget.routes import bp

SDK_EXTENSION = "callgate.sdk"


def _public(response: Response) -> Response:
    # Any page may load these scripts; CORS is needed for `integrity` checks to work.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/widget.js")
def widget_js() -> Response:
    """Serve the embeddable button script."""
    response = send_file(WIDGET_JS, mimetype="text/javascript", max_age=300, conditional=True)
    return _public(response)


@bp.get(f"/sdk/<version>/{SDK_FILE}")
def sdk(version: str) -> Response:
    """Serve the pinned SDK bundle under its version; other versions are 404."""
    installed = current_app.extensions.get(SDK_EXTENSION)
    if installed is None or version != installed.version:
        abort(404)
    response = send_file(installed.path, mimetype="text/javascript", max_age=31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return _public(response)

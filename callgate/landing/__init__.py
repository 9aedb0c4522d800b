"""The landing face: the installation's own page at `/` (what it is, the embed tag, the API)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, render_template

bp = Blueprint("landing", __name__)
#: Our own pages load nothing from elsewhere, run no script, and are never framed.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


@bp.get("/")
def index() -> Response:
    """Say what this installation is and how a site owner embeds a button."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    page = render_template("landing.html", base=base)
    response = Response(page, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def init_app(app: Flask) -> None:
    """Serve `/`."""
    app.register_blueprint(bp)

"""The widget face: what the embedded button talks to (its script, the SDK, config, tokens)."""

from __future__ import annotations

from flask import Blueprint, Flask

from widget import assets, public, refusals, routes, visitors

bp = Blueprint("widget", __name__)
for part in (assets.bp, public.bp, routes.bp, visitors.bp):
    bp.register_blueprint(part)
refusals.register(bp)


def init_app(app: Flask) -> None:
    """Find the SDK and the build, open the limits, and serve the widget's URLs."""
    assets.init_app(app)
    routes.init_app(app)
    visitors.init_app(app)
    app.register_blueprint(bp)

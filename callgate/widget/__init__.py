"""The widget face: what the embedded button talks to (its script, the SDK, config, tokens)."""

from __future__ import annotations

from flask import Blueprint, Flask

from callgate.widget import assets, public, refusals, requests, tokens, visitors

bp = Blueprint("widget", __name__)
for part in (assets.bp, public.bp, tokens.bp, visitors.bp):
    bp.register_blueprint(part)
refusals.register(bp)


def init_app(app: Flask) -> None:
    """Find the SDK and the build, open the limits, count the refusals a flood repeats, and
    serve the widget's URLs."""
    assets.init_app(app)
    tokens.init_app(app)
    visitors.init_app(app)
    requests.init_app(app)
    app.register_blueprint(bp)

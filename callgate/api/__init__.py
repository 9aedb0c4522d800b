"""The management API face: /api/v1/manage/ for API keys (Bearer), JSON in and out."""

from __future__ import annotations

from flask import Flask

from callgate.api import base, buttons, callbacks, calls, openapi, webhooks
from callgate.db import engine_of
from callgate.ratelimit.api_keys import KeyLimiter

for part in (buttons.bp, calls.bp, callbacks.bp, webhooks.bp):
    base.bp.register_blueprint(part, url_prefix=base.MANAGE)
base.bp.register_blueprint(openapi.bp)


def init_app(app: Flask) -> None:
    """Open the per-key limits' storage and serve /api/v1/manage/; raise ConfigError."""
    config = app.config
    app.extensions[base.LIMITER] = KeyLimiter(
        config["RATELIMIT_STORAGE_URI"],
        engine_of(app),
        config["API_RATE_LIMITS"],
        config["RATE_LIMITS_NAMESPACE"],
    )
    app.register_blueprint(base.bp)

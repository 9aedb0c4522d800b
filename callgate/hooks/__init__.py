"""The hooks face: the REST hooks WCS calls (signed connect, call, status events), default deny."""

from __future__ import annotations

import logging

from flask import Flask

from callgate.hooks import metrics, refusals, routes

refusals.register(routes.bp)
metrics.register(routes.bp)


def init_app(app: Flask) -> None:
    """Serve `/hooks/wcs/<method>`; without a hook secret, say loudly that all are refused."""
    if not app.config["WCS_HOOK_SECRETS"]:
        logging.getLogger("callgate").error(
            "CALLGATE_WCS_HOOK_SECRETS is not set: every WCS hook request will be refused"
        )
    app.register_blueprint(routes.bp)

"""The hooks face: the REST hooks WCS calls (signed connect, call, status events), default deny."""

from __future__ import annotations

import logging

from flask import Flask

from callgate.audit import tally
from callgate.hooks import auditing, gate, metrics, refusals, routes

#: Where the app keeps its tally of refused hooks (audit/tally.py).
TALLY = "callgate.refusal_tally"

refusals.register(routes.bp)
metrics.register(routes.bp)


def init_app(app: Flask) -> None:
    """Serve `/hooks/wcs/<method>` behind the front gate, which refuses unsigned and foreign
    hooks before Flask; without a hook secret, say loudly that all are refused."""
    if not app.config["WCS_HOOK_SECRETS"]:
        logging.getLogger("callgate").error(
            "CALLGATE_WCS_HOOK_SECRETS is not set: every WCS hook request will be refused"
        )
    app.register_blueprint(routes.bp)

    def write(rows: list) -> None:
        with app.app_context():
            auditing.count_refusals(rows)

    every = app.config["REFUSAL_FLUSH_SECONDS"]
    counted = app.extensions[TALLY] = tally.Tally(write, every, "callgate.hooks.routes", "hook")
    # Flask documents wrapping `wsgi_app` like this; its stubs see a plain method.
    app.wsgi_app = gate.HookGate(app.wsgi_app, app, counted)  # type: ignore[method-assign]

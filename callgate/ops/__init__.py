"""The ops face: what load balancers and monitoring talk to (/healthz, /readyz, /metrics)."""

from __future__ import annotations

from flask import Flask

from callgate.addresses import parse_networks
from callgate.ops import readiness, routes
from callgate.vault import redact


def init_app(app: Flask) -> None:
    """Serve the health, readiness and metrics endpoints; keep the metrics token out of logs."""
    config = app.config
    redact.KNOWN.remember(config["METRICS_TOKEN"])
    app.extensions[routes.METRICS_NETWORKS] = parse_networks(config["METRICS_CIDRS"])
    app.extensions[readiness.EXTENSION] = readiness.probe_for(app)
    app.register_blueprint(routes.bp)

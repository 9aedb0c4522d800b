"""`GET /healthz`, `GET /readyz` (unauthenticated, revealing nothing) and `GET /metrics`."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, request
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from werkzeug.exceptions import NotFound

from callgate.addresses import in_networks, parse_ip
from callgate.db import get_db
from callgate.db.models import utcnow
from callgate.guardrails import slots
from callgate.ops.readiness import EXTENSION as READINESS
from callgate.telemetry import exposition

bp = Blueprint("ops", __name__)
METRICS_NETWORKS = "callgate.metrics_networks"
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


@bp.get("/healthz")
def healthz() -> tuple[dict, int, dict]:
    """Say that the process answers; nothing else is checked or told."""
    return {"status": "ok"}, 200, NO_STORE


@bp.get("/readyz")
def readyz() -> tuple[dict, int, dict]:
    """Say 200 if the database and the limit counters answer in time, else 503, with no detail."""
    if current_app.extensions[READINESS].ready():
        return {"status": "ready"}, 200, NO_STORE
    return {"status": "unavailable"}, 503, NO_STORE


@bp.get("/metrics")
def metrics() -> Response:
    """Serve the Prometheus metrics to the bearer of CALLGATE_METRICS_TOKEN or an allowed
    network (CALLGATE_METRICS_CIDRS); to anyone else this URL does not exist (404)."""
    if not metrics_allowed(request.headers.get("Authorization"), request.remote_addr):
        raise NotFound()
    body = exposition.render(lambda: slots.active(get_db(), utcnow()))
    return Response(body, headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4, **NO_STORE})


def metrics_allowed(authorization: str | None, remote_addr: str | None) -> bool:
    """Return True for `Bearer <CALLGATE_METRICS_TOKEN>` (constant time) or an allowed client."""
    token = current_app.config["METRICS_TOKEN"]
    if token and authorization and authorization[:7].lower() == "bearer ":
        offered = authorization[7:].strip().encode("utf-8", "replace")
        if hmac.compare_digest(offered, token.encode("utf-8")):
            return True
    return in_networks(parse_ip(remote_addr), current_app.extensions[METRICS_NETWORKS])

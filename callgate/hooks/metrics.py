"""Count every hook answer by method and status, and time it, for /metrics."""

from __future__ import annotations

import time

from flask import Blueprint, Response, g, request

from callgate.hooks import routes
from callgate.telemetry import metrics


def measure(response: Response) -> Response:
    """Count the answer and its latency since the request began (refusals included)."""
    started = g.get("request_started")
    seconds = time.perf_counter() - started if started else 0.0
    method = (request.view_args or {}).get("method") or ""
    metrics.hook_answered(method, routes.HANDLERS, response.status_code, seconds)
    return response


def register(bp: Blueprint) -> None:
    """Measure every answer under `bp`."""
    bp.after_request(measure)

"""Abuse limits on `POST /api/v1/buttons/<id>/token` with Flask-Limiter, one limiter per app.

Each request counts per client address, per /24 or /64, per button and globally (see
ratelimit/rules.py), in fixed windows kept in shared storage (the database by default). Over a
limit: 429 with Retry-After. Counters unreachable: 503, never a token (fail closed).
"""

from __future__ import annotations

import logging
import math
import time
from functools import partial

from flask import Flask, current_app, g, request
from flask_limiter import Limiter, RateLimitExceeded
from limits.errors import ConfigurationError, StorageError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import Headers

from addresses import network_of, parse_ip
from buttons.store import get_button
from config import ConfigError
from db import EXTENSION as DB_EXTENSION
from db import get_db
from db.models import Button
from errors import CallgateError, api_error
from ratelimit import rules
from ratelimit.storage import SCHEME
from widget import cors
from widget.routes import allowed_origin, audit

EXTENSION = "callgate.limiter"
ENDPOINT = "widget.token"
log = logging.getLogger(__name__)


def client_key() -> str:
    """Return the client's address as the per-IP key (IPv4-mapped IPv6 as IPv4)."""
    address = parse_ip(request.remote_addr)
    return str(address) if address else f"unparsed:{(request.remote_addr or '')[:64]}"


def prefix_key() -> str:
    """Return the client's /24 (IPv4) or /64 (IPv6) network as the per-prefix key."""
    address = parse_ip(request.remote_addr)
    return network_of(address) if address else client_key()


KEYS = {
    "ip": client_key,
    "prefix": prefix_key,
    "button": lambda: (request.view_args or {})["button_id"],
    "global": lambda: "all",
}


def _button() -> Button | None:
    if "limited_button" not in g:
        button_id = (request.view_args or {}).get("button_id")
        try:
            g.limited_button = get_button(get_db(), button_id, enabled_only=True)
        except CallgateError:
            g.limited_button = None
    return g.limited_button


def limits_now(kind: str) -> str:
    """Return the limits of `kind` for this request's button ("" turns the kind off)."""
    button = _button()
    if kind == "button" and button is None:
        return ""  # an unknown id gets 404 anyway; no counter for made-up ids
    return rules.limits_for(kind, current_app.config, button.token_limits if button else None)


def init_app(app: Flask) -> None:
    """Wrap the token view in the four kinds of limits and answer 429 and 503 as JSON."""
    limiter = _limiter(app)
    view = app.view_functions[ENDPOINT]
    for kind, key in KEYS.items():
        view = limiter.shared_limit(partial(limits_now, kind), scope=kind, key_func=key)(view)
    app.view_functions[ENDPOINT] = view
    try:
        limiter.init_app(app)
    except ConfigurationError as exc:
        raise ConfigError(f"CALLGATE_RATELIMIT_STORAGE_URI: {exc}") from None
    app.extensions[EXTENSION] = limiter
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)  # its INFO lines hold full IPs
    app.register_error_handler(RateLimitExceeded, too_many)
    app.register_error_handler(StorageError, storage_down)


def _limiter(app: Flask) -> Limiter:
    uri = app.config["RATELIMIT_STORAGE_URI"]
    options: dict = {"wrap_exceptions": True}
    if uri.startswith(f"{SCHEME}:"):
        options["engine"] = app.extensions[DB_EXTENSION].kw["bind"]
    elif uri.startswith("memory:"):
        log.warning("rate limits in memory:// are per process; use the database or Redis")
    # Passed explicitly so no RATELIMIT_* setting can make the limits fail open.
    return Limiter(
        client_key,
        storage_uri=uri,
        storage_options=options,
        strategy="fixed-window",
        swallow_errors=False,
        in_memory_fallback_enabled=False,
        fail_on_first_breach=True,
        headers_enabled=False,
    )


def too_many(exc: RateLimitExceeded) -> tuple[dict, int, Headers]:
    """Answer a breached limit: 429, Retry-After, readable by allowed pages; audit which."""
    kind = exc.limit.scope if isinstance(exc.limit.scope, str) else "?"
    retry = _retry_after(exc)
    log.warning("token refused: rate limit %s (%s)", kind, exc.limit.limit)
    headers = _headers()
    headers["Retry-After"] = str(retry)
    _audit(f"rate limit {kind}")
    message = f"too many call requests ({kind} limit); try again in {retry} s"
    return (*api_error(429, "rate_limited", message), headers)


def storage_down(exc: StorageError) -> tuple[dict, int, Headers]:
    """Answer 503 when the limit counters cannot be read or written: no token without them."""
    log.error("rate limit storage unavailable: %s", type(exc.storage_error).__name__)
    headers = _headers()
    _audit("rate limit storage unavailable")
    return (*api_error(503, "unavailable", "service unavailable"), headers)


def _retry_after(exc: RateLimitExceeded) -> int:
    limit = current_app.extensions[EXTENSION].current_limit
    try:
        window = limit.window.reset_time - time.time() if limit else None
    except StorageError:
        # The breach was counted, so the storage was there a moment ago: say a whole window.
        window = None
    return max(1, math.ceil(window if window is not None else exc.limit.limit.get_expiry()))


def _headers() -> Headers:
    """Return the refusal's headers, with CORS only if the page's origin is allowed."""
    headers = cors.base_headers()
    try:
        _, origin = allowed_origin((request.view_args or {}).get("button_id", ""))
    except (CallgateError, SQLAlchemyError):
        get_db().rollback()
        return headers
    return cors.allow(headers, origin)


def _audit(reason: str) -> None:
    if request.endpoint == ENDPOINT:
        audit((request.view_args or {}).get("button_id"), "refused", reason)

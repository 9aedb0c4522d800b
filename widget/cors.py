"""CORS headers for the token endpoint, from the button's own allowlist.

The view refuses disallowed origins itself; these headers only let allowed pages read the
answer. No credentials are ever allowed: the endpoint uses no cookies.
"""

from __future__ import annotations

from werkzeug.datastructures import Headers

PREFLIGHT_MAX_AGE = 600


def base_headers() -> Headers:
    """Headers every token-endpoint answer carries, allowed or not."""
    return Headers({"Vary": "Origin", "Cache-Control": "no-store"})


def allow(headers: Headers, origin: str) -> Headers:
    """Add the headers that let exactly `origin` read the answer."""
    headers["Access-Control-Allow-Origin"] = origin
    return headers


def preflight(headers: Headers, origin: str) -> Headers:
    """Add the preflight answer for `origin`: POST with a JSON body, cached briefly."""
    allow(headers, origin)
    headers["Access-Control-Allow-Methods"] = "POST"
    headers["Access-Control-Allow-Headers"] = "Content-Type"
    headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return headers

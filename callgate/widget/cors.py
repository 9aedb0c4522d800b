"""CORS for the widget API, decided here and nowhere else.

The script, the SDK and the public button config are the same for every page that may ask:
flask-cors answers them (any origin, never credentials). The token endpoint's answer may be
read only by a page on the button's allowlist, decided per request, which flask-cors cannot
express; these helpers add exactly that origin. No credentials are ever allowed: the widget
uses no cookies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_cors import cross_origin
from werkzeug.datastructures import Headers

PREFLIGHT_MAX_AGE = 600


def any_origin(*, reflect: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let any page read a view's answer without credentials; `reflect` echoes its Origin.

    A reflected origin comes with `Vary: Origin`, for answers that depend on the page.
    """
    return cross_origin(
        origins="*",
        send_wildcard=not reflect,
        supports_credentials=False,
        methods=["GET"],
        automatic_options=True,
    )


def base_headers() -> Headers:
    """Headers every token-endpoint answer carries, allowed or not.

    Retry-After is exposed so that an allowed page can read how long a 429 lasts.
    """
    return Headers(
        {
            "Vary": "Origin",
            "Cache-Control": "no-store",
            "Access-Control-Expose-Headers": "Retry-After",
        }
    )


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

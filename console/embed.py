"""Embed: the tag to copy, the CSP lines the host page needs, and an origin check for a URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue

from buttons.origins import OriginError, is_allowed, parse_origin
from console import access
from console.base import page
from console.i18n import gettext as _

bp = Blueprint("embed", __name__)


def snippet(button_id: str) -> str:
    """Return the tag a site owner pastes for `button_id` (the CLI prints the same)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f'<script async src="{base}/widget.js" data-button="{button_id}"></script>'


def csp_lines(gateway_url: str) -> list[str]:
    """Return the CSP directives a host page with a strict policy must allow."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    parts = urlsplit(gateway_url)
    gateway = f"{parts.scheme}://{parts.netloc}"
    return [f"script-src {base};", f"connect-src {base} {gateway};"]


def check_url(text: str, allowlist: list[str]) -> tuple[str | None, bool, str | None]:
    """Return the origin of a page URL, whether the button allows it, and an error if any."""
    text = text.strip()
    try:
        parts = urlsplit(text)
        origin = parse_origin(f"{parts.scheme}://{parts.netloc}" if parts.netloc else text)
    except (OriginError, ValueError):
        return None, False, _("Write a whole page address, like https://www.example.com/contact")
    return str(origin), is_allowed(origin, allowlist), None


@bp.get("/buttons/<button_id>/embed", endpoint="page")
def embed_page(button_id: str) -> ResponseReturnValue:
    """Show the tag, the CSP lines and, for `?url=`, whether that page may use the button."""
    button = access.button_to_view(button_id)
    url = request.args.get("url", "")[:2000]
    origin, allowed, error = check_url(url, button.origins) if url else (None, False, None)
    return page(
        "embed.html",
        button=button,
        snippet=snippet(button.id),
        csp=csp_lines(button.gateway_url),
        url=url,
        origin=origin,
        allowed=allowed,
        error=error,
        created=request.args.get("created") == "1",
    )

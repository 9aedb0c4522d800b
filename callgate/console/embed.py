"""Embed: the tag to copy, the CSP lines the host page needs, and an origin check for a URL.

A button just made lands here, told what it should know at once: that it is closed until its
next opening, and that its +1 callee is abroad.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue

from callgate.buttons.callee import CalleeRules, NanpAbroad, nanp_abroad
from callgate.buttons.origins import OriginError, is_allowed, parse_origin
from callgate.buttons.schedule import format_hours
from callgate.console import access
from callgate.console.base import page
from callgate.console.i18n import gettext as _
from callgate.console.i18n import language
from callgate.db.models import Button, utcnow
from callgate.guardrails.budget import zone
from callgate.guardrails.opening import button_opening

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

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


def closed_note(button: Button) -> str | None:
    """Say that a button is closed now and when it opens (in its own zone), or None if open."""
    opening = button_opening(button, utcnow())
    if opening.open:
        return None
    hours = _(
        "outside its opening hours (%(hours)s, %(zone)s)",
        hours=format_hours(button.schedule),
        zone=button.timezone,
    )
    if opening.opens_at is None:
        return _("It takes no calls now, %(why)s, and no opening is scheduled.", why=hours)
    local = opening.opens_at.astimezone(zone(button.timezone))
    return _(
        "It takes no calls until it opens: it is closed now, %(why)s. "
        "It opens on %(day)s, %(date)s at %(time)s (%(zone)s).",
        why=hours,
        day=_(WEEKDAYS[local.weekday()]),
        date=local.strftime("%Y-%m-%d"),
        time=local.strftime("%H:%M"),
        zone=button.timezone,
    )


def abroad(button: Button) -> NanpAbroad | None:
    """Return the button's +1 callee's country when it is neither the US nor Canada."""
    rules = CalleeRules(False, tuple(current_app.config["CALLEE_COUNTRIES"]))
    return nanp_abroad(button.callee, rules, language())


@bp.get("/buttons/<button_id>/embed", endpoint="page")
def embed_page(button_id: str) -> ResponseReturnValue:
    """Show the tag, the CSP lines and, for `?url=`, whether that page may use the button."""
    button = access.button_to_view(button_id)
    created = request.args.get("created") == "1"
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
        created=created,
        closed=closed_note(button) if created else None,
        abroad=abroad(button) if created else None,
    )

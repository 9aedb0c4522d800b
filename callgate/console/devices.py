"""Browsers an account has logged in from: a signed cookie naming the account and the device.

A login from a known browser counts against that device's own limits instead of its address,
network and account (see ratelimit/login.py), so failures an attacker piles up from the same
address, or against the same account, do not lock the owner's own browser out. The cookie
grants nothing else: the password (and the code) are checked as always.
"""

from __future__ import annotations

import secrets

from flask import current_app, request
from itsdangerous import BadData
from werkzeug.wrappers import Response

from callgate.console import keys

COOKIE = "callgate_device"
MAX_AGE = 400 * 24 * 3600
SALT = "callgate-device"


def known(email: str) -> str | None:
    """Return this browser's device id if it logged in to the account `email` before."""
    raw = request.cookies.get(COOKIE, "")
    if not raw or len(raw) > 400:
        return None
    try:
        data = keys.serializer(current_app, SALT).loads(raw, max_age=MAX_AGE)
    except BadData:
        return None
    if not isinstance(data, dict) or data.get("e") != email.strip().lower():
        return None
    device = data.get("d")
    return device if isinstance(device, str) and 16 <= len(device) <= 64 else None


def remember(response: Response, email: str, device: str | None) -> None:
    """Mark this browser as known to the account `email` (keeping its device id if it had one)."""
    value = keys.serializer(current_app, SALT).dumps(
        {"e": email.strip().lower(), "d": device or secrets.token_urlsafe(18)}
    )
    response.set_cookie(
        COOKIE,
        value,
        max_age=MAX_AGE,
        path="/console/",
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )

"""The console face: site owners log in at /console/ to manage buttons and see every call."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask

from console import (
    account,
    buttons,
    callbacks,
    calls,
    embed,
    killswitch,
    login,
    overview,
    people,
    preview,
    records,
    refusals,
)
from console.base import bp, csrf

for part in (
    account.bp,
    buttons.bp,
    callbacks.bp,
    calls.bp,
    embed.bp,
    killswitch.bp,
    login.bp,
    overview.bp,
    people.bp,
    preview.bp,
    records.bp,
):
    bp.register_blueprint(part)
refusals.register(bp)


def init_app(app: Flask) -> None:
    """Set up the session cookie and CSRF protection, and serve /console/."""
    config = app.config
    config.update(
        SESSION_COOKIE_NAME="callgate_console",
        SESSION_COOKIE_PATH="/console/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=urlsplit(config["PUBLIC_URL"]).scheme == "https",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config["CONSOLE_SESSION_HOURS"]),
        # Only the console's own forms are checked (see console/base.py), not the widget's API.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,
    )
    csrf.init_app(app)
    app.register_blueprint(bp)

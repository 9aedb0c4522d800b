"""The console face: site owners log in at /console/ to manage buttons and see every call."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask

from callgate.console import (
    account,
    alerts,
    apidocs,
    apikeys,
    audit,
    buttons,
    callbacks,
    calls,
    embed,
    keys,
    killswitch,
    login,
    overview,
    people,
    preview,
    privacy,
    refusals,
    routes,
    webhook_log,
    webhooks,
)
from callgate.console.base import bp, csrf
from callgate.db import EXTENSION as DB_EXTENSION
from callgate.db.timeouts import clear_on_return
from callgate.ratelimit.login import EXTENSION as LOGIN_LIMITER
from callgate.ratelimit.login import LoginLimiter

for part in (
    account.bp,
    alerts.bp,
    apidocs.bp,
    apikeys.bp,
    audit.bp,
    buttons.bp,
    callbacks.bp,
    calls.bp,
    embed.bp,
    killswitch.bp,
    login.bp,
    overview.bp,
    people.bp,
    preview.bp,
    privacy.bp,
    routes.bp,
    webhooks.bp,
    webhook_log.bp,
):
    bp.register_blueprint(part)
refusals.register(bp)


def init_app(app: Flask) -> None:
    """Set up the session cookie, CSRF protection and login limits, and serve /console/.

    Raises ConfigError if the limits' storage cannot be used.
    """
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
    keys.init_app(app)
    csrf.init_app(app)
    engine = app.extensions[DB_EXTENSION].kw["bind"]
    clear_on_return(engine)
    app.extensions[LOGIN_LIMITER] = LoginLimiter(config["RATELIMIT_STORAGE_URI"], engine, config)
    app.register_blueprint(bp)

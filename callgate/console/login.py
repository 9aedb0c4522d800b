"""Logging in and out: e-mail and password, then the code if the user has a second factor."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, g, make_response, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.accounts import login as accounts_login
from callgate.accounts import users
from callgate.accounts.throttle import LoginBusy, LoginThrottled
from callgate.console import devices, i18n, sessions
from callgate.console.base import checked_next, page, safe_next
from callgate.console.i18n import gettext as _
from callgate.db import get_db
from callgate.db.accounts import User
from callgate.db.models import utcnow
from callgate.ratelimit.login import EXTENSION as LIMITER
from callgate.ratelimit.login import Attempt, LoginLimiter

bp = Blueprint("login", __name__)


def _form_text(name: str, limit: int = 300) -> str:
    value = request.form.get(name, "")
    return value[:limit] if isinstance(value, str) else ""


def limiter() -> LoginLimiter:
    """Return the app's login limits."""
    found: LoginLimiter = current_app.extensions[LIMITER]
    return found


def wait_text(exc: LoginThrottled) -> str:
    """Say how long to wait after a refused login, in words (minutes and the clock time)."""
    if isinstance(exc, LoginBusy):
        return _("The console is busy checking other logins. Try again in a moment.")
    minutes = -(-exc.retry_after // 60)
    if minutes <= 1:
        return _("Too many attempts to log in. Try again in a minute.")
    at = (utcnow() + timedelta(seconds=exc.retry_after)).strftime("%H:%M")
    return _(
        "Too many attempts to log in. Try again in %(n)s minutes, at %(at)s UTC.", n=minutes, at=at
    )


def throttled(template: str, exc: LoginThrottled, **values: object) -> ResponseReturnValue:
    """Show the form again, saying how long to wait, with 429 and Retry-After."""
    body, status = page(template, 429, error=wait_text(exc), throttled=True, **values)
    return body, status, {"Retry-After": str(exc.retry_after)}


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Show the login form; on POST check e-mail and password (limited), then maybe a code."""
    target = checked_next(request.values.get("next"))
    if g.user is not None and request.method == "GET":
        return redirect(safe_next(target))
    if request.method == "GET":
        note = (
            _("Your session ended. Please log in again.") if request.args.get("expired") else None
        )
        return page("login.html", next=target, note=note, email="")
    email, password = _form_text("email", 254), _form_text("password", 1024)
    attempt = Attempt(request.remote_addr, email, devices.known(email))
    try:
        user = accounts_login.authenticate(get_db(), limiter(), attempt, password)
    except accounts_login.LoginFailed:
        error = _("Wrong e-mail address or password.")
        return page("login.html", 401, next=target, error=error, email=email)
    except LoginThrottled as exc:
        return throttled("login.html", exc, next=target, email=email)
    if user.totp_secret is not None:
        sessions.start_pending(user)
        return redirect(url_for("console.login.code", next=target))
    return logged_in(user, target)


def logged_in(user: User, target: str | None) -> ResponseReturnValue:
    """Start the session of a user who passed every check, and remember this browser."""
    accounts_login.succeeded(get_db(), user, request.remote_addr, utcnow())
    sessions.start(user)
    response = redirect(safe_next(target))
    devices.remember(response, user.email, devices.known(user.email))
    return response


@bp.route("/login/code", methods=["GET", "POST"])
def code() -> ResponseReturnValue:
    """Ask for the authenticator code of a user whose password passed."""
    target = checked_next(request.values.get("next"))
    user = sessions.pending_user()
    if user is None:
        return redirect(url_for("console.login.login", next=target))
    if request.method == "GET":
        return page("code.html", next=target)
    try:
        accounts_login.second_factor(
            get_db(), limiter(), user, _form_text("code", 20), request.remote_addr, utcnow()
        )
    except accounts_login.LoginFailed:
        return page(
            "code.html", 401, next=target, error=_("That code is not right. Try the next one.")
        )
    except LoginThrottled as exc:
        return throttled("code.html", exc, next=target)
    return logged_in(user, target)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """End this user's console sessions, on every device, at once."""
    users.end_sessions(get_db(), g.user)
    sessions.end()
    return redirect(url_for("console.login.login"))


@bp.post("/language")
def language() -> ResponseReturnValue:
    """Remember the language picked in the header (a year), and go back to the page."""
    chosen = request.form.get("language")
    response = make_response(redirect(safe_next(checked_next(request.form.get("next")))))
    if chosen in i18n.LANGUAGES:
        response.set_cookie(
            i18n.COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            path="/console/",
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    return response

"""Logging in and out: e-mail and password, then the code if the user has a second factor."""

from __future__ import annotations

from flask import Blueprint, g, make_response, redirect, request, url_for
from flask.typing import ResponseReturnValue

from accounts import login as accounts_login
from accounts import users
from console import i18n, sessions
from console.base import page, safe_next
from console.i18n import gettext as _
from db import get_db
from db.models import utcnow

bp = Blueprint("login", __name__)


def _form_text(name: str, limit: int = 300) -> str:
    value = request.form.get(name, "")
    return value[:limit] if isinstance(value, str) else ""


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Show the login form; on POST check e-mail and password (throttled), then maybe a code."""
    target = request.values.get("next")
    if g.user is not None and request.method == "GET":
        return redirect(safe_next(target))
    if request.method == "GET":
        note = (
            _("Your session ended. Please log in again.") if request.args.get("expired") else None
        )
        return page("login.html", next=target, note=note, email="")
    email, password = _form_text("email", 254), _form_text("password", 1024)
    db = get_db()
    try:
        user = accounts_login.authenticate(db, email, password, request.remote_addr, utcnow())
    except accounts_login.LoginFailed:
        error = _("Wrong e-mail address or password.")
        return page("login.html", 401, next=target, error=error, email=email)
    if user.totp_secret is not None:
        sessions.start_pending(user)
        return redirect(url_for("console.login.code", next=target))
    accounts_login.succeeded(db, user, request.remote_addr, utcnow())
    sessions.start(user)
    return redirect(safe_next(target))


@bp.route("/login/code", methods=["GET", "POST"])
def code() -> ResponseReturnValue:
    """Ask for the authenticator code of a user whose password passed."""
    target = request.values.get("next")
    user = sessions.pending_user()
    if user is None:
        return redirect(url_for("console.login.login", next=target))
    if request.method == "GET":
        return page("code.html", next=target)
    db = get_db()
    try:
        accounts_login.second_factor(
            db, user, _form_text("code", 20), request.remote_addr, utcnow()
        )
    except accounts_login.LoginFailed:
        return page(
            "code.html", 401, next=target, error=_("That code is not right. Try the next one.")
        )
    accounts_login.succeeded(db, user, request.remote_addr, utcnow())
    sessions.start(user)
    return redirect(safe_next(target))


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
    response = make_response(redirect(safe_next(request.form.get("next"))))
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

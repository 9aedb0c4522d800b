"""The user's own account (password, second factor) and the one-time links that make accounts."""

from __future__ import annotations

import segno
from flask import Blueprint, current_app, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue

from callgate.accounts import invitations, passwords, totp, users
from callgate.accounts import login as accounts_login
from callgate.accounts.throttle import LoginThrottled
from callgate.console import login, sessions
from callgate.console.base import must_set_up_2fa, page
from callgate.console.i18n import gettext as _
from callgate.db import get_db
from callgate.db.models import utcnow
from callgate.errors import InvalidInput

bp = Blueprint("account", __name__)


def _field(name: str) -> str:
    value = request.form.get(name, "")
    return value[:1024] if isinstance(value, str) else ""


def _new_password(email: str) -> tuple[str | None, str | None]:
    """Return the new password from the form, or the error to show next to it."""
    new, again = _field("password"), _field("password_again")
    if new != again:
        return None, _("The two passwords are not the same.")
    try:
        return passwords.check_new(new, email), None
    except passwords.PasswordError:
        return None, _("Use at least %(n)s characters, and not your e-mail address.", n=10)


def _proven(field: str) -> str | None:
    """Check the password (or code) the form gives; return the error to show, or None."""
    try:
        if accounts_login.confirm(
            get_db(), login.limiter(), g.user, _field("current"), _field("code")[:20], utcnow()
        ):
            return None
    except LoginThrottled as exc:
        return login.wait_text(exc)
    if field == "2fa":
        return _("Type your password or a current code from your app to turn it off.")
    return _("That is not your password.")


@bp.route("/account", methods=["GET", "POST"], endpoint="page")
def account_page() -> ResponseReturnValue:
    """Show the user's account; on POST change their password (the current one is asked)."""
    user, db = g.user, get_db()
    if request.method == "GET":
        return page("account.html", required=must_set_up_2fa(user))
    wrong = _proven("current")
    if wrong:
        return page("account.html", 400, errors={"current": wrong})
    new, error = _new_password(user.email)
    if new is None:
        return page("account.html", 400, errors={"password": error})
    users.set_password(db, user, new, actor=f"user:{user.email}")
    sessions.start(user)
    return page("account.html", notice=_("Your password was changed. Other sessions were ended."))


@bp.route("/account/2fa", methods=["GET", "POST"])
def two_factor() -> ResponseReturnValue:
    """Set up a second factor (scan the code, type the first number), or turn it off."""
    user, db = g.user, get_db()
    if request.method == "POST" and request.form.get("action") == "disable":
        return _turn_off()
    secret = session.get("totp_setup")
    if request.method == "POST" and isinstance(secret, str):
        if totp.enable(db, user, secret, _field("code"), utcnow()):
            session.pop("totp_setup", None)
            return page(
                "account.html", notice=_("Second factor is on. You will be asked for a code.")
            )
        return _setup(secret, _("That code is not right. Try the next one."))
    secret = totp.new_secret()
    session["totp_setup"] = secret
    return _setup(secret, None)


def _turn_off() -> ResponseReturnValue:
    """Turn the second factor off, if the password or a current code says it is the user."""
    user = g.user
    if must_set_up_2fa(user) or current_app.config["CONSOLE_REQUIRE_2FA"] and user.is_admin:
        return page("account.html", 400, errors={"2fa": _("Admins must keep a second factor.")})
    wrong = _proven("2fa")
    if wrong:
        return page("account.html", 400, errors={"2fa": wrong})
    totp.disable(get_db(), user, actor=f"user:{user.email}")
    return redirect(url_for("console.account.page"))


def _setup(secret: str, error: str | None) -> tuple[str, int]:
    uri = totp.provisioning_uri(secret, g.user.email)
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return page("two_factor.html", 400 if error else 200, qr=qr, secret=grouped, error=error)


@bp.route("/link/<secret>", methods=["GET", "POST"])
def link(secret: str) -> ResponseReturnValue:
    """Use a one-time link: choose a password, join (or get back in), and start a session."""
    db = get_db()
    try:
        invitation = invitations.lookup(db, secret, utcnow())
    except invitations.LinkInvalid as exc:
        return gone(exc)
    if request.method == "GET":
        return page("link.html", invitation=invitation)
    new, error = _new_password(invitation.email)
    if new is None:
        return page("link.html", 400, invitation=invitation, errors={"password": error})
    try:
        user = invitations.accept(db, secret, new, utcnow())
    except invitations.LinkInvalid as exc:
        return gone(exc)
    except InvalidInput as exc:
        return page("link.html", 400, invitation=invitation, errors={"password": exc.message})
    return login.logged_in(user, None)


GONE = {
    "unknown": lambda: _("This link is not known here. Check that it was copied whole."),
    "used": lambda: _("This link was already used. Log in with the password chosen then."),
    "expired": lambda: _("This link has expired. Ask an admin for a new one."),
    "superseded": lambda: _(
        "A newer link was made for this person, so this one no longer works. "
        "Use the newest link, or ask an admin for a new one."
    ),
    "revoked": lambda: _("An admin revoked this link. Ask an admin if you still need one."),
    "password_changed": lambda: _(
        "The password was changed after this link was made, so it no longer works. "
        "Log in, or ask an admin for a new link."
    ),
    "author_gone": lambda: _(
        "The admin who made this link is no longer an active admin, so it no longer works. "
        "Ask another admin for a new one."
    ),
    "account_exists": lambda: _("There is already an account for this address. Log in instead."),
}


def gone(exc: invitations.LinkInvalid) -> tuple[str, int]:
    """Say plainly why a link does not work (404 if unknown, else 410) and offer the login."""
    message = GONE[exc.why]()
    status = 404 if exc.why == "unknown" else 410
    return page("link_gone.html", status, message=message, why=exc.why)

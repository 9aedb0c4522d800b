"""The user's own account (password, second factor) and the one-time links that make accounts."""

from __future__ import annotations

import segno
from flask import Blueprint, current_app, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue

from accounts import invitations, passwords, totp, users
from console import sessions
from console.base import must_set_up_2fa, page
from console.i18n import gettext as _
from db import get_db
from db.models import utcnow
from errors import InvalidInput

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


@bp.route("/account", methods=["GET", "POST"], endpoint="page")
def account_page() -> ResponseReturnValue:
    """Show the user's account; on POST change their password (the current one is asked)."""
    user, db = g.user, get_db()
    if request.method == "GET":
        return page("account.html", required=must_set_up_2fa(user))
    if not passwords.verify(user.password_hash, _field("current")):
        return page("account.html", 400, errors={"current": _("That is not your password.")})
    new, error = _new_password(user.email)
    if new is None:
        return page("account.html", 400, errors={"password": error})
    users.set_password(db, user, new)
    sessions.start(user)
    return page("account.html", notice=_("Your password was changed. Other sessions were ended."))


@bp.route("/account/2fa", methods=["GET", "POST"])
def two_factor() -> ResponseReturnValue:
    """Set up a second factor: scan the code, type the first number it shows."""
    user, db = g.user, get_db()
    if request.method == "POST" and request.form.get("action") == "disable":
        if must_set_up_2fa(user) or current_app.config["CONSOLE_REQUIRE_2FA"] and user.is_admin:
            return page("account.html", 400, errors={"2fa": _("Admins must keep a second factor.")})
        totp.disable(db, user)
        return redirect(url_for("console.account.page"))
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


def _setup(secret: str, error: str | None) -> tuple[str, int]:
    uri = totp.provisioning_uri(secret, g.user.email)
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return page("two_factor.html", 400 if error else 200, qr=qr, secret=grouped, error=error)


@bp.route("/link/<secret>", methods=["GET", "POST"])
def link(secret: str) -> ResponseReturnValue:
    """Use a one-time link: choose a password, join (or get back in), and start a session."""
    db = get_db()
    invitation = invitations.lookup(db, secret, utcnow())
    if request.method == "GET":
        return page("link.html", invitation=invitation)
    new, error = _new_password(invitation.email)
    if new is None:
        return page("link.html", 400, invitation=invitation, errors={"password": error})
    try:
        user = invitations.accept(db, secret, new, utcnow())
    except InvalidInput as exc:
        return page("link.html", 400, invitation=invitation, errors={"password": exc.message})
    sessions.start(user)
    return redirect(url_for("console.overview.page"))

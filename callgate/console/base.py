"""The console blueprint: who is logged in, CSRF on every POST, strict headers on every page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import NotFound

from callgate.accounts import workspaces
from callgate.console import i18n, sessions, sources
from callgate.console.facts import talk
from callgate.console.i18n import gettext as _
from callgate.db import get_db
from callgate.db.accounts import User
from callgate.db.timeouts import limit_statements
from callgate.errors import InvalidInput
from callgate.guardrails.killswitch import global_on

bp = Blueprint("console", __name__, url_prefix="/console")
#: Our pages run only our own scripts and styles, load nothing from elsewhere, are never framed.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: Reachable without a session.
PUBLIC = {
    "console.login.login",
    "console.login.code",
    "console.login.language",
    "console.account.link",
}
#: Reachable by an admin who must still set up a second factor.
SETUP = {"console.account.two_factor", "console.account.page", "console.login.logout"}
csrf = CSRFProtect()


@bp.before_request
def load_user() -> ResponseReturnValue | None:
    """Check CSRF on POSTs, find the user, send visitors to log in and admins to set up 2FA."""
    if request.method == "POST":
        csrf.protect()
    limit_statements(get_db(), current_app.config["CONSOLE_STATEMENT_TIMEOUT"])
    g.user, expired = sessions.current()
    endpoint = request.endpoint or ""
    if g.user is None and endpoint not in PUBLIC:
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("console.login.login", next=target, expired=expired or None))
    if g.user is not None and must_set_up_2fa(g.user) and endpoint not in SETUP:
        return redirect(url_for("console.account.two_factor"))
    return None


def must_set_up_2fa(user: User) -> bool:
    """Tell whether `user` may do nothing until they turn on a second factor."""
    required = current_app.config["CONSOLE_REQUIRE_2FA"]
    return bool(required and user.is_admin and user.totp_secret is None)


@bp.after_request
def headers(response: Response) -> Response:
    """Put the strict headers on every console answer (the preview sets its own CSP)."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def template_values() -> dict:
    """Give every console template the user, the language and the texts."""
    user: User | None = g.get("user")
    return {
        "_": i18n.gettext,
        "lang": i18n.language(),
        "languages": i18n.NAMES,
        "user": user,
        "can_edit": bool(user and workspaces.editable(get_db(), user)),
        "calls_stopped": bool(user) and global_on(get_db()),
        "clock": talk,
        "page_text": sources.page_text,
    }


def checked_next(target: object) -> str | None:
    """Return the `next` value asked for (None if absent); raise InvalidInput for one that
    holds control characters, which no console path does and no header may carry."""
    if target is None or target == "":
        return None
    if not isinstance(target, str) or len(target) > 2000 or not target.isprintable():
        raise InvalidInput(_("This link is damaged: open the console from its start."))
    return target


def safe_next(target: str | None) -> str:
    """Return `target` if it is a console path on this site, else the overview."""
    if target and target.isprintable():
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/console/"):
            if "\\" not in target and not target.startswith("//"):
                return target
    return url_for("console.overview.page")


def page(template: str, status: int = 200, **values: object) -> tuple[str, int]:
    """Render a console template."""
    return render_template(f"console/{template}", **values), status


@bp.route("/<path:rest>")
def unknown(rest: str) -> ResponseReturnValue:
    """Answer any other console URL with the console's own 404 page."""
    raise NotFound()

"""How the console says no: its own HTML page with a status, never a trace or a JSON body."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from callgate.accounts.throttle import LoginThrottled
from callgate.accounts.workspaces import NotPermitted
from callgate.console.base import page
from callgate.console.i18n import gettext as _
from callgate.console.login import wait_text
from callgate.db import get_db
from callgate.db.timeouts import timed_out
from callgate.errors import CallgateError, InvalidInput, NotFound, Unavailable

log = logging.getLogger("callgate.console")


def status_of(exc: CallgateError) -> int:
    """Return the status the console answers `exc` with."""
    for kind, status in ((LoginThrottled, 429), (NotFound, 404), (InvalidInput, 400)):
        if isinstance(exc, kind):
            return status
    return 503 if isinstance(exc, Unavailable) else 403


def refuse(exc: CallgateError) -> tuple[str, int, dict]:
    """Answer an expected refusal with a page that says what happened."""
    get_db().rollback()
    status = status_of(exc)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, LoginThrottled) else {}
    titles = {
        404: _("Not found"),
        403: _("Not allowed"),
        429: _("Too many attempts"),
        400: _("That did not work"),
        503: _("Unavailable"),
    }
    if isinstance(exc, NotPermitted) and exc.details.get("needs") == "admin":
        message = _("Only admins can do this. Ask an admin if you need the admin role.")
    elif isinstance(exc, NotPermitted):
        message = _("Your role lets you look, not change things. Ask an admin for the editor role.")
    elif isinstance(exc, LoginThrottled):
        message = wait_text(exc)
    elif isinstance(exc, NotFound):
        message = _("There is nothing here, or it is not yours to see.")
    else:
        message = exc.message
    body, _status = page("error.html", status, title=titles[status], message=message)
    return body, status, headers


def csrf_error(exc: CSRFError) -> tuple[str, int]:
    """Refuse a form without a valid CSRF token (400)."""
    log.warning("console refused a POST without a valid CSRF token")
    message = _("This form was not sent from an open console page. Reload the page and try again.")
    return page("error.html", 400, title=_("Form expired"), message=message)


def http_error(exc: HTTPException) -> tuple[str, int]:
    """Answer 404, 405 and 413 under /console/ with the console's page."""
    status = exc.code or 500
    title = _("Not found") if status == 404 else (exc.name or "Error")
    message = _("There is nothing here, or it is not yours to see.") if status == 404 else ""
    return page("error.html", status, title=title, message=message)


def database_down(exc: SQLAlchemyError) -> tuple[str, int]:
    """Answer 503 when the database fails or a query ran too long; nothing is half-written."""
    get_db().rollback()
    if timed_out(exc):
        log.warning("console statement stopped after its time limit")
        message = _(
            "This page needed more than %(n)s seconds of database work and was stopped. "
            "Narrow it down (one button, fewer days) and try again.",
            n=current_app.config["CONSOLE_STATEMENT_TIMEOUT"],
        )
        return page("error.html", 503, title=_("Took too long"), message=message)
    log.error("database error: %s", type(exc).__name__)
    message = _("The database cannot be reached. Nothing was changed; try again shortly.")
    return page("error.html", 503, title=_("Unavailable"), message=message)


def internal(exc: Exception) -> tuple[str, int]:
    """Answer an unexpected error without a trace of it in the page."""
    log.exception("unexpected error in the console")
    get_db().rollback()
    message = _("Something went wrong on our side. Nothing was changed.")
    return page("error.html", 500, title=_("Error"), message=message)


def register(bp: Blueprint) -> None:
    """Answer every error under `bp` with the console's error page."""
    bp.register_error_handler(CallgateError, refuse)
    bp.register_error_handler(CSRFError, csrf_error)
    bp.register_error_handler(HTTPException, http_error)
    bp.register_error_handler(SQLAlchemyError, database_down)
    bp.register_error_handler(Exception, internal)

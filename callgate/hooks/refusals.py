"""How the hooks say no: exactly `{"status", "reason"}`, which WCS relays to the browser.

The core raises kinds of error; this table decides each one's status and short reason here.
"""

from __future__ import annotations

import logging

from flask import Blueprint, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from callgate.db import get_db
from callgate.errors import CallgateError, InvalidInput, Unavailable
from callgate.guardrails.budget import BudgetExhausted
from callgate.guardrails.killswitch import KillSwitchOn
from callgate.guardrails.opening import Closed
from callgate.hooks import auditing, routes
from callgate.hooks.verify import SignatureError

log = logging.getLogger("callgate.hooks.routes")
REASONS = {KillSwitchOn: "kill switch", Closed: "closed"}


def wire(status: int, reason: str) -> tuple[dict, int]:
    """Return the hook error body `{"status", "reason"}` with its status."""
    return {"status": status, "reason": reason}, status


def answer_of(exc: CallgateError) -> tuple[dict, int]:
    """Return the status and reason WCS gets for `exc`: 400 malformed, 503 down, else 403."""
    status = 400 if isinstance(exc, InvalidInput) else 503 if isinstance(exc, Unavailable) else 403
    reason = next((text for kind, text in REASONS.items() if isinstance(exc, kind)), exc.message)
    return wire(status, reason)


def refuse(exc: CallgateError) -> tuple[dict, int]:
    """Refuse the hook, audit why (counted per sender if it is unsigned or foreign), log it.

    The audit row of an outage is written only if the database takes it at once.
    """
    body, status = answer_of(exc)
    method = (request.view_args or {}).get("method")
    get_db().rollback()
    if isinstance(exc, (SignatureError, routes.SourceNotAllowed)):
        auditing.count_refusal(method, body["reason"], exc.code, exc.said)
    else:
        promptly = isinstance(exc, Unavailable)
        auditing.audit_refusal(
            method, body["reason"], exc.button_id, exc.code, promptly=promptly, said=exc.said
        )
        if method in auditing.AUDITED and not promptly:
            budget = isinstance(exc, BudgetExhausted)
            auditing.queue_refused(method, body["reason"], exc.button_id, exc.code, budget)
    log.warning("hook %s refused: %s", method or "?", body["reason"])
    return body, status


def http_error(exc: HTTPException) -> tuple[dict, int]:
    """Answer 404, 405 and 413 under the hook URLs in the hook shape."""
    name = "body too large" if exc.code == 413 else (exc.name or "error").lower()
    return wire(exc.code or 500, name)


def database_down(exc: SQLAlchemyError) -> tuple[dict, int]:
    """Answer 503 when the database fails, so WCS fails the action (restOnError FAIL)."""
    log.error("database error: %s", type(exc).__name__)
    get_db().rollback()
    return wire(503, "service unavailable")


def internal(exc: Exception) -> tuple[dict, int]:
    """Answer an unexpected error without a trace of it in the answer."""
    log.exception("unexpected error")
    return wire(500, "internal error")


def register(bp: Blueprint) -> None:
    """Answer every error under `bp` in the hook shape."""
    bp.register_error_handler(CallgateError, refuse)
    bp.register_error_handler(HTTPException, http_error)
    bp.register_error_handler(SQLAlchemyError, database_down)
    bp.register_error_handler(Exception, internal)

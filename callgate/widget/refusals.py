"""How the widget API says no: `{"error", "message"}`, never cacheable, readable by allowed pages.

The core raises kinds of error; this table decides each one's status and wording here.
"""

from __future__ import annotations

import logging

from flask import Blueprint, g, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import Headers
from werkzeug.exceptions import HTTPException

from callgate.buttons.texts import TEXTS
from callgate.db import get_db
from callgate.errors import CallgateError, NotFound, Refused, Unavailable
from callgate.guardrails.killswitch import KillSwitchOn
from callgate.guardrails.opening import Closed
from callgate.ratelimit.limiter import LimitsUnavailable, RateLimited
from callgate.ratelimit.work_gate import ChallengeRequired
from callgate.telemetry import metrics
from callgate.visitors.consent import ConsentRequired
from callgate.visitors.reports import AlreadyReported
from callgate.widget import cors, requests

log = logging.getLogger("callgate.widget")
STATUS = (
    (Unavailable, 503),
    (KillSwitchOn, 503),
    (RateLimited, 429),
    (ChallengeRequired, 428),
    (NotFound, 404),
    (AlreadyReported, 409),
)


def status_of(exc: CallgateError) -> int:
    """Return the HTTP status the widget API answers `exc` with (403 for refusals)."""
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 403 if isinstance(exc, Refused) else 400


def wording(exc: CallgateError) -> tuple[str, str]:
    """Return what the visitor's page reads and what the audit trail records for `exc`."""
    if isinstance(exc, KillSwitchOn):
        message = "calls are switched off (kill switch)"
        return message, message
    if isinstance(exc, Closed):
        message = exc.closed_message or TEXTS["en"]["closed"]
        return message, message
    if isinstance(exc, RateLimited):
        wait = f"try again in {exc.retry_after} s"
        return f"too many call requests ({exc.kind} limit); {wait}", exc.message
    if isinstance(exc, Unavailable):
        return "service unavailable", exc.message
    return exc.message, exc.message


def said(exc: CallgateError) -> dict:
    """Return the audit trail's reason of `exc`; a closed button's own message is `closed_own`."""
    if isinstance(exc, Closed) and exc.closed_message:
        return {"code": "closed_own", "params": {}}
    return exc.said


def refuse(exc: CallgateError) -> tuple[dict, int, Headers]:
    """Answer a refusal; audit it if it was a token request."""
    # Over a limit, a flood repeats the refusal: the tally logs a line a minute and requester.
    if not isinstance(exc, RateLimited):
        log.warning("api refused %s: %s", request.path, exc.message)
    get_db().rollback()
    message, reason = wording(exc)
    if isinstance(exc, LimitsUnavailable):
        log.warning("token refused: %s", exc.message)
        metrics.limit_storage_error()
    code = f"{exc.code}_{exc.kind}" if isinstance(exc, RateLimited) else exc.code
    # The trail tells the limit counters' outage from the others (the console counts it a limit).
    kept = "limits_unavailable" if isinstance(exc, LimitsUnavailable) else code
    # The audit row of an outage is written only if the database takes it at once.
    requests.audit_refusal(
        reason,
        code,
        said(exc),
        repeated=isinstance(exc, RateLimited),
        promptly=isinstance(exc, Unavailable),
        kept=kept,
    )
    body: dict[str, str | None] = {"error": exc.code, "message": message}
    if isinstance(exc, Closed):
        body["opensAt"] = exc.opens_at.isoformat() if exc.opens_at else None
    if isinstance(exc, ConsentRequired):
        body["consent"] = str(exc.details["notice"])  # public: the button config shows it too
    headers = _headers()
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    return body, status_of(exc), headers


def challenge(exc: ChallengeRequired) -> tuple[dict, int, Headers]:
    """Answer 428 with a challenge to solve: not a refusal of the visitor, so no audit row and
    no log line (a flood would write one each); the metrics count it."""
    get_db().rollback()
    rejected = str(exc.rejected.said["code"]) if exc.rejected else None
    metrics.token_challenged(rejected)
    body = {
        "error": exc.code,
        "message": exc.message,
        "challenge": exc.challenge,
        "difficulty": exc.bits,
        "expiresIn": exc.seconds,
        # Why the proof sent was not taken (expired, spent, ...), or null if none was sent.
        "proofRejected": rejected,
    }
    return body, status_of(exc), _headers()


def http_error(exc: HTTPException) -> tuple[dict, int, Headers]:
    """Answer an HTTP error raised under the widget's URLs (413, 405) in the API's shape."""
    name = "body too large" if exc.code == 413 else (exc.name or "error").lower()
    return {"error": name.replace(" ", "_"), "message": name}, exc.code or 500, _headers()


def database_down(exc: SQLAlchemyError) -> tuple[dict, int, Headers]:
    """Answer 503 when the database fails: no token, no config, nothing half-written."""
    log.error("database error: %s", type(exc).__name__)
    get_db().rollback()
    if request.endpoint == requests.TOKEN_ENDPOINT:
        metrics.token_refused("database")
    return {"error": "unavailable", "message": "service unavailable"}, 503, _headers()


def internal(exc: Exception) -> tuple[dict, int, Headers]:
    """Answer an unexpected error without a trace of it in the answer."""
    log.exception("unexpected error")
    return {"error": "internal", "message": "internal error"}, 500, _headers()


def _headers() -> Headers:
    headers = cors.base_headers()
    if g.get("allowed_origin"):
        # The origin passed: let the page read why (closed, kill switch, limits) to tell it.
        cors.allow(headers, g.allowed_origin)
    return headers


def register(bp: Blueprint) -> None:
    """Answer every error under `bp` in the widget API's shape."""
    bp.register_error_handler(ChallengeRequired, challenge)
    bp.register_error_handler(CallgateError, refuse)
    bp.register_error_handler(HTTPException, http_error)
    bp.register_error_handler(SQLAlchemyError, database_down)
    bp.register_error_handler(Exception, internal)

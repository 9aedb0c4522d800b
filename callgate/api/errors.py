"""How the management API says a refusal: one shape, {"error", "message", "details"}."""

from __future__ import annotations

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException

from callgate.accounts.workspaces import NotPermitted
from callgate.apikeys.idempotency import IdempotencyError
from callgate.apikeys.keys import KeyRefused
from callgate.errors import CallgateError, InvalidInput, NotFound, Refused, Unavailable
from callgate.ratelimit.limiter import RateLimited
from callgate.webhooks.deliveries import AlreadyPending

#: The HTTP status of each kind of error, the most specific kind first.
STATUSES: tuple[tuple[type[CallgateError], int], ...] = (
    (RateLimited, 429),
    (IdempotencyError, 409),
    (AlreadyPending, 409),
    (KeyRefused, 401),
    (NotPermitted, 403),
    (Refused, 403),
    (NotFound, 404),
    (InvalidInput, 400),
    (Unavailable, 503),
)


def plain(value: object) -> object:
    """Return a detail as JSON can hold it: nested errors as their code and message."""
    if isinstance(value, CallgateError):
        return {"error": value.code, "message": value.message}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def status_of(exc: CallgateError) -> int:
    """Return the HTTP status an error of this kind is answered with."""
    return next((status for kind, status in STATUSES if isinstance(exc, kind)), 400)


def answer(code: str, message: str, status: int, details: object = None) -> Response:
    """Return the error answer, with what a client needs to act on it."""
    response = jsonify({"error": code, "message": message, "details": plain(details or {})})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="callgate"'
    return response


def from_error(exc: CallgateError) -> Response:
    """Return the answer to a core error."""
    response = answer(exc.code, exc.message, status_of(exc), exc.details)
    if isinstance(exc, RateLimited):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def from_http(exc: HTTPException) -> Response:
    """Return the answer to an HTTP-level error (unknown URL, method not allowed, bad JSON)."""
    name = (exc.name or "error").lower().replace(" ", "_")
    return answer(name, exc.description or name, exc.code or 500)

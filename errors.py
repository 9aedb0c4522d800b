"""Exceptions shared by the core modules, and the two JSON error shapes used at the edges."""

from __future__ import annotations


class CallgateError(Exception):
    """Base of every expected failure; carries an HTTP status and a short machine code."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, button_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: The button the refused request was about, when known (for the audit trail).
        self.button_id = button_id


class InvalidInput(CallgateError):
    """The caller sent something malformed (bad JSON, bad option value)."""


class NotFound(CallgateError):
    """The named object does not exist (or is disabled, for public endpoints)."""

    status = 404
    code = "not_found"


class Forbidden(CallgateError):
    """A security check refused the request."""

    status = 403
    code = "forbidden"


class Unavailable(CallgateError):
    """A dependency (the database) is not usable; the request fails closed."""

    status = 503
    code = "unavailable"


def api_error(status: int, code: str, message: str) -> tuple[dict, int]:
    """Return the public API's error body `{"error", "message"}` with its status."""
    return {"error": code, "message": message}, status


def hook_error(status: int, reason: str) -> tuple[dict, int]:
    """Return the WCS hook error body: exactly `{"status", "reason"}`, which WCS relays."""
    return {"status": status, "reason": reason}, status

"""The error tree the core raises. Each face turns a kind of error into its own wire shape.

No error here carries an HTTP status or public wording: the widget API, the WCS hooks, the CLI
and the console each decide how a refusal is said.
"""

from __future__ import annotations


class CallgateError(Exception):
    """Base of every expected failure: a short machine code, a message, the button if known."""

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

    code = "not_found"


class Refused(CallgateError):
    """A security or policy check refused the request."""

    code = "forbidden"


class Unavailable(CallgateError):
    """A dependency (the database, the limit counters, WCS's API) is not usable: fail closed."""

    code = "unavailable"


class ConfigError(CallgateError):
    """The configuration cannot run safely; the message says which setting to fix."""

    code = "config"

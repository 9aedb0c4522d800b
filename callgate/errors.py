"""The error tree the core raises. Each face turns a kind of error into its own wire shape.

No error here carries an HTTP status or public wording: the widget API, the WCS hooks, the CLI
and the console each decide how a refusal is said.
"""

from __future__ import annotations

from typing import ClassVar


class CallgateError(Exception):
    """Base of every expected failure: a short machine code, a message, the button if known.

    `code` is the kind's own code, or the exact failure when the raiser names one of the kind's
    `codes`; `details` carry what a face needs to say it in its own words (a value, a bound).
    `reason` (a stable code finer than `code`, for the audit trail only) and `params` (what
    varies in the message, as text or numbers) make `said`, which the audit trail keeps so the
    console can say the refusal in its language without reading the English message.
    """

    code = "bad_request"
    #: The finer codes an error of this kind may carry besides `code`.
    codes: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        message: str,
        *,
        button_id: str | None = None,
        code: str | None = None,
        reason: str | None = None,
        params: dict[str, str | int] | None = None,
        **details: object,
    ) -> None:
        super().__init__(message)
        self.message = message
        #: The button the refused request was about, when known (for the audit trail).
        self.button_id = button_id
        if code is not None:
            assert code in self.codes, f"{type(self).__name__} does not declare code {code!r}"
            self.code = code
        self.details = details
        self.reason = reason
        self.params = dict(params or {})

    @property
    def said(self) -> dict[str, object]:
        """Return the reason for the audit trail: {"code": reason or code, "params": {...}}."""
        return {"code": self.reason or self.code, "params": dict(self.params)}


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

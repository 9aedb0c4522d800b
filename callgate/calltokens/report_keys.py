"""Report keys: what lets the widget report on the call its token started, and nothing else.

The token answer carries a key signed with the token keys (own salt, SHA-256), holding only the
token's jti. `/connect` binds that jti to one WCS session, so the key reaches that session's
call. It lives long enough for the longest call plus a rating afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from callgate.calltokens.signed_ids import load_jti, sign_jti
from callgate.errors import Refused

SALT = "callgate.report-key.v1"
MAX_AGE = 26 * 3600  # the longest call a button allows (a day), plus two hours


class ReportKeyError(Refused):
    """The report key is missing, forged, signed by an unknown key, or too old."""

    code = "bad_report_key"


def issue_report_key(keys: Sequence[str], jti: str) -> str:
    """Sign a report key for the call of the token `jti` (the last key signs)."""
    return sign_jti(keys, SALT, jti)


def load_report_key(key: object, keys: Sequence[str], max_age: int = MAX_AGE) -> str:
    """Return the jti a report key was issued for; raise ReportKeyError."""
    return load_jti(key, keys, SALT, max_age, ReportKeyError)

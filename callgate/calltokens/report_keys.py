"""Report keys: what lets the widget report on the call its token started, and nothing else.

The token answer carries a key signed with the token keys (own salt, SHA-256), holding only the
token's jti. `/connect` binds that jti to one WCS session, so the key reaches that session's
call. It lives long enough for the longest call plus a rating afterwards.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from callgate.errors import Refused

SALT = "callgate.report-key.v1"
MAX_AGE = 26 * 3600  # the longest call a button allows (a day), plus two hours


class ReportKeyError(Refused):
    """The report key is missing, forged, signed by an unknown key, or too old."""

    code = "bad_report_key"


def _serializer(keys: Sequence[str]) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        list(keys), salt=SALT, signer_kwargs={"digest_method": hashlib.sha256}
    )


def issue_report_key(keys: Sequence[str], jti: str) -> str:
    """Sign a report key for the call of the token `jti` (the last key signs)."""
    return _serializer(keys).dumps(jti)


def load_report_key(key: object, keys: Sequence[str], max_age: int = MAX_AGE) -> str:
    """Return the jti a report key was issued for; raise ReportKeyError."""
    if not isinstance(key, str) or not key or len(key) > 200:
        raise ReportKeyError("report key is missing")
    # A key we signed is URL-safe ASCII; anything else (a lone surrogate) cannot even be encoded.
    if not key.isascii():
        raise ReportKeyError("report key is invalid")
    try:
        jti = _serializer(keys).loads(key, max_age=max_age)
    except SignatureExpired:
        raise ReportKeyError("report key has expired") from None
    except BadSignature:
        raise ReportKeyError("report key is invalid") from None
    if not isinstance(jti, str) or not jti:
        raise ReportKeyError("report key is malformed")
    return jti

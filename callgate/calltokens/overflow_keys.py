"""Overflow keys: what lets the widget ask, once, for the overflow of a call nobody answered.

The token answer of an attempt whose route overflows carries a key naming the token's jti
(own salt, SHA-256). The widget sends it back when the route's callee was busy or did not
answer in its ring time; routes/overflow.py checks that attempt's call before a second token
goes out. The key lives as long as a token, its setup and the longest ring time together.
"""

from __future__ import annotations

from collections.abc import Sequence

from callgate.calltokens.signed_ids import load_jti, sign_jti
from callgate.errors import Refused

SALT = "callgate.overflow-key.v1"
MAX_AGE = 600  # seconds: the token's life, the setup and the longest ring time, with room


class OverflowKeyError(Refused):
    """The overflow key is missing, forged, signed by an unknown key, or too old."""

    code = "bad_overflow_key"


def issue_overflow_key(keys: Sequence[str], jti: str) -> str:
    """Sign an overflow key for the attempt of the token `jti` (the last key signs)."""
    return sign_jti(keys, SALT, jti)


def load_overflow_key(key: object, keys: Sequence[str], max_age: int = MAX_AGE) -> str:
    """Return the jti an overflow key was issued for; raise OverflowKeyError."""
    return load_jti(key, keys, SALT, max_age, OverflowKeyError)

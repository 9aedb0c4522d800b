"""Short signed keys that each name one token's jti and let the widget do one more thing with
it: report on its call (report_keys.py) or ask for its overflow (overflow_keys.py).

A key is the jti signed with the token keys under its own salt (SHA-256, key rotation), so a
key of one kind is never accepted as another, nor as a token.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from callgate.errors import Refused


def _serializer(keys: Sequence[str], salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        list(keys), salt=salt, signer_kwargs={"digest_method": hashlib.sha256}
    )


def sign_jti(keys: Sequence[str], salt: str, jti: str) -> str:
    """Return a key naming `jti` under `salt` (the last key signs)."""
    return _serializer(keys, salt).dumps(jti)


def load_jti(
    key: object, keys: Sequence[str], salt: str, max_age: int, error: type[Refused]
) -> str:
    """Return the jti a key of `salt` names; raise `error` if it is missing, forged or old."""
    if not isinstance(key, str) or not key or len(key) > 200:
        raise error("key is missing")
    # A key we signed is URL-safe ASCII; anything else (a lone surrogate) cannot even be encoded.
    if not key.isascii():
        raise error("key is invalid")
    try:
        jti = _serializer(keys, salt).loads(key, max_age=max_age)
    except SignatureExpired:
        raise error("key has expired") from None
    except BadSignature:
        raise error("key is invalid") from None
    if not isinstance(jti, str) or not jti:
        raise error("key is malformed")
    return jti

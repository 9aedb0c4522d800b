"""Issue and load one-time call tokens (itsdangerous, salted, SHA-256, key rotation).

Keys are ordered oldest to newest and the last one signs, as Flask does with
`SECRET_KEY_FALLBACKS + [SECRET_KEY]`. The payload is signed, not encrypted: it holds only
opaque values (version, button id, jti, origin, the route's id when the button has routes, and
a keyed hash of the requester's network when binding is on), never the callee, a credential or
an address.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from itsdangerous import BadSignature, URLSafeTimedSerializer

from callgate.errors import Refused

SALT = "callgate.call-token.v1"
VERSION = 1
#: Tokens are about 150 characters; anything far longer is not one of ours.
MAX_LENGTH = 1024


class TokenError(Refused):
    """The token is missing, tampered with, signed by an unknown key, or malformed."""

    code = "bad_token"
    #: Refused at connect: the token's jti was consumed already, or it is bound elsewhere.
    codes = ("token_used", "token_bound")


class TokenExpired(TokenError):
    """The token is older than `max_age`, or dated further ahead than the allowed skew."""

    code = "token_expired"


@dataclass(frozen=True)
class CallToken:
    """What a verified token says: which button, which attempt, which page origin."""

    button_id: str
    jti: str
    origin: str
    issued_at: int
    #: The opaque address claim from calltokens/binding.py, if the token was bound.
    binding: str | None = None
    #: The id of the route the visitor picked, if the button has routes (callgate/routes/).
    route: str | None = None


def _serializer(keys: Sequence[str]) -> URLSafeTimedSerializer:
    if not keys:
        raise TokenError("no signing key configured", reason="no_signing_key")
    return _serializer_of(tuple(keys))


@lru_cache(maxsize=8)
def _serializer_of(keys: tuple[str, ...]) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        list(keys), salt=SALT, signer_kwargs={"digest_method": hashlib.sha256}
    )


def issue_token(
    keys: Sequence[str], button_id: str, origin: str, binding: str | None = None
) -> str:
    """Sign a fresh token for one call attempt from `origin` on `button_id` (last key signs)."""
    return new_token(keys, button_id, origin, binding)[0]


def new_token(
    keys: Sequence[str],
    button_id: str,
    origin: str,
    binding: str | None = None,
    route: str | None = None,
) -> tuple[str, str]:
    """Return a fresh token as issue_token does, with its jti (no need to read it back)."""
    jti = secrets.token_urlsafe(16)
    payload = {"v": VERSION, "b": button_id, "j": jti, "o": origin}
    if binding:
        payload["a"] = binding
    if route:
        payload["r"] = route
    return _serializer(keys).dumps(payload), jti


def load_token(token: object, keys: Sequence[str], *, max_age: int, skew: int) -> CallToken:
    """Verify `token` against every key and its age; the only way tokens are read.

    Accepts ages in `[-skew, max_age]`, so hosts whose clocks differ by a few seconds still
    agree. Raises TokenExpired or TokenError.
    """
    if not isinstance(token, str) or not token:
        raise TokenError("call token is missing", reason="token_missing")
    if len(token) > MAX_LENGTH:
        raise TokenError("call token is too long", reason="token_too_long")
    if not token.isascii():  # a token we signed is URL-safe ASCII
        raise TokenError("call token is invalid", reason="token_invalid")
    try:
        payload, signed_at = _serializer(keys).loads(token, max_age=None, return_timestamp=True)
    except BadSignature as exc:
        raise TokenError("call token is invalid", reason="token_invalid") from exc
    issued_at = int(signed_at.timestamp())
    age = int(time.time()) - issued_at
    if age > max_age or age < -skew:
        raise TokenExpired("call token has expired")
    return _claims(payload, issued_at)


def _claims(payload: object, issued_at: int) -> CallToken:
    if (
        not isinstance(payload, dict)
        or type(payload.get("v")) is not int
        or payload["v"] != VERSION
    ):
        raise TokenError("call token has an unknown version", reason="token_version")
    fields = [payload.get(k) for k in ("b", "j", "o")]
    texts = [f for f in fields if isinstance(f, str) and f]
    binding, route = payload.get("a"), payload.get("r")
    if len(texts) != len(fields) or not all(
        claim is None or (isinstance(claim, str) and 0 < len(claim) <= 64)
        for claim in (binding, route)
    ):
        raise TokenError("call token is malformed", reason="token_malformed")
    button_id, jti, origin = texts
    return CallToken(button_id, jti, origin, issued_at, binding, route)

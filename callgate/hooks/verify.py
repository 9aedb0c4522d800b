"""Verify WCS hook signatures: `Authorization: WCS <hex HMAC-MD5 of the raw body>`.

WCS signs with one server-wide key (`rest_hook_secret_key`); accepting a list lets the key
change without downtime. The check runs over the raw bytes, before any JSON parsing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence

from callgate.errors import Refused

_HEADER = re.compile(r"WCS ([0-9a-fA-F]{32})")


class SignatureError(Refused):
    """The hook request is unsigned, wrongly signed, or no hook secret is configured."""

    code = "bad_signature"


def sign(body: bytes, secret: str) -> str:
    """Return the header value WCS sends for `body` under `secret`."""
    return "WCS " + hmac.new(secret.encode(), body, hashlib.md5).hexdigest()


def verify_signature(body: bytes, header: str | None, secrets: Sequence[str]) -> None:
    """Return if `header` signs `body` under one of `secrets`; raise SignatureError otherwise."""
    secrets = [secret for secret in secrets if secret]
    if not secrets:
        raise SignatureError("hook secret not configured", reason="no_hook_secret")
    match = _HEADER.fullmatch(header or "")
    if not match:
        raise SignatureError("missing or malformed signature", reason="signature_missing")
    offered = match.group(1).lower().encode()
    valid = False
    for secret in secrets:
        expected = hmac.new(secret.encode(), body, hashlib.md5).hexdigest().encode()
        valid |= hmac.compare_digest(expected, offered)
    if not valid:
        raise SignatureError("bad signature")

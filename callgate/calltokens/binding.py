"""Bind a call token to the address that asked for it, without writing that address down.

The token payload is readable by anyone, so it carries a keyed hash of the requester's network
(its /24 or /64 for `prefix`, the address itself for `exact`), never the address. `/connect`
hashes the address inside the WCS sessionId the same way and compares.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from callgate.addresses import IPAddress, network_of

MODES = ("off", "prefix", "exact")
_CONTEXT = b"callgate.token-binding.v1"
_DIGEST_BYTES = 12


def _bound_to(mode: str, address: IPAddress) -> str:
    return network_of(address) if mode == "prefix" else str(address)


def _hash(key: str, mode: str, address: IPAddress) -> str:
    message = b"\0".join((_CONTEXT, mode.encode(), _bound_to(mode, address).encode()))
    digest = hmac.new(key.encode(), message, hashlib.sha256).digest()[:_DIGEST_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def binding_claim(keys: Sequence[str], mode: str, address: IPAddress | None) -> str | None:
    """Return the opaque claim binding a token to `address` under `mode` (last key), or None.

    None when binding is off or the address is unknown; `/connect` then refuses bound calls.
    """
    if mode == "off" or address is None or not keys:
        return None
    return _hash(keys[-1], mode, address)


def claim_matches(
    claim: str | None, keys: Sequence[str], mode: str, address: IPAddress | None
) -> bool:
    """Return True if `claim` was made for `address`'s network under `mode` by any of `keys`."""
    if claim is None or address is None or mode == "off":
        return False
    given = claim.encode()
    return any(hmac.compare_digest(given, _hash(key, mode, address).encode()) for key in keys)

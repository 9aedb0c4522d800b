"""TURN credentials for one call attempt, in coturn's REST API scheme (`use-auth-secret`).

The username is `<expiry>:<token id>` (expiry in Unix seconds) and the password is
base64(HMAC-SHA1(secret, username)); coturn recomputes it from its `static-auth-secret` and
refuses it once the expiry has passed. The shared secret never leaves the server: a page gets
only a credential good for one attempt, for the token's life plus the button's longest call.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any


def username(token_id: str, expires_at: int) -> str:
    """Return coturn's time-limited username for the token `token_id`: `<expiry>:<token id>`."""
    return f"{expires_at}:{token_id}"


def credential(secret: str, name: str) -> str:
    """Return the password coturn expects for `name`: base64 of HMAC-SHA1(secret, name)."""
    digest = hmac.new(secret.encode(), name.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def ice_config(
    secret: str | None,
    urls: Sequence[str],
    token_id: str,
    *,
    lifetime: int,
    now: int,
    relay_only: bool,
) -> dict[str, Any]:
    """Return what a token answer adds for WebRTC: `iceServers`, and `iceTransportPolicy`.

    Without TURN set up, `{}` (the browser talks to the gateway directly); a relay-only button
    then gets no servers at all, so its call cannot go around the relay it asks for.
    """
    config: dict[str, Any] = {"iceTransportPolicy": "relay"} if relay_only else {}
    if not secret or not urls:
        return config | ({"iceServers": []} if relay_only else {})
    name = username(token_id, now + lifetime)
    server = {"urls": list(urls), "username": name, "credential": credential(secret, name)}
    return config | {"iceServers": [server]}

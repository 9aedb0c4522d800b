"""Post a hook as anyone may: from a chosen address, signed as told or not at all."""

from __future__ import annotations

import json

from tests.wcs import session_id


def hook(client, remote="203.0.113.9", authorization=None, method="connect", raw=None):
    """POST a connect-shaped body (or `raw`) to /hooks/wcs/<method> from `remote`."""
    raw = raw or json.dumps({"sessionId": session_id(), "custom": {"token": "x"}}).encode()
    headers = {"Content-Type": "application/json"}
    if authorization:
        headers["Authorization"] = authorization
    return client.post(
        f"/hooks/wcs/{method}", data=raw, headers=headers, environ_base={"REMOTE_ADDR": remote}
    )

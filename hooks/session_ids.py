"""Read the visitor's address out of a WCS `sessionId` (`/client-ip:port/server-ip:port`)."""

from __future__ import annotations

from addresses import IPAddress, parse_ip


def client_ip(session_id: object) -> IPAddress | None:
    """Return the client IP in `session_id`, or None when it holds no parseable address.

    Java prints IPv6 socket addresses unbracketed (`/0:0:0:0:0:0:0:1:53438`), so the port is
    whatever follows the last colon.
    """
    if not isinstance(session_id, str) or not session_id.startswith("/"):
        return None
    host, sep, port = session_id[1:].split("/", 1)[0].rpartition(":")
    if not sep or not port.isdigit():
        return None
    return parse_ip(host)

"""Read the visitor's address out of a WCS `sessionId` (`/client-ip:port/server-ip:port`)."""

from __future__ import annotations

from callgate.addresses import IPAddress, masked, parse_ip


def session_address(session_id: object) -> IPAddress | None:
    """Return the visitor's address a WCS `session_id` names, or None when it holds none.

    Java prints IPv6 socket addresses unbracketed (`/0:0:0:0:0:0:0:1:53438`), so the port is
    whatever follows the last colon.
    """
    if not isinstance(session_id, str) or not session_id.startswith("/"):
        return None
    host, sep, port = session_id[1:].split("/", 1)[0].rpartition(":")
    if not sep or not port.isdigit():
        return None
    return parse_ip(host)


def for_logs(session_id: str, v4: int, v6: int) -> str:
    """Return `session_id` with the visitor's address cut to its network (/v4 or /v6 bits).

    Logs outlive an erasure (retention/erasure.py), so they never hold the full address.
    """
    address = session_address(session_id)
    if address is None:
        return session_id
    client, _, server = session_id[1:].partition("/")
    network = masked(address, v4, v6)
    host = f"[{network}]" if address.version == 6 else network
    return f"/{host}:{client.rpartition(':')[2]}" + (f"/{server}" if server else "")

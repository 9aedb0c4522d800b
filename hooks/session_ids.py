"""Read the visitor's address out of a WCS `sessionId` (`/client-ip:port/server-ip:port`)."""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_ip(session_id: object) -> IPAddress | None:
    """Return the client IP in `session_id`, or None when it holds no parseable address.

    Java prints IPv6 socket addresses unbracketed (`/0:0:0:0:0:0:0:1:53438`), so the port is
    whatever follows the last colon.
    """
    if not isinstance(session_id, str) or not session_id.startswith("/"):
        return None
    first = session_id[1:].split("/", 1)[0]
    host, sep, port = first.rpartition(":")
    if not sep or not port.isdigit():
        return None
    try:
        address = ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def truncate(address: IPAddress | None, v4_prefix: int, v6_prefix: int) -> str | None:
    """Return `address` masked to its /v4_prefix or /v6_prefix network, as text."""
    if address is None:
        return None
    prefix = v4_prefix if address.version == 4 else v6_prefix
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    return str(network.network_address) if prefix < address.max_prefixlen else str(address)

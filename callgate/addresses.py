"""Client addresses: parse them, cut them to a network prefix, match them against CIDRs.

The one home for address handling: the token limits, token binding, the audit trail, the call
log and the hook allowlist all read and cut addresses here.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: The network a client is assumed to control: one IPv4 /24, one IPv6 /64 (one LAN, one site).
PREFIX_V4 = 24
PREFIX_V6 = 64


def parse_ip(text: object) -> IPAddress | None:
    """Return the address in `text`, IPv4-mapped IPv6 as IPv4, or None if it is not one."""
    if not isinstance(text, str) or not text or len(text) > 64:
        return None
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _network(address: IPAddress, v4: int, v6: int) -> IPNetwork:
    prefix = v4 if address.version == 4 else v6
    return ipaddress.ip_network(f"{address}/{prefix}", strict=False)


def network_of(address: IPAddress, v4: int = PREFIX_V4, v6: int = PREFIX_V6) -> str:
    """Return the /v4 or /v6 network holding `address`, as `network/length` text."""
    return str(_network(address, v4, v6))


def masked(address: IPAddress | None, v4: int, v6: int) -> str | None:
    """Return `address` with all but its first /v4 or /v6 bits zeroed, as text (None stays)."""
    if address is None:
        return None
    return str(_network(address, v4, v6).network_address)


def parse_networks(values: Iterable[str]) -> list[IPNetwork]:
    """Parse CIDRs (a bare address is its own /32 or /128); raise ValueError naming a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip()))
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a CIDR network ({exc})") from None
    return networks


def in_networks(address: IPAddress | None, networks: Iterable[IPNetwork]) -> bool:
    """Return True if `address` lies in one of `networks` (never for an unknown address)."""
    return address is not None and any(address in network for network in networks)

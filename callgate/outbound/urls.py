"""Where a webhook may go: https to a public address, or an address the operator allowed.

The host is resolved here and the request goes to the address checked, never to a second
lookup: a name that answers differently the next time (DNS rebinding) cannot reach inside.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from callgate.addresses import IPAddress, IPNetwork, in_networks
from callgate.errors import InvalidInput

Resolver = Callable[[str, int], list[str]]


class UnsafeUrl(InvalidInput):
    """A webhook URL that is malformed or leads somewhere it must not."""

    code = "unsafe_url"


@dataclass(frozen=True)
class Target:
    """A checked URL and the addresses its host resolved to (connect to these only)."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def resolve(host: str, port: int) -> list[str]:
    """Return every address the system resolver gives for `host`."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeUrl(f"the host {host!r} does not resolve") from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def public(address: IPAddress) -> bool:
    """Return True for a globally routable unicast address (IPv4-mapped ones as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    special = address.is_private or address.is_loopback or address.is_link_local
    special = special or address.is_multicast or address.is_reserved or address.is_unspecified
    return address.is_global and not special


def split(url: object) -> tuple[str, str, int, str]:
    """Return scheme, host, port and path of an http(s) URL; raise UnsafeUrl."""
    if not isinstance(url, str) or len(url) > 2000 or any(ord(c) < 33 for c in url):
        raise UnsafeUrl("the URL must be text without spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeUrl("the URL cannot be read") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UnsafeUrl("the URL must be https://host/…")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("the URL must not carry a user or password")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def check(url: object, allowed: Iterable[IPNetwork], resolver: Resolver = resolve) -> Target:
    """Return the target of `url` if every address of its host may be reached; raise UnsafeUrl.

    https to public addresses only; an address inside `allowed` (CALLGATE_WEBHOOK_ALLOW_CIDRS)
    may be private, and may be plain http.
    """
    scheme, host, port, path = split(url)
    addresses = resolver(host, port)
    if not addresses:
        raise UnsafeUrl(f"the host {host!r} does not resolve")
    networks = list(allowed)
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError:
            raise UnsafeUrl(f"{host!r} resolved to something that is not an address") from None
        if in_networks(address, networks):
            continue
        if not public(address):
            raise UnsafeUrl(f"{host!r} leads to a private or special address", address=text)
        if scheme != "https":
            raise UnsafeUrl("the URL must be https:// (plain http only to allowed networks)")
    return Target(str(url), scheme, host, port, path, tuple(addresses))

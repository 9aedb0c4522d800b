"""One POST to an owner's address: the URL checked against SSRF now, then the request sent to
the very address that was checked (a DNS answer that changes in between cannot redirect it),
TLS verified for the URL's host; redirects are not followed."""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Iterable

from callgate.addresses import IPNetwork
from callgate.outbound import urls

TIMEOUT = 10.0


class _Pinned(http.client.HTTPConnection):
    """Plain HTTP to a fixed address, whatever the host's name resolves to now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        """Connect to the checked address."""
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedTls(http.client.HTTPSConnection):
    """HTTPS to a fixed address; the certificate must still match the host's name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        """Connect to the checked address and verify TLS for the URL's host."""
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    allowed: Iterable[IPNetwork],
    resolver: urls.Resolver = urls.resolve,
) -> int:
    """POST the JSON `body` to `url`, checked now against SSRF and pinned to the address it
    was checked at; return the HTTP status (a redirect is not followed). Raises UnsafeUrl or
    OSError."""
    target = urls.check(url, allowed, resolver)
    kind = _PinnedTls if target.scheme == "https" else _Pinned
    connection = kind(target.host, target.port, target.addresses[0], TIMEOUT)
    try:
        connection.request(
            "POST", target.path, body=body, headers={"Content-Type": "application/json"} | headers
        )
        response = connection.getresponse()
        response.read(65536)
        return response.status
    finally:
        connection.close()

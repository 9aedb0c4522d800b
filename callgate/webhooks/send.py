"""One delivery: POST the signed body to the address the URL was checked against."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Iterable

from callgate.addresses import IPNetwork
from callgate.webhooks import signing, urls

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


def deliver(
    url: str,
    secret: str,
    message_id: str,
    body: bytes,
    allowed: Iterable[IPNetwork],
    resolver: urls.Resolver = urls.resolve,
) -> int:
    """POST `body` signed to `url` (checked again now); return the HTTP status.

    Raises UnsafeUrl if the URL leads somewhere it must not, OSError if nobody answers.
    Redirects are not followed: a 3xx is an answer like any other.
    """
    target = urls.check(url, allowed, resolver)
    kind = _PinnedTls if target.scheme == "https" else _Pinned
    connection = kind(target.host, target.port, target.addresses[0], TIMEOUT)
    sent = signing.headers(secret, message_id, int(time.time()), body)
    sent |= {"Content-Type": "application/json", "User-Agent": "Callgate-Webhooks"}
    try:
        connection.request("POST", target.path, body=body, headers=sent)
        response = connection.getresponse()
        response.read(65536)
        return response.status
    finally:
        connection.close()

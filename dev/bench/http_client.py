"""HTTP for the benchmarks' clients: one connection to a TCP or Unix-socket server, one request."""

from __future__ import annotations

import http.client
import socket
import ssl
from urllib.parse import urlsplit

UNVERIFIED = ssl._create_unverified_context()


class UnixConnection(http.client.HTTPConnection):
    """HTTP over a Unix socket (gunicorn's `unix:/path` bind)."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self) -> None:
        """Open the socket."""
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def connect(base: str, timeout: float = 10) -> http.client.HTTPConnection:
    """Return a connection to `base`: http://host:port, https://host:port or unix:/path."""
    if base.startswith("unix:"):
        return UnixConnection(base.removeprefix("unix:"), timeout)
    parts = urlsplit(base)
    if parts.scheme == "https":
        return http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=timeout, context=UNVERIFIED
        )
    return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)


def ask(
    connection: http.client.HTTPConnection, method: str, path: str, body: bytes, headers: dict
) -> tuple[int | str, dict, bytes]:
    """Send one request; return status, headers and body ("error" for a broken connection)."""
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    except (OSError, http.client.HTTPException):
        connection.close()
        return "error", {}, b""

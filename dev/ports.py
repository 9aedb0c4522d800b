"""Loopback ports for the tools that start servers: a free one, and waiting for one to answer."""

from __future__ import annotations

import socket
import time


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, deadline: float = 30.0) -> None:
    """Block until something accepts connections on loopback `port`, or raise RuntimeError."""
    end = time.monotonic() + deadline
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > end:
                raise RuntimeError(f"nothing listens on port {port}") from None
            time.sleep(0.1)

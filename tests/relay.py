"""A TCP relay in front of a server (the test PostgreSQL) that can hang: while hung, it accepts
new connections but passes nothing on, so a client waits for the server's first byte until the
relay is released, however long that is. The network to the database "hangs", for real."""

from __future__ import annotations

import socket
import threading


class Relay:
    """Relay 127.0.0.1:`port` to `upstream`; hang() holds new connections until release()."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        """Listen on a free loopback port and relay each connection to `upstream`."""
        self.upstream = upstream
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.server.getsockname()[1]
        self.passing = threading.Event()
        self.passing.set()
        self.sockets: list[socket.socket] = []
        self.held = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self) -> None:
        """From now on, hold every new connection without a byte passed either way."""
        self.passing.clear()

    def release(self) -> None:
        """Pass the held connections, and every later one, on to the server."""
        self.passing.set()

    def close(self) -> None:
        """Stop listening and cut every connection."""
        self.passing.set()
        self.server.close()
        for sock in self.sockets:
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.sockets.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        if not self.passing.is_set():
            self.held += 1
            self.passing.wait()
        try:
            server = socket.create_connection(self.upstream)
        except OSError:
            client.close()
            return
        self.sockets.append(server)
        threading.Thread(target=_pipe, args=(server, client), daemon=True).start()
        _pipe(client, server)


def _pipe(source: socket.socket, target: socket.socket) -> None:
    """Copy bytes from `source` to `target` until either closes."""
    try:
        while data := source.recv(65536):
            target.sendall(data)
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass

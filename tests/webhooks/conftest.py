"""A local webhook receiver."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest


class Got(list):
    """What the receiver was sent; `answers[-1]` is the status it answers with."""

    answers: list[int]


@pytest.fixture
def receiver():
    """A local HTTP server that keeps what it was sent; yield (its URL, the list)."""
    got = Got()
    answers = [204]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(answers[-1])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    got.answers = answers
    yield f"http://127.0.0.1:{server.server_port}/hooks/in", got
    server.shutdown()
    thread.join()
    server.server_close()

"""Webhook test steps: a local HTTP receiver that keeps what it was sent; an endpoint with
events queued for it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

from sqlalchemy.orm import Session

from callgate.addresses import parse_networks
from callgate.webhooks import endpoints, outbox

LOOPBACK = parse_networks(["127.0.0.1/32"])


class Got(list):
    """What the receiver was sent; `answers[-1]` is the status it answers with."""

    answers: list[int]


@contextmanager
def receiving(status: int = 204) -> Iterator[tuple[str, Got]]:
    """Run a local HTTP server that keeps (path, headers, body) of each POST; yield its URL
    and the list. Append to the list's `answers` to change what it answers from then on."""
    got = Got()
    got.answers = [status]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(got.answers[-1])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/in", got
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def endpoint_with(
    db: Session, url: str, events: list[tuple[str, datetime]], workspace: int = 1
) -> tuple[int, str]:
    """Make an endpoint of `workspace` for every event type and queue `events` (type, time)
    for it; return its id and secret."""
    row, secret = endpoints.create(
        db, workspace, {"url": url, "events": list(endpoints.EVENTS)}, "cli", LOOPBACK
    )
    for event, at in events:
        outbox.enqueue(db, workspace, event, {"buttonId": "b1"}, at)
    db.commit()
    return row.id, secret

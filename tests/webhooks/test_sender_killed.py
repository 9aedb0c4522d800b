"""A webhook sender killed in the middle of a delivery loses no event: the message stays in the
outbox until a delivery is answered, and the watchdog that takes the lease over sends it again,
the same message under the same `webhook-id`, which a receiver deduplicates by."""

from __future__ import annotations

import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from callgate.db import get_db
from callgate.db.integrations import WebhookMessage
from callgate.db.models import utcnow
from tests.browser.stack import free_port
from tests.servers import ROOT, environment, eventually
from tests.webhooks.helpers import endpoint_with

WATCHDOG = [str(ROOT / "bin" / "callgate"), "calls", "watchdog", "--interval", "0.5"]


@contextmanager
def holding_receiver() -> Iterator[tuple[str, list, threading.Event]]:
    """A receiver that keeps every POST and leaves the first one unanswered until released."""
    got: list[tuple[dict, bytes]] = []
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append(({k.lower(): v for k, v in self.headers.items()}, body))
            if len(got) == 1:
                release.wait(30)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/in", got, release
    finally:
        release.set()
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture
def watchdog(database_url, wcs_rest, tmp_path: Path):
    """Start a watchdog process (2 s lease, webhooks to loopback allowed); kill them after."""
    started: list[subprocess.Popen] = []

    def start(name: str) -> subprocess.Popen:
        settings = {"WCS_API_URL": wcs_rest.url, "WCS_API_USER": name, "WCS_API_PASSWORD": "pw"}
        settings["WEBHOOK_ALLOW_CIDRS"] = "127.0.0.1/32"
        env = environment(database_url, free_port(), **settings)
        with (tmp_path / f"{name}.log").open("w") as out:
            command = [*WATCHDOG, "--lease", "2"]
            started.append(subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT))
        return started[-1]

    yield start
    for process in started:
        process.kill()
        process.wait(timeout=10)


def message_of(app) -> tuple[str, str, int]:
    with app.app_context():
        [message] = get_db().query(WebhookMessage).all()
        return message.message_id, message.status, message.attempts


def test_killing_the_sender_mid_delivery_loses_no_event(app, watchdog):
    with holding_receiver() as (url, got, release):
        with app.app_context():
            _endpoint, secret = endpoint_with(
                get_db(), url, [("callback.requested", utcnow() - timedelta(seconds=1))]
            )
        first = watchdog("first")
        assert eventually(lambda: len(got) == 1, 30), "the first watchdog sent nothing"
        first.send_signal(signal.SIGKILL)  # while it waits for the receiver's answer
        first.wait(timeout=10)
        message_id, status, attempts = message_of(app)
        assert (status, attempts) == ("pending", 0)
        watchdog("second")
        assert eventually(lambda: message_of(app)[1] == "delivered", 30), message_of(app)
        release.set()
    assert len(got) == 2
    for headers, body in got:
        assert headers["webhook-id"] == message_id
        assert Webhook(secret).verify(body, headers)["type"] == "callback.requested"
    assert got[0][1] == got[1][1]
    assert message_of(app)[2] == 1

"""deploy/nginx/callgate.conf in front of a real bin/serve: TLS, gzip, X-Forwarded-For with
CALLGATE_TRUSTED_PROXIES=1, the request id, /metrics kept off the balancer."""

from __future__ import annotations

import gzip
import json
import signal
import ssl
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

import pytest

from tests.browser.stack import free_port, wait_for
from tests.deploy import nginx
from tests.servers import FLASK, ROOT, SERVE, environment, eventually

TOKEN = "nginx-test-metrics-token-01234"
TLS = ssl.create_default_context()
TLS.check_hostname, TLS.verify_mode = False, ssl.CERT_NONE


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(urllib.request.HTTPSHandler(context=TLS), NoRedirect)


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Answer:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with OPENER.open(request, timeout=10) as answer:
            return Answer(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.headers, error.read())


@pytest.fixture(scope="module")
def proxied(tmp_path_factory, test_databases):
    """One app instance (trusting one proxy) behind the repository's nginx configuration."""
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    url = test_databases.fresh(folder)
    run = folder / "run"
    env = environment(url, port, TRUSTED_PROXIES="1", METRICS_TOKEN=TOKEN, RUN_DIR=str(run))
    app = subprocess.Popen([SERVE], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    hooks = [f"unix:{run / 'hooks.sock'}"]
    server = nginx.start(folder, [f"127.0.0.1:{port}"], free_port(), free_port(), hooks)
    wait_for(port)
    wait_for(server.https_port)
    assert eventually((run / "hooks.sock").is_socket)
    yield {
        "server": server,
        "env": env,
        "https": f"https://127.0.0.1:{server.https_port}",
        "hooks": hooks[0],
    }
    server.process.send_signal(signal.SIGQUIT)
    app.send_signal(signal.SIGTERM)
    server.process.wait(timeout=20)
    app.wait(timeout=20)
    test_databases.drop(url)


def test_plain_http_is_sent_to_https(proxied):
    answer = fetch(f"http://127.0.0.1:{proxied['server'].http_port}/healthz")
    assert answer.status == 301
    assert answer.headers["Location"].startswith("https://")


def test_the_app_adopts_nginx_s_request_id(proxied):
    answer = fetch(proxied["https"] + "/healthz")
    assert answer.status == 200
    request_id = answer.headers["X-Request-ID"]
    log = proxied["server"].folder / "access.log"
    # nginx writes the line once the answer is out, so it may come a moment after it.
    assert eventually(lambda: request_id in log.read_text().split())


def test_scripts_are_compressed(proxied):
    answer = fetch(proxied["https"] + "/widget.js", {"Accept-Encoding": "gzip"})
    assert answer.status == 200 and answer.headers["Content-Encoding"] == "gzip"
    assert b"use strict" in gzip.decompress(answer.body)


def test_metrics_are_not_served_through_the_balancer(proxied):
    answer = fetch(proxied["https"] + "/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert answer.status == 404


def test_the_client_address_is_nginx_s_view_not_the_client_s_claim(proxied):
    answer = fetch(
        proxied["https"] + "/api/v1/buttons/no-such-button/token",
        {"Origin": "https://shop.example.com", "X-Forwarded-For": "203.0.113.99"},
        method="POST",
    )
    assert answer.status == 404
    events = subprocess.run(
        [FLASK, "--app", "callgate.app", "audit", "list", "--json"],
        cwd=ROOT,
        env=proxied["env"],
        capture_output=True,
        text=True,
        check=True,
    )
    [event] = [e for e in json.loads(events.stdout) if e["action"] == "token"]
    assert event["clientIp"] == "127.0.0.0"


def upstream_of(proxied, request_id: str) -> str:
    """Return the upstream nginx logged for the request (its access line's last field)."""
    log = proxied["server"].folder / "access.log"

    def line() -> str | None:
        lines = log.read_text().splitlines()
        return next((x for x in lines if x.startswith(request_id + " ")), None)

    assert eventually(lambda: line() is not None)
    return str(line()).split()[-1]


def test_hooks_go_to_the_hook_workers_and_the_rest_does_not(proxied):
    hook = fetch(proxied["https"] + "/hooks/wcs/connect", method="POST")
    assert hook.status == 403 and json.loads(hook.body)["status"] == 403  # the hook's own refusal
    assert upstream_of(proxied, hook.headers["X-Request-ID"]) == proxied["hooks"]
    page = fetch(proxied["https"] + "/console/login")
    assert page.status == 200
    assert upstream_of(proxied, page.headers["X-Request-ID"]).startswith("127.0.0.1:")

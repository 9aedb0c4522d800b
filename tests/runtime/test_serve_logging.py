"""bin/serve's logs and worker hooks (serve_logging.py): JSON lines with request ids and no
secrets; metrics added up over the workers, a dead one's counts kept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.browser.stack import free_port, wait_for
from tests.servers import METRICS_TOKEN, ROOT, SERVE, environment, eventually, get


@pytest.fixture(scope="module")
def server(tmp_path_factory, test_databases):
    """One JSON-logging server with two workers behind a (pretend) trusted proxy."""
    workdir = tmp_path_factory.mktemp("serve")
    port = free_port()
    url = test_databases.fresh(workdir)
    env = environment(
        url,
        port,
        LOG_FORMAT="json",
        METRICS_TOKEN=METRICS_TOKEN,
        TRUSTED_PROXIES="1",
        RUN_DIR=str(workdir / "run"),
    )
    log = open(workdir / "server.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([SERVE], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_for(port)
    yield {
        "url": f"http://127.0.0.1:{port}",
        "log": workdir / "server.log",
        "process": process,
        "run": workdir / "run",
    }
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=20)
    log.close()
    test_databases.drop(url)


def lines(server: dict) -> list[dict]:
    return [json.loads(line) for line in server["log"].read_text().splitlines() if line]


def test_json_logs_carry_the_request_id_and_hide_secrets(server):
    status, headers, _ = get(
        server["url"] + "/healthz?token=hunter2-secret", {"X-Request-ID": "req-0042-abc"}
    )
    assert (status, headers["X-Request-ID"]) == (200, "req-0042-abc")
    _, headers, _ = get(server["url"] + "/readyz")
    generated = headers["X-Request-ID"]

    def access() -> list[dict]:
        return [line for line in lines(server) if line["logger"] == "gunicorn.access"]

    assert eventually(lambda: any(line["request_id"] == generated for line in access()))
    found = lines(server)  # every line is JSON, or this fails
    mine = next(line for line in access() if line["request_id"] == "req-0042-abc")
    assert (mine["method"], mine["path"], mine["status"]) == ("GET", "/healthz", 200)
    assert "hunter2-secret" not in json.dumps(found)
    assert all({"time", "level", "logger", "message", "request_id"} <= set(line) for line in found)


def metric(server: dict, name: str, **labels: str) -> float:
    _, _, body = get(server["url"] + "/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"})
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return 0.0


def workers(server: dict) -> list[int]:
    """Return the pids of the workers that answer everything but the hooks."""
    arbiter = (server["run"] / "gunicorn.pid").read_text().strip()
    found = subprocess.run(["pgrep", "-P", arbiter], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def test_metrics_add_up_every_worker_and_keep_a_dead_one_s_counts(server):
    before = metric(server, "callgate_tokens_refused_total", reason="not_found")
    for n in range(40):
        request = urllib.request.Request(
            server["url"] + "/api/v1/buttons/nope/token",
            method="POST",
            headers={"Origin": "https://shop.example.com", "X-Forwarded-For": f"198.51.{n}.7"},
        )
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10)
    assert metric(server, "callgate_tokens_refused_total", reason="not_found") == before + 40
    first = workers(server)
    os.kill(first[0], signal.SIGKILL)
    assert eventually(lambda: len(set(workers(server)) - set(first)) == 1)
    assert metric(server, "callgate_tokens_refused_total", reason="not_found") == before + 40

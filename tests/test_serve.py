"""bin/serve, the real server: a bad setting stops it once before any port opens; JSON logs with
request ids; metrics summed over workers, dead ones included; one control socket per instance."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.browser.stack import free_port, wait_for
from tests.data import ENCRYPTION_KEY, SECRET_KEY

ROOT = Path(__file__).resolve().parents[1]
SERVE = str(ROOT / "bin" / "serve")
FLASK = str(ROOT / ".venv" / "bin" / "flask")
METRICS_TOKEN = "serve-test-metrics-token-0123"
OTHER_KEY = "Q0wdq1dZ1lOj1vV2Dk7tp1wG2y0x8XvjXkTKRIl4b0g="


def environment(database_url: str, port: int, **settings: str) -> dict[str, str]:
    """Return an environment with only these CALLGATE_* settings, on the database given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CALLGATE_", "PROMETHEUS_"))}
    return env | {
        "CALLGATE_SETTINGS_FILE": "/nonexistent/callgate.env",
        "CALLGATE_SECRET_KEY": SECRET_KEY,
        "CALLGATE_ENCRYPTION_KEYS": ENCRYPTION_KEY,
        "CALLGATE_WCS_HOOK_SECRETS": "serve-test-hook-secret",
        "CALLGATE_DATABASE_URL": database_url,
        "CALLGATE_BIND": f"127.0.0.1:{port}",
        "CALLGATE_WORKERS": "2",
        **{f"CALLGATE_{key}": value for key, value in settings.items()},
    }


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def refused_start(env: dict[str, str], port: int) -> tuple[int, str, str]:
    """Run bin/serve to its end, watching the port the whole time; return status and output."""
    process = subprocess.Popen(
        [SERVE], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    opened = False
    while process.poll() is None:
        opened = opened or listening(port)
        time.sleep(0.01)
    out, err = process.communicate(timeout=30)
    assert not opened and not listening(port), "the port opened"
    return process.returncode, out, err


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        (
            "TOKEN_BINDING",
            "bogus",
            "Error: CALLGATE_TOKEN_BINDING must be one of off, prefix, exact",
        ),
        ("WORKER_CLASS", "eventlet", "Error: CALLGATE_WORKER_CLASS must be one of sync, gthread"),
    ],
)
def test_a_bad_setting_stops_the_server_once_before_any_port_opens(tmp_path, setting, value, error):
    port = free_port()
    env = environment(f"sqlite:///{tmp_path / 'never-opened.sqlite3'}", port)
    status, out, err = refused_start(env | {f"CALLGATE_{setting}": value}, port)
    assert status == 1
    assert (out, err.splitlines()) == ("", [error])


def test_an_undecryptable_password_stops_the_server_once(database_url):
    port = free_port()
    env = environment(database_url, port)
    create = [FLASK, "--app", "app", "button", "create", "--name", "X", "--origin"]
    create += ["https://shop.example.com", "--callee", "7001", "--gateway-url", "wss://gw.test"]
    create += ["--sip-login", "l", "--sip-password-stdin", "--json"]
    made = subprocess.run(create, cwd=ROOT, env=env, input="pw\n", capture_output=True, text=True)
    button_id = json.loads(made.stdout)["id"]
    status, out, err = refused_start(env | {"CALLGATE_ENCRYPTION_KEYS": OTHER_KEY}, port)
    assert status == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith("Error: ") and button_id in line and "Booting worker" not in err


@pytest.fixture(scope="module")
def server(tmp_path_factory, test_databases):
    """One JSON-logging server with two workers behind a (pretend) trusted proxy."""
    workdir = tmp_path_factory.mktemp("serve")
    port = free_port()
    url = test_databases.fresh(workdir)
    env = environment(
        url, port, LOG_FORMAT="json", METRICS_TOKEN=METRICS_TOKEN, TRUSTED_PROXIES="1"
    )
    log = open(workdir / "server.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([SERVE], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_for(port)
    yield {"url": f"http://127.0.0.1:{port}", "log": workdir / "server.log", "process": process}
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


def eventually(predicate: Callable[[], bool], seconds: float = 30) -> bool:
    """Poll `predicate` until it holds or `seconds` pass; return whether it held."""
    end = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def metric(server: dict, name: str, **labels: str) -> float:
    _, _, body = get(server["url"] + "/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"})
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return 0.0


def workers(server: dict) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(server["process"].pid)], capture_output=True, text=True
    )
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


def test_each_instance_has_its_own_control_socket_and_run_folder(server, tmp_path, database_url):
    port = free_port()
    env = environment(database_url, port, RUN_DIR=str(tmp_path / "run"))
    second = subprocess.Popen(
        [SERVE], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for(port)
        # gunicorn opens it once the workers are up
        assert eventually((tmp_path / "run" / "gunicorn.ctl").is_socket)
        twin = subprocess.run(
            [SERVE],
            cwd=ROOT,
            env=env | {"CALLGATE_BIND": f"127.0.0.1:{free_port()}"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert twin.returncode == 1
        assert twin.stderr.startswith("Error: another server runs with")
    finally:
        second.send_signal(signal.SIGTERM)
        out, _ = second.communicate(timeout=20)
    assert "Control socket listening at " + str(tmp_path / "run" / "gunicorn.ctl") in out
    assert "Failed to start control socket" not in out + server["log"].read_text()

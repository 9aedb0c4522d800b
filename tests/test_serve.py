"""bin/serve, the real server: a bad setting stops it once before any port opens, and each
instance has its own control socket and run folder."""

from __future__ import annotations

import json
import signal
import subprocess
import time

import pytest

from tests.browser.stack import free_port, wait_for
from tests.servers import FLASK, OTHER_KEY, ROOT, SERVE, environment, eventually, listening


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


def test_each_instance_has_its_own_control_socket_and_run_folder(tmp_path, database_url):
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
    assert "Failed to start control socket" not in out

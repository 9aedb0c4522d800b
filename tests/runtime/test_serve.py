"""bin/serve, the real server: a bad setting stops it once before any port opens, and each
instance has its own control socket and run folder."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import time

import pytest
from alembic import command

from callgate.db.migrate import alembic_config, head, scripts
from callgate.runtime.serve import PIDFILES
from tests.browser.stack import free_port, wait_for
from tests.databases import BACKEND
from tests.servers import FLASK, OTHER_KEY, ROOT, SERVE, environment, eventually, get, listening


def refused_start(env: dict[str, str], port: int) -> tuple[int, str, str]:
    """Run bin/serve to its end, watching the port the whole time; return status and output."""
    process = subprocess.Popen(
        [SERVE], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    opened = False
    while process.poll() is None and not opened:
        opened = listening(port)
        time.sleep(0.01)
    if opened:  # it serves: stop it, and fail below
        process.terminate()
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
    create = [FLASK, "--app", "callgate.app", "button", "create", "--name", "X", "--origin"]
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


def unix_get(socket_path: str, path: str, method: str = "GET", body: bytes = b"") -> int:
    """Send one request over a Unix socket; return the status."""
    connection = http.client.HTTPConnection("localhost", timeout=10)
    connection.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.sock.connect(socket_path)
    connection.request(method, path, body=body)
    status = connection.getresponse().status
    connection.close()
    return status


def test_the_hooks_get_workers_of_their_own(tmp_path, database_url):
    port = free_port()
    env = environment(database_url, port, RUN_DIR=str(tmp_path / "run"))
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "gunicorn.pid").write_text("1\n")  # a killed server's, pid since reused
    server = subprocess.Popen(
        [SERVE], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    hooks = str(tmp_path / "run" / "hooks.sock")
    try:
        wait_for(port)
        assert eventually(lambda: os.path.exists(hooks))
        arbiters = {(tmp_path / "run" / name).read_text().strip() for name in PIDFILES}
        assert len(arbiters) == 2 and "1" not in arbiters
        assert unix_get(hooks, "/hooks/wcs/connect", "POST", b"{}") == 403  # the hook's answer
        assert unix_get(hooks, "/healthz") == 200
        assert unix_get(hooks, "/console/login") == 404
        assert unix_get(hooks, "/api/v1/buttons/x/token", "POST") == 404
        # The other pool still takes everything, hooks too.
        assert get(f"http://127.0.0.1:{port}/console/login")[0] == 200
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=30)
    assert server.returncode == 0
    assert f"Listening at: unix:{hooks}" in out
    assert not os.path.exists(hooks) and not listening(port)


def test_when_one_pool_dies_the_whole_server_stops(tmp_path, database_url):
    port = free_port()
    env = environment(database_url, port, RUN_DIR=str(tmp_path / "run"))
    server = subprocess.Popen(
        [SERVE], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for(port)
        assert eventually((tmp_path / "run" / "hooks.ctl").is_socket)
        arbiters = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=True
        ).stdout.split()
        assert len(arbiters) == 2
        os.kill(int(arbiters[1]), signal.SIGKILL)
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
        server.communicate(timeout=30)
    assert server.returncode == 1
    assert eventually(lambda: not listening(port))


def test_hook_bind_off_runs_one_pool(tmp_path, database_url):
    port = free_port()
    env = environment(database_url, port, RUN_DIR=str(tmp_path / "run"), HOOK_BIND="off")
    server = subprocess.Popen(
        [SERVE], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for(port)
        assert eventually((tmp_path / "run" / "gunicorn.ctl").is_socket)
        assert not (tmp_path / "run" / "hooks.sock").exists()
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=30)
    assert out.count("Listening at:") == 1


def test_check_names_where_the_hooks_go(tmp_path, database_url):
    env = environment(database_url, free_port(), RUN_DIR=str(tmp_path / "run"))
    done = subprocess.run([SERVE, "--check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0
    assert f"take WCS's hooks on unix:{tmp_path / 'run' / 'hooks.sock'}" in done.stdout


CALLGATE = str(ROOT / "bin" / "callgate")


def one_error(err: str) -> str:
    """Return the one `Error:` line of a refused command's stderr (log lines may precede it)."""
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if line.startswith("Error: ")]
    return line


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("DATABASE_URL", "mysql://x", "Error: CALLGATE_DATABASE_URL must name a SQLite or Postgre"),
        ("DATABASE_URL", "not a url", "Error: CALLGATE_DATABASE_URL is not a database URL; "),
        ("DATABASE_URL", "postgresql+psycopg2://u@h/db", "Error: CALLGATE_DATABASE_URL names a"),
        ("PUBLIC_URL", "ftp://x", "Error: CALLGATE_PUBLIC_URL must be an http:// or https:// URL"),
        ("PUBLIC_URL", "callgate.example.com", "Error: CALLGATE_PUBLIC_URL must be an http://"),
    ],
)
def test_a_bad_url_is_one_error_line_for_the_check_the_server_and_the_cli(
    tmp_path, setting, value, error
):
    port = free_port()
    env = environment(f"sqlite:///{tmp_path / 'never-opened.sqlite3'}", port)
    env[f"CALLGATE_{setting}"] = value
    status, out, err = refused_start(env, port)
    assert (status, out) == (1, "") and err.splitlines() == [one_error(err)]
    assert one_error(err).startswith(error)
    for argv in ([SERVE, "--check"], [CALLGATE, "button", "list"]):
        result = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert (result.returncode, result.stdout) == (1, ""), argv
        assert result.stderr.splitlines() == [one_error(result.stderr)]
        assert one_error(result.stderr).startswith(error), argv


def unreachable_url(tmp_path) -> str:
    if BACKEND == "sqlite":
        return f"sqlite:///{tmp_path / 'no-such-folder' / 'callgate.sqlite3'}"
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/callgate"


@pytest.fixture(params=["unreachable", "unmigrated", "behind"])
def bad_database(request, tmp_path, empty_database_url) -> tuple[str, str]:
    """A database bin/serve cannot serve, and the start of the one error line about it."""
    if request.param == "unreachable":
        return unreachable_url(
            tmp_path
        ), "Error: the database (CALLGATE_DATABASE_URL) does not answer: "
    if request.param == "behind":
        previous = str(scripts().get_revision(head()).down_revision)
        command.upgrade(alembic_config(empty_database_url), previous)
        return empty_database_url, (
            f"Error: the database schema is at revision {previous}, older than {head()}: "
            "run `bin/callgate db upgrade`"
        )
    return (
        empty_database_url,
        "Error: the database has no Callgate schema yet: run `bin/callgate db upgrade`",
    )


def test_the_check_fails_on_a_database_that_cannot_serve(tmp_path, bad_database):
    url, error = bad_database
    env = environment(url, free_port())
    for argv in ([SERVE, "--check"], [CALLGATE, "db", "check"]):
        result = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert (result.returncode, result.stdout) == (1, ""), argv
        assert one_error(result.stderr).startswith(error), argv


def test_the_check_passes_on_a_migrated_database(tmp_path, database_url):
    port = free_port()
    result = subprocess.run(
        [SERVE, "--check"],
        cwd=tmp_path,
        env=environment(database_url, port),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    said = f"settings OK, database at revision {head()}; bin/serve would listen on 127.0.0.1:{port}"
    assert result.stdout.startswith(f"{said}, and take WCS's hooks on unix:")
    assert result.stdout.endswith(f"127.0.0.1_{port}/hooks.sock\n")


@pytest.mark.parametrize("argument", ["--chek", "check", "-x"])
def test_an_unknown_argument_is_refused_before_anything_starts(tmp_path, argument):
    port = free_port()
    env = environment(f"sqlite:///{tmp_path / 'never-opened.sqlite3'}", port)
    result = subprocess.run([SERVE, argument], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and not listening(port)
    assert result.stderr == f"Error: unknown argument {argument!r}; see bin/serve --help\n"

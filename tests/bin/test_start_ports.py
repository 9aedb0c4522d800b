"""bin/start beside other programs: a busy port is named before anything changes, a second start
in the same folder says that Callgate already runs there, and "Callgate is running" comes once
everything it started answers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bin import checkouts
from tests.bin.checkouts import environment
from tests.bin.test_start import RUNNING, callgate, gone, install, start
from tests.browser.stack import free_port
from tests.servers import eventually, get, listening

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    return install(checkouts.copy(tmp_path_factory.mktemp("checkout")))


def state(checkout: Path) -> dict[str, tuple[int, int]]:
    """Return each file of the copy's instance/ with its size and change time (not the lock)."""
    instance = checkout / "instance"
    return {
        str(p.relative_to(instance)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in instance.rglob("*")
        if p.name != "start.lock"
    }


def run_start(checkout: Path, **ports: object) -> subprocess.CompletedProcess:
    """Run bin/start to its end (at most 120 s; then it and all it started are stopped)."""
    process = subprocess.Popen(
        [str(checkout / "bin" / "start")],
        cwd=checkout,
        env=environment(**ports),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture
def other_program():
    """Another program listening on all addresses, as a stray server would."""
    port = free_port()
    code = f"import socket, time; s = socket.create_server(('0.0.0.0', {port})); time.sleep(120)"
    process = subprocess.Popen([sys.executable, "-c", code])
    assert eventually(lambda: listening(port), 10)
    yield port, process.pid
    process.kill()
    process.wait()


def test_a_busy_port_is_named_and_nothing_changes(installed, other_program):
    port, pid = other_program
    button_id = (installed / "instance" / "demo-button-id").read_text().strip()
    button = callgate(installed, "button", "show", button_id)
    before = state(installed)
    result = run_start(
        installed, CALLGATE_PORT=free_port(), GATEWAY_PORT=port, DEMO_PORT=free_port()
    )
    assert (result.returncode, result.stdout) == (1, "")
    error, advice = result.stderr.splitlines()
    assert error.startswith(
        f"Error: port {port}, for the dev gateway (GATEWAY_PORT), is in use by "
    )
    assert f"(pid {pid}: " in error and "python -c import socket" in error
    assert advice.startswith("start: nothing was changed; ")
    assert state(installed) == before
    assert callgate(installed, "button", "show", button_id) == button


@pytest.mark.parametrize(
    ("ports", "error"),
    [
        ({"CALLGATE_PORT": "80a"}, "Error: the port of the app (CALLGATE_PORT) must be a number "),
        ({"DEMO_PORT": "70000"}, "Error: the port of the demo site (DEMO_PORT) must be a number "),
        ({"GATEWAY_PORT": "0"}, "Error: the port of the dev gateway (GATEWAY_PORT) must be a "),
        ({"DEMO_PORT": "same"}, "Error: CALLGATE_PORT, GATEWAY_PORT and DEMO_PORT must be three"),
    ],
)
def test_bad_ports_are_refused_before_anything_changes(installed, ports, error):
    chosen = {"CALLGATE_PORT": free_port(), "GATEWAY_PORT": free_port(), "DEMO_PORT": free_port()}
    chosen |= ports
    if chosen["DEMO_PORT"] == "same":
        chosen["DEMO_PORT"] = chosen["CALLGATE_PORT"]
    before = state(installed)
    result = run_start(installed, **chosen)
    assert (result.returncode, result.stdout) == (1, "")
    [line] = result.stderr.splitlines()
    assert line.startswith(error)
    assert state(installed) == before


def answers(url: str) -> bool:
    return get(url)[0] == 200


def test_a_second_start_says_callgate_already_runs_and_leaves_it_alone(installed):
    api, gateway, demo = free_port(), free_port(), free_port()
    first, seen = start(
        installed, environment(CALLGATE_PORT=api, GATEWAY_PORT=gateway, DEMO_PORT=demo)
    )
    try:
        assert RUNNING in seen[-1], seen
        # When it says so, everything it started answers, the watchdog runs.
        assert answers(f"http://127.0.0.1:{api}/healthz")
        assert answers(f"http://127.0.0.1:{gateway}/__dev/stats")
        assert answers(f"http://127.0.0.1:{demo}/")
        watchdog = subprocess.run(["pgrep", "-g", str(first.pid), "-f", "calls watchdog"])
        assert watchdog.returncode == 0
        button_id = (installed / "instance" / "demo-button-id").read_text().strip()
        button = callgate(installed, "button", "show", button_id)
        # Again on the same ports, and on other free ones (which would move the demo button).
        for ports in ((api, gateway, demo), (free_port(), free_port(), free_port())):
            result = run_start(
                installed, CALLGATE_PORT=ports[0], GATEWAY_PORT=ports[1], DEMO_PORT=ports[2]
            )
            assert (result.returncode, result.stdout) == (1, "")
            assert result.stderr == (
                f"Error: Callgate is already running from this folder (bin/start, pid {first.pid}):"
                f" the demo site on http://127.0.0.1:{demo}/, the app on http://127.0.0.1:{api}/,"
                f" the dev gateway on port {gateway}. Stop it first (Ctrl-C where it runs).\n"
            )
        assert callgate(installed, "button", "show", button_id) == button
        assert answers(f"http://127.0.0.1:{api}/healthz")
        assert answers(f"http://127.0.0.1:{api}/widget.js")
    finally:
        first.send_signal(signal.SIGTERM)
        out, _ = first.communicate(timeout=30)
        ended = gone(first.pid)
        if not ended:  # leave nothing running, whatever failed
            os.killpg(first.pid, signal.SIGKILL)
    # The quickstart's app writes no access log line: the banner stays in sight.
    assert '"GET /healthz HTTP/1' not in out and '"GET /widget.js HTTP/1' not in out
    assert ended

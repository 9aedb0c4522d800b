"""bin/start as a new user runs it, in a copy of the checkout: the demo button follows the ports,
an app that cannot start stops everything, saying why, and the demo admin's password stays
readable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.bin import checkouts
from tests.bin.checkouts import environment
from tests.browser.stack import free_port

# bin/start is the quickstart on SQLite in instance/, whatever the suite's backend.
pytestmark = pytest.mark.sqlite_only
RUNNING = "Callgate is running."


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the product (its .venv and node_modules linked), with an instance of its own."""
    return checkouts.copy(tmp_path_factory.mktemp("checkout"))


def start(checkout: Path, env: dict[str, str]) -> tuple[subprocess.Popen, list[str]]:
    """Run bin/start until it says it is running (or ends); return it and what it printed."""
    process = subprocess.Popen(
        [str(checkout / "bin" / "start")],
        cwd=checkout,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line.rstrip("\n"))
        if RUNNING in line:
            break
    return process, seen


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)


def callgate(checkout: Path, *args: str) -> dict:
    """Run bin/callgate in the copy, outside bin/start, as an operator would; return its JSON."""
    result = subprocess.run(
        [str(checkout / "bin" / "callgate"), *args, "--json"],
        cwd="/",
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def gone(group: int) -> bool:
    """Tell whether every process bin/start started has ended."""
    end = time.monotonic() + 30
    while time.monotonic() < end:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def installed(checkout: Path) -> Path:
    """The copy as an earlier bin/start left it: settings, database, demo button on old ports."""
    return install(checkout)


def install(checkout: Path) -> Path:
    """Make `checkout` look as an earlier bin/start left it; return it."""
    instance = checkout / "instance"
    instance.mkdir()
    settings = instance / "callgate.env"
    settings.write_text(
        "CALLGATE_SECRET_KEY=cli-test-secret-key-0123456789\n"
        "CALLGATE_WCS_HOOK_SECRETS=cli-test-hook-secret\n"
        "CALLGATE_ENCRYPTION_KEYS=mmvNBdXA0F4GrVJgmZz-rKq5R8ZkyiIPGs5cTVPnMlg=\n"
    )
    settings.chmod(0o600)
    flask = [str(checkout / ".venv" / "bin" / "flask"), "--app", "callgate.app"]
    run = {"cwd": checkout, "env": environment(), "capture_output": True, "text": True}
    subprocess.run([*flask, "db", "upgrade"], check=True, **run)
    old = ["--origin", "http://127.0.0.1:1", "--gateway-url", "ws://127.0.0.1:2"]
    made = subprocess.run(
        [*flask, "button", "create", "--name", "Demo button", *old, "--callee", "100"]
        + ["--sip-login", "demo", "--sip-password-stdin", "--json"],
        input="demo-password\n",
        check=True,
        **run,
    )
    (instance / "demo-button-id").write_text(json.loads(made.stdout)["id"] + "\n")
    return checkout


def test_the_cli_outside_bin_start_finds_the_installation_s_settings(installed):
    flask = [str(installed / ".venv" / "bin" / "flask"), "--app", "callgate.app"]
    listed = subprocess.run(
        [*flask, "button", "list", "--json"],
        cwd=installed,
        env=environment(),
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0, listed.stderr
    assert [b["name"] for b in json.loads(listed.stdout)] == ["Demo button"]
    assert [b["name"] for b in callgate(installed, "button", "list")] == ["Demo button"]


def start_to_the_end_of_its_message(checkout: Path, env: dict[str, str]) -> list[str]:
    """Run bin/start, read all it prints about how to use it, stop it; return the lines."""
    process, seen = start(checkout, env)
    assert process.stdout is not None
    # Were the message never to end, the reading below would: bin/start is stopped.
    deadline = threading.Timer(300, os.killpg, (process.pid, signal.SIGTERM))
    deadline.start()
    for line in process.stdout:
        seen.append(line.rstrip("\n"))
        if line == "\n" and any("Console: " in line for line in seen):
            break  # the blank line after the console's login ends the message
    deadline.cancel()
    stop(process)
    return seen


def test_the_first_start_makes_a_console_admin_and_keeps_its_password_readable(installed):
    env = environment(CALLGATE_PORT=free_port(), GATEWAY_PORT=free_port(), DEMO_PORT=free_port())
    seen = start_to_the_end_of_its_message(installed, env)
    [line] = [line for line in seen if "Log in as admin@example.com with the password" in line]
    password = line.rsplit(" ", 1)[1]
    assert len(password) >= 16
    # Last, after the banner: no log line comes between it and the end of the message.
    assert seen.index(line) > seen.index(next(s for s in seen if RUNNING in s))
    assert seen[-3:] == [line, seen[-2], ""] and "instance/demo-admin-password" in seen[-2]
    kept = installed / "instance" / "demo-admin-password"
    assert kept.read_text() == f"admin@example.com\n{password}\n"
    assert kept.stat().st_mode & 0o777 == 0o600
    admins = [u for u in callgate(installed, "users", "list") if u["admin"]]
    assert [u["email"] for u in admins] == ["admin@example.com"]
    seen = start_to_the_end_of_its_message(installed, env)
    assert not [line for line in seen if password in line]
    assert any(
        "Log in as admin@example.com with the password kept in instance/demo-admin-password" in line
        for line in seen
    )


def test_the_demo_button_follows_the_ports_and_bad_keys_stop_everything(installed):
    checkout = installed
    moved = environment(CALLGATE_PORT=free_port(), GATEWAY_PORT=free_port(), DEMO_PORT=free_port())
    process, seen = start(checkout, moved)
    assert RUNNING in seen[-1], seen
    button_id = (checkout / "instance" / "demo-button-id").read_text().strip()
    button = callgate(checkout, "button", "show", button_id)
    stop(process)
    # The CLI beside it prints the tag with the address bin/start served on.
    api = moved["CALLGATE_PORT"]
    assert f'src="http://127.0.0.1:{api}/widget.js"' in button["snippet"]
    demo = moved["DEMO_PORT"]
    assert button["origins"] == [f"http://127.0.0.1:{demo}", f"http://localhost:{demo}"]
    assert button["gatewayUrl"] == f"ws://127.0.0.1:{moved['GATEWAY_PORT']}"
    assert gone(process.pid)

    # A key that opens none of the stored SIP passwords: the CLI still runs, the app cannot.
    settings = checkout / "instance" / "callgate.env"
    lines = settings.read_text().splitlines()
    other = "CALLGATE_ENCRYPTION_KEYS=Q0wdq1dZ1lOj1vV2Dk7tp1wG2y0x8XvjXkTKRIl4b0g="
    settings.write_text(
        "\n".join(other if line.startswith("CALLGATE_ENCRYPTION_KEYS=") else line for line in lines)
        + "\n"
    )
    process, seen = start(checkout, moved)
    process.communicate(timeout=60)
    assert process.returncode == 1
    assert not [line for line in seen if RUNNING in line]
    errors = [line for line in seen if line.startswith("Error: ")]
    assert len(errors) == 1 and button_id in errors[0]
    assert seen[-1].startswith("start: the app did not start")
    assert gone(process.pid)

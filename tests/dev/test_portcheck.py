"""dev/portcheck.py, which bin/start asks before it changes anything: which ports are taken,
and by what program (from /proc), or "another program" when it cannot be seen."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dev import portcheck
from dev.ports import free_port
from tests.servers import ROOT, eventually, listening


def test_a_free_port_is_not_busy():
    assert portcheck.busy(free_port()) is None
    assert portcheck.main([str(free_port())]) == 0


def test_a_port_this_process_listens_on_names_this_process():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        held = portcheck.busy(port)
    assert held is not None and held.startswith("python") and f"(pid {os.getpid()}: " in held


@pytest.fixture
def other_program():
    """Another process listening on all addresses (0.0.0.0), as a stray server would."""
    port = free_port()
    code = f"import socket, time; s = socket.create_server(('0.0.0.0', {port})); time.sleep(60)"
    process = subprocess.Popen([sys.executable, "-c", code])
    assert eventually(lambda: listening(port), 10)
    yield port, process.pid
    process.kill()
    process.wait()


def test_the_command_prints_each_busy_port_and_what_holds_it(other_program):
    port, pid = other_program
    free = free_port()
    result = subprocess.run(
        [sys.executable, "-m", "dev.portcheck", str(free), str(port)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    number, holder = line.split("\t")
    assert number == str(port)
    assert holder.startswith("python") and f"(pid {pid}: " in holder and "socket.create" in holder


def test_a_holder_that_cannot_be_seen_is_another_program(other_program, tmp_path):
    port, _ = other_program
    # A /proc with the socket tables but no process whose descriptors can be read.
    (tmp_path / "net").mkdir()
    for table in ("tcp", "tcp6"):
        (tmp_path / "net" / table).write_text((Path("/proc/net") / table).read_text())
    (tmp_path / "1").mkdir()
    assert portcheck.holder(port, tmp_path) == "another program"

"""Debian's coturn for the TURN browser test: started on loopback with the REST API's secret.

It listens and relays on 127.0.0.1 only, reads no configuration file, keeps its user database,
pid file and log in the test's folder, and allows loopback peers (the gateway answers on this
machine); `--log-file=stdout` with `-v` logs each allocation with its username.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.browser.widget import wait_until

REALM = "callgate.test"


def free_udp_and_tcp_port() -> int:
    """Return a loopback port free for both TCP and UDP right now (coturn takes both)."""
    while True:
        with socket.socket() as tcp, socket.socket(type=socket.SOCK_DGRAM) as udp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            try:
                udp.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


@dataclass
class Coturn:
    """A running turnserver, where it listens and what it logged."""

    process: subprocess.Popen
    log: Path
    port: int

    def lines(self) -> list[str]:
        """Return the log's lines so far."""
        return self.log.read_text(errors="replace").splitlines()

    def stop(self) -> None:
        """Stop it and wait until it has gone (its port is free again)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_coturn(workdir: Path, port: int, secret: str) -> Coturn:
    """Start turnserver on 127.0.0.1:`port` with `secret`; return once it takes UDP requests."""
    binary = shutil.which("turnserver") or "/usr/bin/turnserver"
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "coturn.log"
    args = [
        *(binary, "-n", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp-relay", "-v"),
        *("--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", f"--listening-port={port}"),
        *("--use-auth-secret", f"--static-auth-secret={secret}", f"--realm={REALM}"),
        *("--allow-loopback-peers", "--log-file=stdout", f"--pidfile={workdir / 'pid'}"),
        f"--userdb={workdir / 'turndb'}",
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    server = Coturn(process, log, port)
    opened = f"UDP listener opened on: 127.0.0.1:{port}"
    try:
        wait_until(lambda: process.poll() is not None or opened in log.read_text(), timeout=15)
    except AssertionError:
        server.stop()
        raise
    assert process.poll() is None, f"turnserver exited: {log.read_text()[-2000:]}"
    return server

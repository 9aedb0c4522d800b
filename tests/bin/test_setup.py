"""bin/setup --test and the servers the suite needs: PostgreSQL and Redis on loopback are
left alone when they answer, started when they are installed but stopped, and installed from
Debian when missing. coturn, which the TURN test runs itself, is installed with its service
switched off.

The machine's own servers are never stopped: the stopped and missing cases are played on free
ports, with Debian's tools (apt-get, dpkg-query, pg_*, service, redis-server, the service
switches) replaced by stand-ins that log their arguments, and that open the port where the real
one would start a server.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.browser.stack import free_port

pytestmark = pytest.mark.sqlite_only
ROOT = Path(__file__).resolve().parents[2]
TOOLS = (
    "apt-get",
    "dpkg-query",
    "pg_lsclusters",
    "pg_createcluster",
    "pg_ctlcluster",
    "pg_conftool",
    "service",
    "redis-server",
    "deb-systemd-helper",
    "update-rc.d",
)
# A server stand-in: something that accepts connections on the port, in the background.
LISTEN = (
    "python3 -c \"import socket, time; s = socket.create_server(('127.0.0.1', $PORT)); "
    'time.sleep(120)" >/dev/null 2>&1 & echo $! >> "$STUBS/pids"'
)
DEBIAN_HBA = """\
local   all             postgres                                peer
local   all             all                                     peer
host    all             all             127.0.0.1/32            scram-sha-256
host    all             all             ::1/128                 scram-sha-256
"""


@pytest.fixture
def debian(tmp_path: Path):
    """A folder of stand-ins for Debian's tools; `state` files steer what they answer."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for tool in TOOLS:
        script = stubs / tool
        script.write_text(
            "#!/usr/bin/env bash\n"
            f'echo "{tool} $*" >> "$STUBS/log"\n'
            f'[ ! -f "$STUBS/{tool}.sh" ] || source "$STUBS/{tool}.sh"\n'
        )
        script.chmod(0o755)
    yield stubs
    pids = stubs / "pids"
    for pid in pids.read_text().split() if pids.exists() else []:
        try:
            os.kill(int(pid), signal.SIGTERM)
        except ProcessLookupError:
            pass


def behave(stubs: Path, tool: str, script: str) -> None:
    (stubs / f"{tool}.sh").write_text(script)


def run(stubs: Path, calls: str, port: int) -> subprocess.CompletedProcess:
    """Source bin/setup and run `calls` with the stand-ins first on PATH."""
    env = os.environ | {"PATH": f"{stubs}:{os.environ['PATH']}", "STUBS": str(stubs)}
    env |= {"PORT": str(port)}
    return subprocess.run(
        ["bash", "-c", f"set -euo pipefail; source {ROOT / 'bin' / 'setup'}; {calls}"],
        env=env,
        cwd=stubs,  # were bin/setup to run its install here, it would stay in the test's folder
        capture_output=True,
        text=True,
        timeout=60,
    )


def logged(stubs: Path) -> list[str]:
    log = stubs / "log"
    return log.read_text().splitlines() if log.exists() else []


def test_servers_that_answer_are_left_alone(debian):
    # The machine's own PostgreSQL and Redis, which the suite is using right now.
    result = run(debian, "ensure_postgres 5432; ensure_redis 6379", 0)
    assert result.returncode == 0, result.stderr
    assert logged(debian) == []


INSTALLED = 'case "$*" in *" postgresql"|*" redis-server") echo "install ok installed";; esac\n'


def test_a_stopped_cluster_is_started_and_its_settings_left_as_they_are(debian, tmp_path):
    port = free_port()
    hba = tmp_path / "pg_hba.conf"
    hba.write_text(DEBIAN_HBA)
    behave(debian, "dpkg-query", INSTALLED)
    behave(debian, "pg_lsclusters", 'echo "15 main $PORT down postgres /data /log"\n')
    behave(debian, "pg_conftool", f"echo {hba}\n")
    behave(debian, "pg_ctlcluster", f'[ "$3" != start ] || {{ {LISTEN}; }}\n[ "$3" != status ]\n')
    result = run(debian, "ensure_postgres $PORT", port)
    assert result.returncode == 0, result.stderr
    assert logged(debian) == [
        "pg_lsclusters -h",
        "pg_lsclusters -h",
        "pg_ctlcluster 15 main status",
        "pg_ctlcluster 15 main start",
    ]
    assert f"setup: starting PostgreSQL 15/main on 127.0.0.1:{port}" in result.stderr
    assert hba.read_text() == DEBIAN_HBA


def test_missing_postgresql_is_installed_started_and_trusts_loopback(debian, tmp_path):
    port = free_port()
    hba = tmp_path / "pg_hba.conf"
    hba.write_text(DEBIAN_HBA)
    # Until apt-get has run there is no package and no cluster; then the package's own.
    behave(debian, "apt-get", 'touch "$STUBS/installed"\n')
    behave(debian, "dpkg-query", '[ -f "$STUBS/installed" ] && echo "install ok installed"\n')
    cluster = 'echo "15 main $PORT down postgres /data /log"'
    behave(debian, "pg_lsclusters", f'[ ! -f "$STUBS/installed" ] || {cluster}\n')
    behave(debian, "pg_conftool", f"echo {hba}\n")
    behave(debian, "pg_ctlcluster", f'[ "$3" != start ] || {{ {LISTEN}; }}\n[ "$3" != status ]\n')
    result = run(debian, "ensure_postgres $PORT", port)
    assert result.returncode == 0, result.stderr
    calls = logged(debian)
    assert "apt-get install -y -qq postgresql" in calls
    assert calls[-2:] == ["pg_ctlcluster 15 main status", "pg_ctlcluster 15 main start"]
    assert "pg_conftool -s 15 main show hba_file" in calls
    lines = hba.read_text().splitlines()
    assert lines[:2] == DEBIAN_HBA.splitlines()[:2]  # local (socket) access unchanged
    assert [line.split()[-1] for line in lines[2:]] == ["trust", "trust"]
    assert [line.split()[3] for line in lines[2:]] == ["127.0.0.1/32", "::1/128"]


@pytest.mark.parametrize(
    ("installed", "installs"),
    [(True, []), (False, ["apt-get install -y -qq redis-server"])],
    ids=["stopped", "missing"],
)
def test_redis_is_installed_if_missing_and_started_on_loopback(debian, installed, installs):
    port = free_port()
    if installed:
        behave(debian, "dpkg-query", INSTALLED)
    behave(debian, "redis-server", LISTEN + "\n")
    result = run(debian, "ensure_redis $PORT", port)
    assert result.returncode == 0, result.stderr
    calls = [call for call in logged(debian) if not call.startswith(("dpkg-query", "apt-get up"))]
    assert calls == [
        *installs,
        f"redis-server --bind 127.0.0.1 --port {port} --daemonize yes --save ",
    ]


@pytest.mark.parametrize("installed", [True, False], ids=["installed", "missing"])
def test_coturn_is_installed_if_missing_with_its_service_switched_off(debian, installed):
    if installed:
        behave(debian, "dpkg-query", INSTALLED.replace('*" redis-server"', '*" coturn"'))
    result = run(debian, "ensure_coturn", free_port())
    assert result.returncode == 0, result.stderr
    calls = [call for call in logged(debian) if not call.startswith(("dpkg-query", "apt-get up"))]
    switched_off = ["deb-systemd-helper disable coturn.service", "update-rc.d coturn disable"]
    assert calls == ([] if installed else ["apt-get install -y -qq coturn", *switched_off])

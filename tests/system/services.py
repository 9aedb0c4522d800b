"""Private PostgreSQL and Redis servers for fault tests, and bin/serve instances around them.

A fault test stops and starts its own servers, on free ports in its own folders, so the shared
ones on 5432 and 6379 that the rest of the suite uses are never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from callgate import db
from callgate.app import create_app
from callgate.buttons import store
from callgate.db import get_db
from callgate.db.models import ALWAYS_OPEN
from dev.ports import free_port
from tests.data import ENCRYPTION_KEY, SECRET_KEY
from tests.servers import FLASK, ROOT, SERVE, environment, eventually, listening

PG_BIN = Path("/usr/lib/postgresql/15/bin")
UNVERIFIED = ssl._create_unverified_context()


def _as_postgres(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, text=True
    )


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster of the test's own, on its own port, in a folder of its own.

    The folder is made outside pytest's (root-only) temporary tree: the server runs as the
    postgres user, which must reach it.
    """

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="callgate-pg-")))
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        """Return the URL of its `callgate` database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/callgate"

    def create(self) -> PrivatePostgres:
        """Make the cluster, start it, and create the `callgate` database."""
        shutil.chown(self.folder, "postgres", "postgres")
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.folder), "-A", "trust", "-U", "postgres"]
        _as_postgres(*initdb)
        self.start()
        psql = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run([*psql, "-c", "CREATE DATABASE callgate"], check=True, capture_output=True)
        return self

    def start(self) -> None:
        """Start (or start again) the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        # With a log file of its own the server holds none of our pipes open.
        log = str(self.folder / "server.log")
        start = ["-D", str(self.folder), "-o", options, "-l", log, "-w", "start"]
        _as_postgres(str(PG_BIN / "pg_ctl"), *start)

    def stop(self) -> None:
        """Stop the server at once (connections are cut)."""
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.folder), "-m", "immediate", "stop")

    def remove(self) -> None:
        """Stop the server if it runs, and delete its folder."""
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.folder)]
            + ["-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class PrivateRedis:
    """A Redis of the test's own, in memory, on its own port."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Return its URL."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        """Start the server and wait until it listens."""
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        assert eventually(lambda: listening(self.port), 10)
        return self

    def stop(self) -> None:
        """Kill the server."""
        if self.process:
            self.process.kill()
            self.process.wait()


@dataclass
class Instance:
    """One `bin/serve` of the app, in its own process group."""

    env: dict[str, str]
    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Return its base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Instance:
        """Start it and wait until it answers."""
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [SERVE], cwd=ROOT, env=self.env, stdout=out, stderr=out, start_new_session=True
            )
        assert eventually(lambda: listening(self.port), 30), self.log.read_text()
        return self

    def stop(self) -> None:
        """Stop it gracefully."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def kill(self) -> None:
        """Kill -9 the master and every worker at once, as a crash or an OOM kill would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def flask(self, *args: str, stdin: str | None = None) -> str:
        """Run `flask --app callgate.app ARGS` with this instance's settings; return stdout."""
        done = subprocess.run(
            [FLASK, "--app", "callgate.app", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout


def instance(folder: Path, database_url: str, **settings: str) -> Instance:
    """Return (not yet started) an instance on `database_url` in `folder`."""
    port = free_port()
    env = environment(database_url, port, RUN_DIR=str(folder / f"run-{port}"), **settings)
    return Instance(env, port, folder / f"serve-{port}.log")


def create_button(database_url: str, origin: str, **fields: object) -> str:
    """Create a 24/7 button for `origin` in the shared database, as the CLI would; its id."""
    app = create_app(
        {
            "SECRET_KEY": SECRET_KEY,
            "ENCRYPTION_KEYS": [ENCRYPTION_KEY],
            "DATABASE_URL": database_url,
            "SETTINGS_FILE": "/nonexistent/callgate.env",
        }
    )
    values = {
        "name": "Multi",
        "origins": [origin],
        "callee": "7001",
        "gateway_url": "wss://wcs.example.com:8443",
        "sip_login": "multi-login",
        "sip_password": "Multi-Instance-SIP-Secret",
        "schedule": ALWAYS_OPEN,
    }
    with app.app_context():
        button_id = store.create_button(get_db(), values | fields).id
    db.dispose(app)
    return button_id


def post(url: str, body: bytes = b"", headers: dict[str, str] | None = None) -> tuple[int, dict]:
    """POST and return the status and the JSON answer ({} if none)."""
    request = urllib.request.Request(url, data=body, headers=headers or {}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=15, context=UNVERIFIED) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        text = error.read()
        error.close()
        try:
            return error.code, json.loads(text or b"{}")
        except ValueError:
            return error.code, {"raw": text.decode(errors="replace")}

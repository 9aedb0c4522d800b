"""Start the two sides of the benchmark: the seed's PHP hook, and Callgate through bin/serve.

Callgate gets a fresh database (SQLite file, or a new PostgreSQL database), buttons that allow
the bench origin, and, before each round, the sessions and calls that round's requests name,
written straight into the tables (setting a round up is not what is measured).
"""

from __future__ import annotations

import os
import secrets
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, delete, insert, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from callgate.db.migrate import upgrade
from callgate.db.models import ALWAYS_OPEN, Call, CallSlot, WcsSession, utcnow
from dev.bench import workload
from dev.ports import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "https://shop.bench.example"
ENCRYPTION_KEY = "UsZYWtYz6lBue5EE7f6SrcVgLmg9S6An6mE27We09AU="


def seed_dir() -> Path:
    """Return the seed's folder: BENCH_SEED_PHP, else `shared/bench/seed-php` beside this
    checkout or beside any folder above it (a clone, a worktree); raise SystemExit if none."""
    if os.environ.get("BENCH_SEED_PHP"):
        return Path(os.environ["BENCH_SEED_PHP"])
    for folder in ROOT.parents:
        candidate = folder / "shared" / "bench" / "seed-php"
        if (candidate / "start.sh").is_file():
            return candidate
    raise SystemExit("no shared/bench/seed-php above this checkout: set BENCH_SEED_PHP")


@dataclass
class Seed:
    """The seed article's hook on nginx + php-fpm (../shared/bench/seed-php)."""

    workdir: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        """Return the base URL of the hook."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Seed:
        env = os.environ | {"SEED_PHP_RUN": str(self.workdir), "SEED_PHP_PORT": str(self.port)}
        subprocess.run([str(seed_dir() / "start.sh")], env=env, check=True, capture_output=True)
        wait_for(self.port, 60)
        return self

    def __exit__(self, *exc: object) -> None:
        env = os.environ | {"SEED_PHP_RUN": str(self.workdir)}
        subprocess.run([str(seed_dir() / "stop.sh")], env=env, check=False)

    def pids(self) -> list[int]:
        """Return the pids of nginx's and php-fpm's masters (their workers are their children)."""
        return [int((self.workdir / name).read_text()) for name in ("nginx.pid", "fpm.pid")]

    def target(self) -> workload.Target:
        """Return what the seed's requests look like: no token, the domain it checks for."""
        return workload.Target("seed", [], workload.SEED_ORIGIN, [""])


@dataclass
class Callgate:
    """Callgate through bin/serve, on its own database, with `buttons` allowing ORIGIN."""

    workdir: Path
    database_url: str
    settings: dict[str, str]
    buttons: int = 1000
    port: int = field(default_factory=free_port)
    button_ids: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None
    #: CPUs to pin the instance to (taskset's list, e.g. "0"); None: any.
    cpus: str | None = None
    #: Another instance's buttons, on the same database: do not make new ones.
    shared_buttons: list[str] | None = None
    #: The checkout whose bin/serve runs (another one: a baseline to compare with).
    root: Path = ROOT
    #: Buttons with room for the bench's token requests; False: the shipped allowance.
    room: bool = True

    @property
    def url(self) -> str:
        """Return the base URL of the app."""
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """Return the environment bin/serve runs with."""
        return os.environ | {
            "CALLGATE_SECRET_KEY": self.settings["secret"],
            "CALLGATE_WCS_HOOK_SECRETS": self.settings["hook_secret"],
            "CALLGATE_ENCRYPTION_KEYS": ENCRYPTION_KEY,
            "CALLGATE_DATABASE_URL": self.database_url,
            "CALLGATE_BIND": f"127.0.0.1:{self.port}",
            "CALLGATE_RUN_DIR": str(self.workdir / f"run-{self.port}"),
            "CALLGATE_PUBLIC_URL": self.url,
            "CALLGATE_LOG_LEVEL": "WARNING",
            "CALLGATE_TRUSTED_PROXIES": "1",
            **{f"CALLGATE_{key}": value for key, value in self.settings.items() if key.isupper()},
        }

    def __enter__(self) -> Callgate:
        if self.shared_buttons is None:
            upgrade(self.database_url)
            self.button_ids = make_buttons(self.database_url, self.buttons, self.env(), self.room)
        else:
            self.button_ids = self.shared_buttons
        log = (self.workdir / f"serve-{self.port}.log").open("w")
        pinned = ["taskset", "-c", self.cpus] if self.cpus else []
        self.process = subprocess.Popen(
            [*pinned, str(self.root / "bin" / "serve")],
            cwd=self.root,
            env=self.env(),
            stdout=log,
            stderr=log,
        )
        wait_for(self.port, 60)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)

    def pids(self) -> list[int]:
        """Return bin/serve's pid (the server's processes are its descendants)."""
        assert self.process is not None
        return [self.process.pid]

    def target(self) -> workload.Target:
        """Return what Callgate's requests need: its hook secret, token key and buttons."""
        keys = [self.settings["secret"]]
        return workload.Target(self.settings["hook_secret"], keys, ORIGIN, self.button_ids)


def settings(**extra: str) -> dict[str, str]:
    """Return fresh secrets for one Callgate instance, plus `extra` CALLGATE_* settings."""
    return {"secret": secrets.token_urlsafe(32), "hook_secret": secrets.token_urlsafe(24), **extra}


def button_fields(origin: str, room: bool = True) -> dict[str, object]:
    """Return a bench button's fields: 24/7, allowing `origin`, room for the bench's calls
    (without `room`, the shipped per-button token allowance)."""
    fields: dict[str, object] = {
        "name": "Bench",
        "origins": [origin],
        "gateway_url": "wss://wcs.bench.example:8443",
        "callee": "7001",
        "sip_login": "bench",
        "sip_password": "bench-sip-password",
        "schedule": ALWAYS_OPEN,
        "max_concurrent": 100,
        "daily_calls": 100000,
        "daily_minutes": 144000,
    }
    return fields | ({"token_limits": {"button": "100000000/day"}} if room else {})


def make_buttons(url: str, count: int, env: dict[str, str], room: bool = True) -> list[str]:
    """Create `count` 24/7 buttons (with room for the bench's calls, or the shipped token
    allowance); return their ids."""
    script = (
        "import sys\n"
        "from callgate.app import create_app\n"
        "from callgate.buttons.store import create_button\n"
        "from callgate.db import get_db\n"
        "from dev.bench.servers import button_fields\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    for _ in range(int(sys.argv[1])):\n"
        "        fields = button_fields(sys.argv[2], sys.argv[3] == 'room')\n"
        "        print(create_button(get_db(), fields).id)\n"
    )
    python = str(ROOT / ".venv" / "bin" / "python")
    done = subprocess.run(
        [python, "-c", script, str(count), ORIGIN, "room" if room else "shipped"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.split()


def engine_for(url: str) -> Engine:
    """Return a plain engine on the bench database."""
    return create_engine(url, poolclass=NullPool)


def prepare(url: str, kind: str, first: int, count: int, buttons: list[str]) -> None:
    """Write the sessions (and calls) that `count` requests of `kind` from `first` will name."""
    if kind not in ("call", "finish"):
        return
    now, engine = utcnow(), engine_for(url)
    sessions = [
        {
            "session_id": workload.session_id(n),
            "jti": f"bench-{n}",
            "button_id": buttons[n % len(buttons)],
            "origin": ORIGIN,
            "status": "ESTABLISHED",
            "opened_at": now,
        }
        for n in range(first, first + count)
    ]
    with engine.begin() as connection:
        connection.execute(delete(CallSlot))
        connection.execute(insert(WcsSession), sessions)
        if kind == "finish":
            connection.execute(insert(Call), [_call(row, n, now) for n, row in _numbered(sessions)])
            slots = [_slot(row, n, now, len(buttons)) for n, row in _numbered(sessions)]
            connection.execute(insert(CallSlot), slots)
        if engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))
    engine.dispose()


def _numbered(sessions: list[dict]) -> list[tuple[int, dict]]:
    first = int(sessions[0]["jti"].split("-")[1])
    return list(enumerate(sessions, start=first))


def _call(session: dict, n: int, now: datetime) -> dict:
    return {
        "call_id": workload.call_id(n),
        "session_id": session["session_id"],
        "button_id": session["button_id"],
        "callee": "7001",
        "created_at": now,
        "established_at": now,
    }


def _slot(session: dict, n: int, now: datetime, buttons: int) -> dict:
    # A button's slots are numbered by the order of its calls (request n goes to button
    # n % buttons); 100 slots a button.
    return {
        "button_id": session["button_id"],
        "slot": n // buttons % 100,
        "call_id": workload.call_id(n),
        "expires_at": now + timedelta(days=1),
    }

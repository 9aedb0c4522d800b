"""The production server, `bin/serve`: gunicorn with the app built once, before any port opens.

Two pools of workers serve it: one for everything, one of its own for WCS's hooks
(serve_pools.py), so no other traffic can take the workers a hook needs.

The app is built in the master (gunicorn's preload), so a bad setting or an undecryptable SIP
password stops the whole server once, with one `Error:` line and exit status 1, and no worker
is ever started to crash and be respawned. Each instance has its own folder (CALLGATE_RUN_DIR)
for gunicorn's control socket and the metrics files of its workers.
"""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path
from typing import IO, Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from callgate import db
from callgate.config import server as server_config
from callgate.config import settings_file
from callgate.config.instance import instance_path
from callgate.db.migrate import revision, schema_problem
from callgate.errors import ConfigError
from callgate.runtime import serve_logging, serve_pools

#: Each pool's arbiter writes its pid here, in the run folder (the other workers', the hooks').
PIDFILES = ("gunicorn.pid", "hooks.pid")
ACCESS_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
_held: list[IO[str]] = []


class Server(BaseApplication):
    """gunicorn serving one already-built app (or a WSGI wrapper of it) with the given settings."""

    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        """Serve `app` with gunicorn `options`."""
        self.application, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        """Take the options as they are; the command line and GUNICORN_CMD_ARGS are not read."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        """Return the app built before the server started."""
        return self.application


def prepare_run_dir() -> Path:
    """Make the instance's folder, hold its lock, clean its metrics, point prometheus-client at it.

    Raises ConfigError if another running server holds the same folder.
    """
    instance = str(instance_path())
    settings = settings_file.environment(settings_file.settings_path(instance))
    addresses = server_config.binds(settings.get("CALLGATE_BIND") or server_config.DEFAULTS["BIND"])
    folder = Path(server_config.run_dir(settings.get("CALLGATE_RUN_DIR"), addresses, instance))
    metrics = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(folder / "metrics")))
    try:
        metrics.mkdir(parents=True, exist_ok=True)
        # Held open for the server's life: the lock says this folder is in use.
        lock = open(folder / "serve.lock", "w")
    except OSError as exc:
        raise ConfigError(f"CALLGATE_RUN_DIR {folder}: {exc.strerror}") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise ConfigError(
            f"another server runs with {folder}; "
            "give each its own CALLGATE_BIND or CALLGATE_RUN_DIR"
        ) from None
    _held.append(lock)
    for stale in [*metrics.glob("*.db"), *(folder / name for name in PIDFILES)]:
        # Left by a server that was killed; a pid file naming a reused pid would stop gunicorn.
        stale.unlink(missing_ok=True)
    return folder


def options(app: Flask, folder: Path) -> dict[str, Any]:
    """Return gunicorn's settings from the app's CALLGATE_* settings."""
    config = app.config
    return {
        "bind": config["BIND"],
        "workers": config["WORKERS"],
        "worker_class": config["WORKER_CLASS"],
        "threads": config["THREADS"],
        "timeout": config["WORKER_TIMEOUT"],
        "graceful_timeout": 10,
        "keepalive": 2,
        "preload_app": True,
        "accesslog": "-" if config["ACCESS_LOG"] else None,
        "errorlog": "-",
        "access_log_format": ACCESS_FORMAT,
        "loglevel": str(config["LOG_LEVEL"]).lower(),
        "logger_class": serve_logging.logger_class(config["LOG_FORMAT"]),
        "control_socket": str(folder / "gunicorn.ctl"),
        "pidfile": str(folder / PIDFILES[0]),
        "proc_name": "callgate",
        "post_fork": lambda _server, _worker: serve_logging.after_fork(app),
        "child_exit": lambda _server, worker: serve_logging.worker_gone(worker.pid),
    }


def hook_options(app: Flask, folder: Path) -> dict[str, Any]:
    """Return the hook pool's settings: its own binds, workers, control socket and name."""
    return options(app, folder) | {
        "bind": app.config["HOOK_BIND"],
        "workers": app.config["HOOK_WORKERS"],
        "control_socket": str(folder / "hooks.ctl"),
        "pidfile": str(folder / PIDFILES[1]),
        "proc_name": "callgate-hooks",
    }


def serve(app: Flask, folder: Path) -> int:
    """Run the main pool, and the hook pool beside it unless CALLGATE_HOOK_BIND=off."""
    if not app.config["HOOK_BIND"]:
        Server(app, options(app, folder)).run()
        return 0
    others = options(app, folder) | {"post_fork": lambda _s, _w: _yielding_worker(app)}
    pools = [
        Server(app, others).run,
        Server(serve_pools.hooks_only(app), hook_options(app, folder)).run,
    ]
    return serve_pools.run(pools)


def _yielding_worker(app: Flask) -> None:
    serve_logging.after_fork(app)
    serve_pools.yield_cpu()


def main(argv: list[str]) -> int:
    """Build the app, then serve it (`--check`: build it, check its database, say so); return
    the exit status."""
    if argv[1:] not in ([], ["--check"]):
        print(f"Error: unknown argument {argv[1]!r}; see bin/serve --help", file=sys.stderr)
        return 2
    check = argv[1:] == ["--check"]
    try:
        # A check leaves the folder of a running server alone.
        folder = None if check else prepare_run_dir()
        # Imported only now: prometheus-client reads PROMETHEUS_MULTIPROC_DIR when it loads.
        from callgate.app import create_app

        app = create_app()
    except ConfigError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        return 1
    if folder is None:
        return checked(app)
    return serve(app, folder)


def checked(app: Flask) -> int:
    """Say whether the app's database answers at this code's schema; return the exit status."""
    engine = db.engine_of(app)
    try:
        problem = schema_problem(engine)
        at = None if problem else revision(engine)
    finally:
        engine.dispose()
    if problem:
        print(f"Error: {problem}", file=sys.stderr)
        return 1
    hooks = ", ".join(app.config["HOOK_BIND"]) or "the same workers"
    print(
        f"settings OK, database at revision {at}; "
        f"bin/serve would listen on {', '.join(app.config['BIND'])}, "
        f"and take WCS's hooks on {hooks}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The production server, `bin/serve`: gunicorn with the app built once, before any port opens.

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

import config_env
import config_server
import serve_logging
from errors import ConfigError

INSTANCE = Path(__file__).resolve().parent / "instance"
ACCESS_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
_held: list[IO[str]] = []


class Server(BaseApplication):
    """gunicorn serving one already-built app with the given settings."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        """Serve `app` with gunicorn `options`."""
        self.application, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        """Take the options as they are; the command line and GUNICORN_CMD_ARGS are not read."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        """Return the app built before the server started."""
        return self.application


def prepare_run_dir() -> Path:
    """Make the instance's folder, hold its lock, clean its metrics, point prometheus-client at it.

    Raises ConfigError if another running server holds the same folder.
    """
    settings = config_env.environment(config_env.settings_path(str(INSTANCE)))
    addresses = config_server.binds(settings.get("CALLGATE_BIND") or config_server.DEFAULTS["BIND"])
    folder = Path(config_server.run_dir(settings.get("CALLGATE_RUN_DIR"), addresses, str(INSTANCE)))
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
    for stale in metrics.glob("*.db"):
        stale.unlink()
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
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_FORMAT,
        "loglevel": str(config["LOG_LEVEL"]).lower(),
        "logger_class": serve_logging.logger_class(config["LOG_FORMAT"]),
        "control_socket": str(folder / "gunicorn.ctl"),
        "proc_name": "callgate",
        "post_fork": lambda _server, _worker: serve_logging.after_fork(app),
        "child_exit": lambda _server, worker: serve_logging.worker_gone(worker.pid),
    }


def main(argv: list[str]) -> int:
    """Build the app, then serve it (`--check`: only build it and say so); return exit status."""
    check = argv[1:] == ["--check"]
    try:
        # A check leaves the folder of a running server alone.
        folder = None if check else prepare_run_dir()
        # Imported only now: prometheus-client reads PROMETHEUS_MULTIPROC_DIR when it loads.
        from app import create_app

        app = create_app()
    except ConfigError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        return 1
    if folder is None:
        print(f"settings OK; bin/serve would listen on {', '.join(app.config['BIND'])}")
        return 0
    Server(app, options(app, folder)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

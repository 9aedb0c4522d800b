"""The settings of the production server (bin/serve), its logs and its metrics endpoint."""

from __future__ import annotations

import os
import re
from pathlib import Path

from callgate.addresses import parse_networks
from callgate.errors import ConfigError

DEFAULTS: dict[str, object] = {
    "BIND": "127.0.0.1:8000",
    "HOOK_BIND": None,
    "HOOK_WORKERS": 2,
    "WORKERS": None,
    "WORKER_CLASS": "sync",
    "THREADS": None,
    "WORKER_TIMEOUT": 4,
    "RUN_DIR": None,
    "LOG_FORMAT": "text",
    "ACCESS_LOG": True,
    "METRICS_TOKEN": None,
    "METRICS_CIDRS": [],
}
INTS = ("WORKERS", "HOOK_WORKERS", "THREADS", "WORKER_TIMEOUT")
LISTS = ("METRICS_CIDRS",)
VERBATIM = ("BIND", "HOOK_BIND", "METRICS_TOKEN", "RUN_DIR")
WORKER_CLASSES = {"sync": 1, "gthread": 4}
LOG_FORMATS = ("text", "json")
#: WCS gives up on a hook after rest_request_timeout (5 s as the README sets it).
MAX_WORKER_TIMEOUT = 30
METRICS_TOKEN_MIN = 16
#: The longest Unix socket path (sun_path holds 108 bytes with the closing NUL).
SOCKET_PATH_MAX = 107
_BIND = re.compile(r"^(?:unix:/\S+|(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5})$")


def check(config: dict, instance_path: str) -> None:
    """Check and complete the server, log and metrics settings; raise ConfigError on bad ones."""
    config["BIND"] = addresses = binds(config["BIND"])
    kind = config["WORKER_CLASS"]
    if kind not in WORKER_CLASSES:
        raise ConfigError(f"CALLGATE_WORKER_CLASS must be one of {', '.join(WORKER_CLASSES)}")
    if config["WORKERS"] is None:
        config["WORKERS"] = default_workers(config.get("DATABASE_URL"))
    if config["THREADS"] is None:
        config["THREADS"] = WORKER_CLASSES[kind]
    if kind == "sync" and config["THREADS"] != 1:
        raise ConfigError("CALLGATE_THREADS needs CALLGATE_WORKER_CLASS=gthread (sync has one)")
    for key in ("WORKERS", "HOOK_WORKERS", "THREADS", "WORKER_TIMEOUT"):
        if not 1 <= config[key] <= (MAX_WORKER_TIMEOUT if key == "WORKER_TIMEOUT" else 256):
            raise ConfigError(f"CALLGATE_{key} is out of range: {config[key]}")
    if config["LOG_FORMAT"] not in LOG_FORMATS:
        raise ConfigError(f"CALLGATE_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}")
    if config["ACCESS_LOG"] not in (True, False, 1, 0):
        raise ConfigError("CALLGATE_ACCESS_LOG must be 1 (a line per request) or 0 (none)")
    config["ACCESS_LOG"] = bool(config["ACCESS_LOG"])
    config["RUN_DIR"] = run_dir(config["RUN_DIR"], addresses, instance_path)
    config["HOOK_BIND"] = hook_binds(config["HOOK_BIND"], config["RUN_DIR"], addresses)
    _metrics(config)


def default_workers(database_url: object) -> int:
    """Return bin/serve's worker count: 2 x CPUs + 1 on PostgreSQL, the CPUs (at least 2) on
    SQLite (the default, an empty URL), where more workers only queue on its one write lock:
    measured on 2 cores, 5 workers answered no more hooks than 2, at 2-7 times the p99."""
    cpus = os.cpu_count() or 1
    sqlite = not database_url or str(database_url).startswith("sqlite")
    return max(2, cpus) if sqlite else 2 * cpus + 1


def run_dir(chosen: object, binds: list[str], instance_path: str) -> str:
    """Return the instance's own folder for its control socket and metrics files.

    CALLGATE_RUN_DIR, else `<instance>/run/<first bind>`: two servers on one host never share.
    """
    default = Path(instance_path) / "run" / re.sub(r"[^\w.-]", "_", binds[0].strip("/"))
    return str(Path(str(chosen) if chosen else default).absolute())


def hook_binds(value: object, folder: str, main: list[str]) -> list[str]:
    """Return where the hook workers listen: CALLGATE_HOOK_BIND, else a socket in the run folder.

    `off` (no hook workers of their own: the hooks share the other workers) gives [].
    """
    if value in (None, ""):
        socket = str(Path(folder) / "hooks.sock")
        if len(socket.encode()) > SOCKET_PATH_MAX:
            raise ConfigError(
                f"the hook workers' socket {socket} is longer than Unix allows; set "
                "CALLGATE_RUN_DIR to a shorter folder, or CALLGATE_HOOK_BIND (e.g. 127.0.0.1:8101)"
            )
        return [f"unix:{socket}"]
    if value == "off":
        return []
    found = binds(value, "CALLGATE_HOOK_BIND")
    if set(found) & set(main):
        raise ConfigError("CALLGATE_HOOK_BIND must differ from CALLGATE_BIND")
    return found


def binds(value: object, name: str = "CALLGATE_BIND") -> list[str]:
    """Return the addresses to listen on: `host:port`, `[v6]:port` or `unix:/path`, comma-joined."""
    texts = value if isinstance(value, list) else str(value).split(",")
    found = [str(text).strip() for text in texts if str(text).strip()]
    bad = [bind for bind in found if not _BIND.match(bind)]
    if not found or bad:
        raise ConfigError(
            f"{name} must look like 127.0.0.1:8000, [::1]:8000 or unix:/run/callgate.sock, "
            f"not {(bad or [''])[0]!r}"
        )
    return found


def _metrics(config: dict) -> None:
    token = config["METRICS_TOKEN"]
    if token is not None and len(str(token)) < METRICS_TOKEN_MIN:
        raise ConfigError(
            f"CALLGATE_METRICS_TOKEN must be at least {METRICS_TOKEN_MIN} characters long"
        )
    config["METRICS_TOKEN"] = str(token) if token else None
    try:
        parse_networks(config["METRICS_CIDRS"])
    except ValueError as exc:
        raise ConfigError(f"CALLGATE_METRICS_CIDRS: {exc}") from None

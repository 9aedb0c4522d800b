"""Run bin/serve in tests: an environment of its own settings only, and small HTTP helpers."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.data import ENCRYPTION_KEY, SECRET_KEY

ROOT = Path(__file__).resolve().parents[1]
SERVE = str(ROOT / "bin" / "serve")
FLASK = str(ROOT / ".venv" / "bin" / "flask")
METRICS_TOKEN = "serve-test-metrics-token-0123"
OTHER_KEY = "Q0wdq1dZ1lOj1vV2Dk7tp1wG2y0x8XvjXkTKRIl4b0g="


_run_root: list[Path] = []


def run_root() -> Path:
    """Return this test process's folder for run folders (removed when it ends)."""
    if not _run_root:
        _run_root.append(Path(tempfile.mkdtemp(prefix="callgate-test-run-")))
        atexit.register(shutil.rmtree, _run_root[0], True)
    return _run_root[0]


def environment(database_url: str, port: int, **settings: str) -> dict[str, str]:
    """Return an environment with only these CALLGATE_* settings, on the database given.

    The run folder is the test's own (never the checkout's instance/run) unless RUN_DIR is given.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CALLGATE_", "PROMETHEUS_"))}
    return env | {
        "CALLGATE_SETTINGS_FILE": "/nonexistent/callgate.env",
        "CALLGATE_RUN_DIR": str(run_root() / f"127.0.0.1_{port}"),
        "CALLGATE_SECRET_KEY": SECRET_KEY,
        "CALLGATE_ENCRYPTION_KEYS": ENCRYPTION_KEY,
        "CALLGATE_WCS_HOOK_SECRETS": "serve-test-hook-secret",
        "CALLGATE_DATABASE_URL": database_url,
        "CALLGATE_BIND": f"127.0.0.1:{port}",
        "CALLGATE_WORKERS": "2",
        **{f"CALLGATE_{key}": value for key, value in settings.items()},
    }


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def eventually(predicate: Callable[[], bool], seconds: float = 30) -> bool:
    """Poll `predicate` until it holds or `seconds` pass; return whether it held."""
    end = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True

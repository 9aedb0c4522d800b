"""bin/serve's two gunicorn pools: one answers everything, the other only WCS's hooks.

Each pool is a gunicorn arbiter in a child process forked from the process that built the app
(built once, before any port opens). No console login, token request or page view can take a
hook worker: the hook pool answers only /hooks/wcs/*, /healthz and /readyz, and nginx sends
the hooks there; and the other pool's workers run at a lower CPU priority, so they cannot
take the CPU a hook needs either. The parent only watches: it passes SIGTERM, SIGINT, SIGQUIT,
SIGHUP, SIGTTIN and SIGTTOU on to both arbiters, and when one pool ends it stops the other and
exits (with the first failure's status), so a supervisor such as systemd restarts the whole.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable
from typing import Any

HOOK_PATHS = ("/hooks/wcs/",)
PROBES = ("/healthz", "/readyz")
FORWARDED = (
    signal.SIGTERM,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGHUP,
    signal.SIGTTIN,
    signal.SIGTTOU,
)
#: How much the other workers yield the CPU to the hook workers (nice value they add).
OTHERS_NICE = 5
_NOT_HERE = b'{"error": "not_found", "message": "this port serves only the WCS hooks"}'

WSGI = Callable[[dict, Callable], Iterable[bytes]]


def hooks_only(app: WSGI) -> WSGI:
    """Return a WSGI app that passes only the hooks and the probes to `app` (others: 404)."""

    def serve(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(HOOK_PATHS) or path in PROBES:
            return app(environ, start_response)
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(_NOT_HERE)))]
        start_response("404 Not Found", headers)
        return [_NOT_HERE]

    return serve


def yield_cpu() -> None:
    """In a worker of the other pool: run at a lower CPU priority than the hook workers.

    Password checks (Argon2id) are the heaviest work these workers do; under a flood they must
    not take the CPU a hook needs.
    """
    os.nice(OTHERS_NICE)


def run(pools: list[Callable[[], Any]]) -> int:
    """Run each pool (a callable that serves until its arbiter stops) in a child; return status."""
    children: list[int] = []
    for serve in pools:
        pid = os.fork()
        if pid == 0:
            for number in FORWARDED:
                signal.signal(number, signal.SIG_DFL)
            os._exit(_serve(serve))
        children.append(pid)
    for number in FORWARDED:
        signal.signal(number, lambda received, _frame: _tell(children, received))
    return _watch(children)


def _serve(serve: Callable[[], Any]) -> int:
    """Serve in this child until the arbiter stops; return the exit status it chose."""
    try:
        serve()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - the parent must learn that this pool died
        return 1
    return 0


def _tell(children: list[int], number: int) -> None:
    for pid in children:
        try:
            os.kill(pid, number)
        except ProcessLookupError:
            pass


def _watch(children: list[int]) -> int:
    """Wait for a pool to end, stop the others, and return the first non-zero status."""
    status = 0
    alive = set(children)
    while alive:
        pid, code = os.wait()
        if pid not in alive:
            continue
        alive.discard(pid)
        exit_code = os.waitstatus_to_exitcode(code)
        status = status or (exit_code if exit_code > 0 else 0 if exit_code == 0 else 1)
        _tell(sorted(alive), signal.SIGTERM)
    return status

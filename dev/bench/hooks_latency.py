"""Benchmark the WCS hooks on the production server: connect, call and FINISH under load.

Runs gunicorn (2 workers) on a fresh SQLite file, then sends signed connect, call and FINISH
hooks from several threads, each call with a fresh token, and prints p50/p95/p99 per hook.
Usage: .venv/bin/python dev/bench/hooks_latency.py [--pairs 300] [--threads 4]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hooks.verify import sign  # noqa: E402
from tests.browser.stack import HOOK_SECRET, Stack, free_port, start  # noqa: E402
from tests.wcs import FakeWcs, session_id  # noqa: E402


def post(url: str, body: bytes, headers: dict) -> tuple[int, float, bytes]:
    """POST and return (status, seconds, body)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            data, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        data, status = error.read(), error.code
        error.close()
    return status, time.perf_counter() - started, data


def one_pair(stack: Stack, origin: str, samples: dict) -> None:
    """Fetch a token, then time one signed /connect and one /call."""
    url = f"{stack.api}/api/v1/buttons/{stack.button_id}/token"
    _, _, token_body = post(url, b"", {"Origin": origin})
    sid = session_id()
    call = FakeWcs.call_body(sid)
    for method, body in (
        ("connect", FakeWcs.connect_body(json.loads(token_body)["token"], origin, sid)),
        ("call", call),
        ("CallStatusEvent", FakeWcs.event_body(sid, "FINISH", call["callId"])),
    ):
        raw = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Authorization": sign(raw, HOOK_SECRET)}
        code, seconds, _ = post(f"{stack.api}/hooks/wcs/{method}", raw, headers)
        samples.setdefault(method, []).append(seconds)
        samples.setdefault(f"{method} status", []).append(code)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    origin = f"http://127.0.0.1:{free_port()}"
    with tempfile.TemporaryDirectory() as workdir:
        # The benchmark is one client asking for many tokens: lift the token limits for it.
        for kind in ("BUTTON", "GLOBAL"):
            os.environ[f"CALLGATE_RATE_LIMITS_{kind}"] = "100000/minute"
        stack = start(Path(workdir), [origin])
        stack.flask(
            "button",
            "update",
            stack.button_id,
            "--daily-calls",
            "100000",
            "--max-concurrent",
            "100",
        )
        try:
            samples: dict = {}
            lock = threading.Semaphore(args.pairs)

            def worker() -> None:
                while lock.acquire(blocking=False):
                    one_pair(stack, origin, samples)

            threads = [threading.Thread(target=worker) for _ in range(args.threads)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            report(samples, args)
        finally:
            stack.stop()


def report(samples: dict, args: argparse.Namespace) -> None:
    """Print latency percentiles and status counts per hook."""
    print(
        f"{args.pairs} connect, call and FINISH rounds, {args.threads} threads, gunicorn 2 workers"
    )
    for method in ("connect", "call", "CallStatusEvent"):
        times = sorted(samples[method])
        q = statistics.quantiles(times, n=100)
        codes = {c: samples[f"{method} status"].count(c) for c in set(samples[f"{method} status"])}
        print(
            f"{method:8} p50 {q[49] * 1000:6.1f} ms  p95 {q[94] * 1000:6.1f} ms  "
            f"p99 {q[98] * 1000:6.1f} ms  max {times[-1] * 1000:6.1f} ms  statuses {codes}"
        )


if __name__ == "__main__":
    main()

"""Benchmark WCS's hooks with and without a console login flood, through bin/serve.

Starts Callgate with bin/serve (a database of its own, five 24/7 buttons), then for each run
sends the hooks of one fresh session after another (/connect with a fresh token, /call, the
FINISH event, signed, one at a time, as WCS does) for --duration seconds:

1. no flood, hooks to the hook workers (CALLGATE_HOOK_BIND);
2. while --threads threads post console logins from 1,000 addresses across 50 IPv6 /64s
   (X-Forwarded-For, CALLGATE_TRUSTED_PROXIES=1) and rotating accounts, hooks to the hook
   workers;
3. the same flood, hooks to the other workers' port (CALLGATE_BIND), where every request went
   before the hooks had workers of their own.

Prints each run's hook p50, p99 and max, failed hooks, and how the logins were answered.
Nothing here asserts a time.

    .venv/bin/python -m dev.bench.login_flood [--duration 15] [--threads 16]
        [--database sqlite|postgresql] [--limits db|redis] [--workers 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from dev.bench import flood, hook_stream, servers
from dev.bench.databases import drop_database, new_database
from dev.ports import free_port, wait_for


def run(hooks: hook_stream.Hooks, base: str, seconds: float) -> list[hook_stream.Sample]:
    """Send hooks to `base` for `seconds`; return the samples."""
    hooks.base = base
    end = time.monotonic() + seconds
    return hooks.send(lambda _sessions: time.monotonic() < end)


def report(name: str, samples: list[hook_stream.Sample], logins: Counter | None) -> None:
    """Print one run's figures."""
    failed = Counter(f"{s.method} {s.status}" for s in samples if s.status != 200)
    bad = sum(failed.values())
    worst = max((s.seconds for s in samples), default=0) * 1000
    line = (
        f"  {name:42} hooks {len(samples):5}  p50 {hook_stream.percentile(samples, 0.5):7.1f} ms"
        f"  p99 {hook_stream.percentile(samples, 0.99):7.1f} ms  max {worst:7.1f} ms  failed {bad}"
        + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(failed.items()))})" if bad else "")
    )
    if logins is not None:
        answered = ", ".join(
            f"{status}: {count}" for status, count in sorted(logins.items(), key=str)
        )
        line += f"\n  {'':42} logins {sum(logins.values())} ({answered})"
    print(line, flush=True)


def parse_args() -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=15, help="seconds per run")
    parser.add_argument("--threads", type=int, default=16, help="threads of the login flood")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--limits", choices=("db", "redis"), default="db")
    parser.add_argument("--workers", type=int, default=3, help="CALLGATE_WORKERS")
    return parser.parse_args()


def main() -> None:
    """Start Callgate, run the three runs, print the figures."""
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="callgate-flood-") as folder:
        workdir = Path(folder)
        hook_port = free_port()
        extra = {"WORKERS": str(args.workers), "HOOK_BIND": f"127.0.0.1:{hook_port}"}
        if args.limits == "redis":
            extra |= {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}
            extra |= {"RATE_LIMITS_NAMESPACE": f"bench-{workdir.name}"}
        url = new_database(args.database, workdir)
        callgate = servers.Callgate(workdir, url, servers.settings(**extra), buttons=5)
        with callgate:
            wait_for(hook_port, 60)
            target = callgate.target()
            hooks = hook_stream.Hooks(
                "", target.hook_secret, target.token_keys, target.origin, target.buttons
            )
            print(f"bin/serve: {args.workers} workers, 2 hook workers; {args.database}", end="")
            print(f", limit counters in {args.limits}")
            report(
                "no flood, hook workers",
                run(hooks, f"http://127.0.0.1:{hook_port}", args.duration),
                None,
            )
            for name, base in (("login flood, hook workers", f"http://127.0.0.1:{hook_port}"),
                               ("login flood, the other workers", callgate.url)):  # fmt: skip
                with flood.LoginFlood(callgate.url, flood.addresses(), args.threads) as logins:
                    samples = run(hooks, base, args.duration)
                report(name, samples, logins.answers)
        if args.database == "postgresql":
            drop_database(url)


if __name__ == "__main__":
    main()

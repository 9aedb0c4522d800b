"""Benchmark Callgate's hot path against the seed's PHP hook, side by side, with wrk.

Both run on this machine at once; rounds alternate (seed, Callgate, seed, Callgate, …), at each
number of connections, for `/connect`, `/call`, the FINISH event, the token endpoint and four
kinds of refusal (an unsigned hook, a token for an unknown button, a token over its limit, a
token for a foreign origin). Every Callgate request does all its checks: a signed body, a fresh
one-time token and its own sessionId per `/connect`, a real session per `/call`, a placed call
per FINISH, and token requests under the default per-address and per-network limits (each from
its own address, through X-Forwarded-For; the per-button and global ceilings raised so the
answers can be 200s). Every answer is checked: its status, and the field each kind must carry
(the injected SIP login, the forced callee, the token, the refusal's error); a wrong or missing
answer counts as bad. The seed has no token endpoint and no refusal of those kinds: the token
requests are compared with its `/connect`, the refusals with its refusal of a foreign origin.
The floor, `GET /healthz`, shows what the server and Flask alone answer, without a database.

Each round prints requests a second, p50 and p99, and the server's CPU per request (user and
system time of each side's process tree, from /proc); each kind ends with the medians of the
per-round ratios. Nothing here asserts a time: it prints figures. The run removes what it made:
its PostgreSQL database and its Redis counters (a namespace of its own in db 15).

    .venv/bin/python -m dev.bench.side_by_side [--rounds 3] [--duration 10] [--connections 1,16]
        [--database sqlite|postgresql] [--limits db|redis] [--workers N]
        [--worker-class sync|gthread] [--threads N] [--kinds connect,call,...]
        [--scale 1000000]   (first seed that many rows: do the hooks slow down with data?)

Needs nginx, php-fpm and wrk (bin/setup --bench installs them); finds the seed in
`shared/bench/seed-php` above the checkout, or at BENCH_SEED_PHP.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from callgate.db import make_engine
from dev.bench import databases, seed_scale, servers, side_report, workload
from dev.bench.databases import drop_database, new_database
from dev.bench.side_report import Measured
from dev.bench.wrk import run_wrk, tree_cpu

KINDS = (
    "connect",
    "call",
    "finish",
    "token",
    "floor",
    "unsigned",
    "unknown",
    "overlimit",
    "origin",
)


def one_round(
    kind: str,
    side: servers.Seed | servers.Callgate,
    args: argparse.Namespace,
    start: int,
    connections: int,
    out: Path,
) -> Measured:
    """Prepare and run one round of `kind` on one side; return what it measured."""
    target = side.target()
    if isinstance(side, servers.Seed):
        # The seed keeps no state: one request, replayed.
        kind = side_report.SEED_KIND.get(kind, kind)
        path = workload.write(out / f"seed-{kind}.txt", kind, start, 1, target)
        expect = workload.SEED_EXPECT[kind]
    else:
        count = 1 if kind in side_report.STATELESS else args.duration * args.max_rps
        servers.prepare(side.database_url, kind, start, count, target.buttons)
        if kind == "overlimit":
            side_report.spend_allowance(side.url, target)
        path = workload.write(out / f"callgate-{kind}.txt", kind, start, count, target)
        expect = workload.EXPECT[kind]
    before = tree_cpu(*side.pids())
    figures = run_wrk(side.url, path, args.duration, connections, expect)
    used = tree_cpu(*side.pids()) - before
    return Measured(figures, used * 1000 / max(figures.requests, 1))


def parse_args() -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per round")
    parser.add_argument("--connections", default="1,16", help="comma-separated")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--limits", choices=("db", "redis"), default="db")
    parser.add_argument("--workers", type=int, default=0, help="0: bin/serve's default")
    parser.add_argument("--worker-class", choices=("sync", "gthread"), help="bin/serve's default")
    parser.add_argument("--threads", type=int, default=0, help="0: bin/serve's default")
    parser.add_argument("--max-rps", type=int, default=6000, help="requests prepared per second")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        help="first seed this many calls, sessions and audit rows (and 10,000 buttons)",
    )
    args = parser.parse_args()
    unknown = set(args.kinds.split(",")) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}; choose from {', '.join(KINDS)}")
    return args


def main() -> None:
    """Start both sides, run the alternating rounds, print every round and the medians."""
    args = parse_args()
    extra = {"RATE_LIMITS_GLOBAL": "1000000000/minute"}
    namespace = databases.redis_namespace() if args.limits == "redis" else None
    if namespace:
        extra |= {"RATELIMIT_STORAGE_URI": databases.REDIS, "RATE_LIMITS_NAMESPACE": namespace}
    for name in ("workers", "worker_class", "threads"):
        if getattr(args, name):
            extra[name.upper()] = str(getattr(args, name))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        # nginx and php-fpm run as www-data and must reach the seed's socket in here.
        workdir.chmod(0o755)
        url = new_database(args.database, workdir)
        callgate = servers.Callgate(workdir, url, servers.settings(**extra))
        seed = servers.Seed(workdir / "seed")
        try:
            run(args, seed, callgate, workdir)
        finally:
            drop_database(url)
            if namespace:
                databases.forget_counters(namespace)


def run(args: argparse.Namespace, seed: servers.Seed, callgate: servers.Callgate, workdir) -> None:
    """Seed the data set if asked, then run every kind's alternating rounds and report them."""
    with seed, callgate:
        if args.scale:
            engine = make_engine(callgate.database_url)
            seed_scale.seed(engine, 10_000, args.scale, 90)
            engine.dispose()
        data = f", {args.scale:,} rows seeded" if args.scale else ""
        print(f"seed PHP hook vs Callgate ({args.database}, limits in {args.limits}{data}),")
        print(f"wrk -t1 -d{args.duration}s, {args.rounds} rounds each, every answer checked")
        start = 0
        for kind in args.kinds.split(","):
            for connections in (int(c) for c in args.connections.split(",")):
                rounds = []
                for _ in range(args.rounds):
                    theirs = one_round(kind, seed, args, 0, connections, workdir)
                    ours = one_round(kind, callgate, args, start, connections, workdir)
                    start += args.duration * args.max_rps
                    rounds.append((theirs, ours))
                side_report.report(f"{kind} c{connections}", rounds)


if __name__ == "__main__":
    main()

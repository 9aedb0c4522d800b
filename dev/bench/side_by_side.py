"""Benchmark Callgate's hooks against the seed's PHP hook, side by side, with wrk.

Both run on this machine at once; rounds alternate (seed, Callgate, seed, Callgate, …) for
`/connect`, `/call`, the FINISH event and the token endpoint. Every Callgate request does all
its checks: a signed body, a fresh one-time token and its own sessionId per `/connect`, a real
session per `/call`, a placed call per FINISH, and for the token endpoint the default
per-address and per-network limits (each request from its own address, through
X-Forwarded-For; the per-button and global ceilings raised so the answers can be 200s). The
floor, `GET /healthz` against the seed's `/connect`, shows what the server and Flask alone
answer on this machine, without a database.
Non-2xx answers are counted and printed. Nothing here asserts a time: it prints figures.

    .venv/bin/python -m dev.bench.side_by_side [--rounds 3] [--duration 10] [--connections 16]
        [--database sqlite|postgresql] [--limits db|redis] [--workers N]
        [--worker-class sync|gthread] [--threads N] [--kinds connect,call,finish,token]
        [--scale 1000000]   (first seed that many rows: do the hooks slow down with data?)

Needs nginx, php-fpm and wrk (bin/setup --bench installs them).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from callgate.db import make_engine
from dev.bench import seed_scale, servers, workload

KINDS = ("connect", "call", "finish", "token", "floor")
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SCRIPT = Path(__file__).with_name("requests.lua")


@dataclass(frozen=True)
class Figures:
    """What one wrk run measured."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int


def run_wrk(url: str, requests: Path, duration: int, connections: int) -> Figures:
    """Run wrk against `url` replaying the lines of `requests`; return its figures."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(SCRIPT)]
    done = subprocess.run(
        [*command, url], env={"BENCH_REQUESTS": str(requests)}, capture_output=True, text=True
    )
    out = done.stdout
    rps = float(_find(r"Requests/sec:\s+([\d.]+)", out)[0])
    total = int(_find(r"(\d+) requests in", out)[0])
    bad = int(m[1]) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad += sum(int(n) for n in errors.groups()) if errors else 0
    return Figures(rps, _percentile(out, "50%"), _percentile(out, "99%"), total, bad)


def _find(pattern: str, out: str) -> tuple[str, ...]:
    match = re.search(pattern, out, re.M)
    if match is None:
        raise RuntimeError(f"wrk printed no {pattern!r}:\n{out}")
    return match.groups()


def _percentile(out: str, label: str) -> float:
    value, unit = _find(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out)
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def new_database(kind: str, workdir: Path) -> str:
    """Return the URL of an empty database for Callgate: a SQLite file or a PostgreSQL db."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    name = f"cg_bench_{workdir.name.lower().replace('-', '_')}"
    engine = create_engine(POSTGRES, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    """Drop the PostgreSQL database a run made (a SQLite file goes with its folder)."""
    if not url.startswith("postgresql"):
        return
    name = url.rsplit("/", 1)[1]
    engine = create_engine(POSTGRES, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def one_round(
    kind: str,
    side: servers.Seed | servers.Callgate,
    args: argparse.Namespace,
    start: int,
    out: Path,
) -> Figures:
    """Prepare and run one round of `kind` on one side; return its figures."""
    target = side.target()
    if isinstance(side, servers.Seed):
        # The seed keeps no state: one request, replayed. It has no token endpoint and no
        # health check: those are compared with the seed's /connect.
        kind = "connect" if kind in ("token", "floor") else kind
        path = workload.write(out / f"seed-{kind}.txt", kind, start, 1, target)
        return run_wrk(side.url, path, args.duration, args.connections)
    count = args.duration * args.max_rps
    servers.prepare(side.database_url, kind, start, count, target.buttons)
    path = workload.write(out / f"callgate-{kind}.txt", kind, start, count, target)
    return run_wrk(side.url, path, args.duration, args.connections)


def report(kind: str, rounds: list[tuple[Figures, Figures]]) -> None:
    """Print each round of `kind` and the medians."""
    for number, (seed, ours) in enumerate(rounds, start=1):
        print(
            f"  {kind:8} round {number}: seed {seed.rps:9.0f} rps p99 {seed.p99_ms:6.2f} ms"
            f" bad {seed.bad:<5} | callgate {ours.rps:8.0f} rps p50 {ours.p50_ms:6.2f} ms"
            f" p99 {ours.p99_ms:7.2f} ms bad {ours.bad:<5} ({ours.rps / seed.rps:.3f}x)"
        )
    seed_rps = statistics.median(s.rps for s, _ in rounds)
    ours_rps = statistics.median(o.rps for _, o in rounds)
    seed_p99 = statistics.median(s.p99_ms for s, _ in rounds)
    ours_p99 = statistics.median(o.p99_ms for _, o in rounds)
    print(
        f"  {kind:8} median:  seed {seed_rps:9.0f} rps p99 {seed_p99:6.2f} ms |"
        f" callgate {ours_rps:8.0f} rps p99 {ours_p99:7.2f} ms"
        f" -> {ours_rps / seed_rps:.3f}x the seed's rps, p99 {ours_p99 / seed_p99:.1f}x"
    )


def parse_args() -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per round")
    parser.add_argument("--connections", type=int, default=16)
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
    return parser.parse_args()


def main() -> None:
    """Start both sides, run the alternating rounds, print every round and the medians."""
    args = parse_args()
    extra = {"RATE_LIMITS_GLOBAL": "1000000000/minute"}
    if args.limits == "redis":
        extra["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/15"
        subprocess.run(["redis-cli", "-n", "15", "FLUSHDB"], check=True, capture_output=True)
    if args.workers:
        extra["WORKERS"] = str(args.workers)
    if args.worker_class:
        extra["WORKER_CLASS"] = args.worker_class
    if args.threads:
        extra["THREADS"] = str(args.threads)
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


def run(args: argparse.Namespace, seed: servers.Seed, callgate: servers.Callgate, workdir) -> None:
    """Seed the data set if asked, then run every kind's alternating rounds and report them."""
    with seed, callgate:
        if args.scale:
            engine = make_engine(callgate.database_url)
            seed_scale.seed(engine, 10_000, args.scale, 90)
            engine.dispose()
        data = f", {args.scale:,} rows seeded" if args.scale else ""
        print(f"seed PHP hook vs Callgate ({args.database}, limits in {args.limits}{data}),")
        print(f"wrk -t1 -c{args.connections} -d{args.duration}s, {args.rounds} rounds each")
        start = 0
        for kind in args.kinds.split(","):
            rounds = []
            for _ in range(args.rounds):
                theirs = one_round(kind, seed, args, 0, workdir)
                ours = one_round(kind, callgate, args, start, workdir)
                start += args.duration * args.max_rps
                rounds.append((theirs, ours))
            report(kind, rounds)


if __name__ == "__main__":
    main()

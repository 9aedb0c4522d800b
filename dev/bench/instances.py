"""Scale out on one machine: two Callgate instances, each pinned to one core, against one.

Both shapes share one database (PostgreSQL by default) and the same settings; rounds alternate
(one instance, two instances, …). One instance gets all the connections of wrk; with two, a
wrk per instance gets half each, at the same time, and their requests per second are added.
Every request is a real `/connect` with its own fresh token and sessionId. Nothing here
asserts a time: it prints each round and the median ratio.

    .venv/bin/python -m dev.bench.instances [--rounds 3] [--duration 10] [--connections 16]
        [--database postgresql|sqlite] [--workers 2] [--kind connect]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dev.bench import servers, workload
from dev.bench.databases import new_database
from dev.bench.wrk import Figures, run_wrk


def parse_args() -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--workers", type=int, default=2, help="workers per instance")
    parser.add_argument("--kind", choices=("connect", "finish", "token"), default="connect")
    parser.add_argument("--max-rps", type=int, default=4000, help="requests prepared per second")
    return parser.parse_args()


def load(
    sides: list[servers.Callgate], args: argparse.Namespace, start: int, out: Path
) -> list[Figures]:
    """Run wrk against every side at once, each with its share of the connections."""
    count = args.duration * args.max_rps
    share = max(1, args.connections // len(sides))
    paths = []
    for number, side in enumerate(sides):
        first = start + number * count
        servers.prepare(side.database_url, args.kind, first, count, side.button_ids)
        name = f"{args.kind}-{number}.txt"
        paths.append(workload.write(out / name, args.kind, first, count, side.target()))
    with ThreadPoolExecutor(len(sides)) as pool:
        runs = [
            pool.submit(run_wrk, side.url, path, args.duration, share)
            for side, path in zip(sides, paths, strict=True)
        ]
        return [run.result() for run in runs]


def report(rounds: list[tuple[list[Figures], list[Figures]]]) -> None:
    """Print each round and the median of the summed requests per second."""
    for number, (one, two) in enumerate(rounds, start=1):
        ones, twos = sum(f.rps for f in one), sum(f.rps for f in two)
        bad = sum(f.bad for f in one + two)
        print(
            f"  round {number}: one instance {ones:7.0f} rps | two instances {twos:7.0f} rps"
            f" ({' + '.join(f'{f.rps:.0f}' for f in two)}) bad {bad} -> {twos / ones:.2f}x"
        )
    one_rps = statistics.median(sum(f.rps for f in one) for one, _ in rounds)
    two_rps = statistics.median(sum(f.rps for f in two) for _, two in rounds)
    print(f"  median: one {one_rps:.0f} rps, two {two_rps:.0f} rps -> {two_rps / one_rps:.2f}x")


def main() -> None:
    """Start two pinned instances on one database and compare one against both, alternating."""
    args = parse_args()
    extra = {"RATE_LIMITS_GLOBAL": "1000000000/minute", "WORKERS": str(args.workers)}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        url = new_database(args.database, workdir)
        settings = servers.settings(**extra)
        first = servers.Callgate(workdir, url, settings, cpus="0")
        with first:
            second = servers.Callgate(
                workdir, url, settings, cpus="1", shared_buttons=first.button_ids
            )
            with second:
                print(f"one vs two Callgate instances, each on one core ({args.database}),")
                print(f"{args.kind}, wrk -c{args.connections} in all, {args.duration}s rounds")
                rounds, start = [], 0
                step = 2 * args.duration * args.max_rps
                for _ in range(args.rounds):
                    one = load([first], args, start, workdir)
                    two = load([first, second], args, start + step, workdir)
                    start += 2 * step
                    rounds.append((one, two))
                report(rounds)


if __name__ == "__main__":
    main()

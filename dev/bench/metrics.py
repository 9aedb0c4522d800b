"""What counting one hook answer costs: the counter and the histogram of telemetry/metrics.py.

Prints the time per count, as the median of several rounds (and the fastest and slowest
round), for a known method and for one that falls into `other`. Nothing here asserts a time.

    .venv/bin/python -m dev.bench.metrics [--rounds 5] [--counts 20000]
"""

from __future__ import annotations

import argparse
import statistics
import time

from callgate.telemetry import metrics

KNOWN = {"connect", "call", "CallStatusEvent"}


def parse_args() -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--counts", type=int, default=20000, help="hook answers per round")
    return parser.parse_args()


def one_round(method: str, counts: int) -> float:
    """Count `counts` answers of `method`; return the microseconds each took."""
    start = time.perf_counter()
    for _ in range(counts):
        metrics.hook_answered(method, KNOWN, 200, 0.003)
    return (time.perf_counter() - start) / counts * 1e6


def main() -> None:
    """Print the cost of one count, per method kind."""
    args = parse_args()
    for method in ("connect", "made-up-method"):
        rounds = [one_round(method, args.counts) for _ in range(args.rounds)]
        print(
            f"counting one {method} answer (counter + histogram): "
            f"median {statistics.median(rounds):.2f} µs, "
            f"fastest {min(rounds):.2f} µs, slowest {max(rounds):.2f} µs "
            f"({args.rounds} rounds of {args.counts})"
        )


if __name__ == "__main__":
    main()

"""Benchmark refused hooks: what an unsigned or forged hook costs the server, side by side with
a baseline checkout (an earlier commit), rounds alternating.

Both sides run through their own bin/serve on their own SQLite database, with the same settings;
wrk posts one refused request over and over at --connections. Each round prints requests a
second, p99, and the server's CPU per request: the user and system time of bin/serve's whole
process tree (read from /proc) over the round, divided by the requests answered. Each side must
first answer one request of each kind with the hook's 403; wrk then counts socket errors as
bad. Nothing here asserts a time: it prints figures.

    .venv/bin/python -m dev.bench.refusals --baseline DIR [--rounds 3] [--duration 8]
        [--connections 16] [--kinds unsigned,forged]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from dev.bench import servers
from dev.bench.wrk import Figures, run_wrk, tree_cpu

BODY = '{"nodeId":"n@192.0.2.5","appKey":"callgate","sessionId":"/10.0.0.1:1/192.0.2.5:8443"}'
KINDS = {"unsigned": "", "forged": "\tAuthorization: WCS " + "0" * 32}


def check(side: servers.Callgate, kind: str) -> None:
    """Refuse to measure unless `side` answers one request of `kind` with the hook's 403."""
    headers = {"Content-Type": "application/json"}
    if KINDS[kind]:
        name, value = KINDS[kind].strip().split(": ", 1)
        headers[name] = value
    request = urllib.request.Request(f"{side.url}/hooks/wcs/connect", BODY.encode(), headers)
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as answer:
        if answer.code == 403 and b'"status":403' in answer.read():
            return
    raise SystemExit(f"{side.root} does not refuse a {kind} hook with the hook's 403")


def one_round(
    side: servers.Callgate, path: Path, args: argparse.Namespace
) -> tuple[Figures, float]:
    """Run one round against `side`; return wrk's figures and the CPU ms per request."""
    assert side.process is not None
    before = tree_cpu(side.process.pid)
    figures = run_wrk(side.url, path, args.duration, args.connections)
    used = tree_cpu(side.process.pid) - before
    return figures, used * 1000 / max(figures.requests, 1)


def main() -> None:
    """Run the rounds and print each and the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout with .venv")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--kinds", default="unsigned,forged")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cg-refusals-") as tmp:
        work, settings = Path(tmp), servers.settings()
        sides = [
            servers.Callgate(
                work / name, f"sqlite:///{work / name}.sqlite3", settings, 0, root=root
            )
            for name, root in (("baseline", args.baseline.resolve()), ("this", servers.ROOT))
        ]
        for side in sides:
            side.workdir.mkdir()
        with sides[0], sides[1]:
            for kind in args.kinds.split(","):
                path = work / f"{kind}.txt"
                path.write_text(f"/hooks/wcs/connect{KINDS[kind]}\t{BODY}\n")
                for side in sides:
                    check(side, kind)
                report(
                    kind,
                    [[one_round(side, path, args) for side in sides] for _ in range(args.rounds)],
                )


def report(kind: str, rounds: list[list[tuple[Figures, float]]]) -> None:
    """Print each round of `kind` and the medians of the per-round figures and ratios."""
    for number, ((old, old_cpu), (new, new_cpu)) in enumerate(rounds, start=1):
        print(
            f"  {kind:8} round {number}: baseline {old.rps:7.0f} rps p99 {old.p99_ms:7.2f} ms"
            f" {old_cpu:6.3f} ms CPU bad {old.bad - old.requests} | this {new.rps:7.0f} rps"
            f" p99 {new.p99_ms:7.2f} ms {new_cpu:6.3f} ms CPU bad {new.bad - new.requests}"
        )
    ratio = statistics.median(n.rps / o.rps for (o, _), (n, _) in rounds)
    cpu = statistics.median(n / o for (_, o), (_, n) in rounds)
    new_cpu = statistics.median(n for _, (_, n) in rounds)
    print(
        f"  {kind:8} median: {ratio:.2f}x the baseline's rps; {new_cpu:.3f} ms of server CPU"
        f" per refusal, {cpu:.3f}x the baseline's"
    )


if __name__ == "__main__":
    main()

"""The side-by-side benchmark's rounds: what each measured, how kinds map onto the seed, the
state a round needs, and the printed report (each round, then medians of per-round ratios)."""

from __future__ import annotations

import statistics
import urllib.error
import urllib.request
from dataclasses import dataclass

from dev.bench import workload
from dev.bench.wrk import Figures

#: What the seed answers in place of the kinds it has no counterpart for.
SEED_KIND = {
    "token": "connect",
    "floor": "connect",
    **{kind: "refused" for kind in ("unsigned", "unknown", "overlimit", "origin")},
}
#: Kinds whose one request can be replayed all round: it changes nothing on Callgate.
STATELESS = frozenset({"floor", "unsigned", "overlimit"})


@dataclass(frozen=True)
class Measured:
    """One side's round: wrk's figures and the server's CPU milliseconds per request."""

    figures: Figures
    cpu_ms: float


def spend_allowance(base: str, target: workload.Target) -> None:
    """Ask for tokens from workload.SPENT until Callgate answers 429 (at most 1,000 times)."""
    url = f"{base}/api/v1/buttons/{target.buttons[0]}/token"
    headers = {"Origin": target.origin, "X-Forwarded-For": workload.SPENT}
    for _ in range(1000):
        try:
            urllib.request.urlopen(urllib.request.Request(url, b"", headers), timeout=10)
        except urllib.error.HTTPError as answer:
            if answer.code == 429:
                return
            raise
    raise RuntimeError("the token limits never refused the spent address")


def report(name: str, rounds: list[tuple[Measured, Measured]]) -> None:
    """Print each round of `name` and the medians of the per-round figures and ratios."""
    for number, (seed, ours) in enumerate(rounds, start=1):
        s, o = seed.figures, ours.figures
        print(
            f"  {name:14} round {number}: seed {s.rps:7.0f} rps p99 {s.p99_ms:6.2f} ms"
            f" {seed.cpu_ms:5.3f} ms CPU bad {s.bad} | callgate {o.rps:7.0f} rps"
            f" p50 {o.p50_ms:6.2f} p99 {o.p99_ms:7.2f} ms {ours.cpu_ms:6.3f} ms CPU bad {o.bad}"
        )
    rps = statistics.median(o.figures.rps / s.figures.rps for s, o in rounds)
    p99 = statistics.median(o.figures.p99_ms / max(s.figures.p99_ms, 0.001) for s, o in rounds)
    cpu = statistics.median(o.cpu_ms for _, o in rounds)
    seed_cpu = statistics.median(s.cpu_ms for s, _ in rounds)
    p50 = statistics.median(o.figures.p50_ms for _, o in rounds)
    bad = sum(o.figures.bad for _, o in rounds) + sum(s.figures.bad for s, _ in rounds)
    ours_rps = statistics.median(o.figures.rps for _, o in rounds)
    seed_rps = statistics.median(s.figures.rps for s, _ in rounds)
    print(
        f"  {name:14} median: {rps:.3f}x the seed's rps ({ours_rps:.0f} against {seed_rps:.0f}),"
        f" p99 {p99:.1f}x; callgate p50 {p50:.2f} ms, {cpu:.3f} ms CPU a request"
        f" (seed {seed_cpu:.3f}); {bad} bad answers"
    )

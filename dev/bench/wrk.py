"""Run wrk over prepared requests and read back what it measured, and what the server spent.

`requests.lua` replays one prepared request per line and, when told what to expect
(BENCH_EXPECT: a status, a tab, a text the body must hold), counts every answer that is not
that as wrong, so a fast wrong answer is never mistaken for a fast right one.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("requests.lua")


@dataclass(frozen=True)
class Expect:
    """The answer every request of a round must get: its status and a text its body holds."""

    status: int
    text: str = ""

    def env(self) -> str:
        """Return the BENCH_EXPECT value requests.lua reads."""
        return f"{self.status}\t{self.text}"


@dataclass(frozen=True)
class Figures:
    """What one wrk run measured; `bad` counts socket errors and wrong answers together."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int


def run_wrk(
    url: str, requests: Path, duration: int, connections: int, expect: Expect | None = None
) -> Figures:
    """Run wrk against `url` replaying the lines of `requests`; return its figures.

    Without `expect`, a non-2xx answer counts as bad; with it, any answer but the expected one.
    """
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(SCRIPT)]
    env = {"BENCH_REQUESTS": str(requests)} | ({"BENCH_EXPECT": expect.env()} if expect else {})
    done = subprocess.run([*command, url], env=env, capture_output=True, text=True)
    out = done.stdout
    rps = float(_find(r"Requests/sec:\s+([\d.]+)", out)[0])
    total = int(_find(r"(\d+) requests in", out)[0])
    if expect:
        bad = int(_find(r"Wrong answers: (\d+)", out)[0])
    else:
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


def tree_cpu(*pids: int) -> float:
    """Return the CPU seconds (user + system) used so far by `pids` and their descendants."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    roots = set(pids)
    return sum(used for p, used in times.items() if _descends(p, roots, parents))


def _descends(pid: int, roots: set[int], parents: dict[int, int]) -> bool:
    while pid not in roots and pid not in (0, 1):
        pid = parents.get(pid, 0)
    return pid in roots

"""Two floods against Callgate through bin/serve, and what real users get while they last.

`refusals`: WCS's hooks for one fresh session after another (`/connect`, `/call`, FINISH; a
legitimate stream, dev/bench/hook_stream.py) run alone for --duration seconds, then again while
wrk floods the server with one kind of refusal (--kind: unsigned, unknown, overlimit, origin;
16 connections, as fast as it is answered). Prints the stream's success rate, p50 and p99 alone
and under the flood, and the flood's rate as a multiple of the stream's.

`tokens`: token requests from --networks /24s (many addresses in each) flood the token
endpoint under the shipped limits (and the shipped proof-of-work policy: the flood does not
solve its challenges), while --visitors real visitors, each at an address of its own, ask for a
token once a second as the widget does, solving a challenge when one is asked. Prints the share
of visitors that got a token within 2 s during the flood, their p50 and p99, the time spent
solving, and how long after the flood stops a new visitor gets a token (watched up to 120 s).

Nothing here asserts a time: it prints figures. SQLite or PostgreSQL; the run removes what it
made.

    .venv/bin/python -m dev.bench.floods refusals [--kind unsigned] [--duration 10]
    .venv/bin/python -m dev.bench.floods tokens [--networks 1000] [--visitors 1] [--duration 30]
        [--database sqlite|postgresql] [--limits db|redis] [--pow-threshold off|PERCENT]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from callgate.calltokens import work
from dev.bench import databases, hook_stream, servers, side_report, workload
from dev.bench.http_client import ask, connect
from dev.bench.wrk import Figures, run_wrk

LINES = 200_000


def flood_in_background(
    side: servers.Callgate, lines: Path, seconds: int, kind: str
) -> Callable[[], Figures]:
    """Start wrk over `lines` for `seconds` at 16 connections; return a wait for its figures."""
    found: list[Figures] = []
    expect = workload.EXPECT.get(kind)
    thread = threading.Thread(
        target=lambda: found.append(run_wrk(side.url, lines, seconds, 16, expect))
    )
    thread.start()

    def wait() -> Figures:
        thread.join()
        return found[0]

    return wait


def stream(side: servers.Callgate, seconds: float, first: int) -> list[hook_stream.Sample]:
    """Send the legitimate stream of calls for `seconds`; return its timed hooks."""
    target = side.target()
    hooks = hook_stream.Hooks(
        side.url, target.hook_secret, target.token_keys, target.origin, target.buttons, first
    )
    end = time.monotonic() + seconds
    return hooks.send(lambda _sent: time.monotonic() < end, pause=0.01)


def describe(name: str, samples: list[hook_stream.Sample], seconds: float) -> str:
    """Return one line on a stream: hooks a second, share answered 200, p50 and p99."""
    good = sum(1 for s in samples if s.status == 200)
    share = 100 * good / max(len(samples), 1)
    return (
        f"  {name:14} {len(samples) / seconds:7.1f} hooks/s, {share:6.2f}% answered 200,"
        f" p50 {hook_stream.percentile(samples, 0.5):6.2f} ms,"
        f" p99 {hook_stream.percentile(samples, 0.99):7.2f} ms"
    )


def refusals(args: argparse.Namespace, side: servers.Callgate, workdir: Path) -> None:
    """Run the stream alone, then under a flood of refusals; print both."""
    stream(side, 1, 2_000_000)  # warm the workers up; not counted
    alone = stream(side, args.duration, 0)
    print(describe("alone", alone, args.duration))
    target = side.target()
    count = 1 if args.kind in ("unsigned", "overlimit") else LINES
    if args.kind == "overlimit":
        side_report.spend_allowance(side.url, target)
    lines = workload.write(workdir / "flood.txt", args.kind, 0, count, target)
    wait = flood_in_background(side, lines, args.duration, args.kind)
    under = stream(side, args.duration, 1_000_000)
    flood = wait()
    print(describe(f"under {args.kind}", under, args.duration))
    rate = len(under) / args.duration
    print(
        f"  flood          {flood.rps:7.0f} refusals/s ({flood.rps / max(rate, 0.001):.0f}x the"
        f" stream's hooks), p99 {flood.p99_ms:.2f} ms, {flood.bad} not the expected refusal"
    )


def flood_lines(path: Path, button: str, origin: str, networks: int) -> Path:
    """Write LINES token requests spread over `networks` /24s, a new address each time."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(LINES):
            net = n % networks
            client = f"10.{net >> 8 & 255}.{net & 255}.{n // networks % 250 + 1}"
            out.write(workload.token_line(button, origin, client) + "\n")
    return path


def visitor(base: str, button: str, address: str) -> tuple[int | str, float, float]:
    """Ask for one token as the widget does at `address`: a challenge is solved and asked
    again with its proof (up to 3). Return the last status, the milliseconds in all, and the
    milliseconds of them spent solving."""
    connection = connect(base)
    headers = {"Origin": servers.ORIGIN, "X-Forwarded-For": address}
    started, solving, body = time.perf_counter(), 0.0, b""
    for attempt in range(4):
        status, _headers, answer = ask(
            connection, "POST", f"/api/v1/buttons/{button}/token", body, headers
        )
        if status != 428 or attempt == 3:
            break
        challenge = json.loads(answer)
        solved = time.perf_counter()
        proof = work.solve(challenge["challenge"], challenge["difficulty"])
        solving += time.perf_counter() - solved
        body = json.dumps({"proof": proof}).encode()
    connection.close()
    return status, (time.perf_counter() - started) * 1000, solving * 1000


def tokens(args: argparse.Namespace, side: servers.Callgate, workdir: Path) -> None:
    """Flood the token endpoint from many networks while visitors ask; print what they got."""
    button = side.button_ids[0]
    lines = flood_lines(workdir / "tokens.txt", button, servers.ORIGIN, args.networks)
    wait = flood_in_background(side, lines, args.duration, "flood")
    asked: list[tuple[int | str, float, float]] = []
    for second in range(args.duration - 1):
        time.sleep(1)
        for v in range(args.visitors):
            # Each visit from a network of its own: real visitors are different people.
            address = f"172.{16 + v % 16}.{second % 250}.{v // 16 % 250 + 1}"
            asked.append(visitor(side.url, button, address))
    flood = wait()
    got = [ms for status, ms, _solving in asked if status == 200]
    soon = [ms for ms in got if ms <= 2000]
    print(
        f"  flood          {flood.rps:7.0f} token requests/s from {args.networks} /24s"
        f" ({flood.bad} of {flood.requests} got no token)"
    )
    print(
        f"  visitors       {100 * len(soon) / max(len(asked), 1):6.2f}% got a token within 2 s"
        f" ({len(soon)} of {len(asked)}; {len(got)} in all), p50 {_p50(got):.0f} ms,"
        f" p99 {_p99([ms for _s, ms, _solving in asked]):.0f} ms, solving p50"
        f" {_p50([solving for _s, _ms, solving in asked]):.0f} ms,"
        f" answers {dict(Counter(str(status) for status, _ms, _solving in asked))}"
    )
    stopped = time.monotonic()
    for n in range(120):
        status, ms, _solving = visitor(side.url, button, f"172.17.{n}.1")
        if status == 200:
            print(
                f"  after the flood: a new visitor got a token {time.monotonic() - stopped:.0f} s"
                f" after it stopped (in {ms:.0f} ms)"
            )
            return
        time.sleep(1)
    print("  after the flood: no visitor got a token within 120 s")


def _p50(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else sum(values)


def main() -> None:
    """Start Callgate, run the chosen flood, print the figures, remove what the run made."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=("refusals", "tokens"))
    parser.add_argument(
        "--kind", choices=("unsigned", "unknown", "overlimit", "origin"), default="unsigned"
    )
    parser.add_argument("--duration", type=int, default=0, help="seconds (10, or 30 for tokens)")
    parser.add_argument("--networks", type=int, default=1000)
    # One a second: real demand stays within the button's allowance (200 tokens a day by
    # default), which 10 visitors a second would spend alone in 20 s, flood or no flood.
    parser.add_argument("--visitors", type=int, default=1)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--limits", choices=("db", "redis"), default="db")
    parser.add_argument(
        "--pow-threshold", help="CALLGATE_POW_THRESHOLD for this run (off: the limits alone)"
    )
    args = parser.parse_args()
    args.duration = args.duration or (30 if args.scenario == "tokens" else 10)
    # The refusals flood measures crowding, not the limits: the global ceiling is raised.
    extra = {} if args.scenario == "tokens" else {"RATE_LIMITS_GLOBAL": "1000000000/minute"}
    if args.pow_threshold:
        extra["POW_THRESHOLD"] = args.pow_threshold
    namespace = databases.redis_namespace() if args.limits == "redis" else None
    if namespace:
        extra |= {"RATELIMIT_STORAGE_URI": databases.REDIS, "RATE_LIMITS_NAMESPACE": namespace}
    with tempfile.TemporaryDirectory(prefix="bench-flood-") as tmp:
        workdir = Path(tmp)
        url = databases.new_database(args.database, workdir)
        room = args.scenario != "tokens"
        side = servers.Callgate(workdir, url, servers.settings(**extra), 10, room=room)
        try:
            with side:
                print(
                    f"{args.scenario} flood against Callgate ({args.database}), bin/serve's"
                    f" defaults, {args.duration} s"
                )
                (tokens if args.scenario == "tokens" else refusals)(args, side, workdir)
        finally:
            databases.drop_database(url)
            if namespace:
                databases.forget_counters(namespace)


if __name__ == "__main__":
    main()

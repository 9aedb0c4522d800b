"""Token requests and `/call` on a busy button (50,000 calls today) against an idle one.

In process (Flask's test client, no server, no network): both buttons are on one database, 24/7,
with limits that let every request through; the busy one has `--calls` finished calls placed
earlier today (their sessions, and its day's counter row as `/call` keeps it). Rounds
alternate the buttons (idle, busy, then busy, idle, …); each round times `--requests` token
requests, then as many `/call`s on sessions connected beforehand (each call is then ended
with FINISH, untimed, so no round leaves calls in progress). Prints the median time per
request of each button and their ratio, in wall time and in this process's CPU time (all
of it on SQLite; on PostgreSQL the server's share is not in it). Nothing here asserts a
time: it prints figures.

    .venv/bin/python -m dev.bench.busy_button [--database sqlite|postgresql|both]
        [--calls 50000] [--rounds 5] [--requests 20]

To compare with another checkout (say main before a change), run this file from there.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, insert, inspect, text
from sqlalchemy.pool import NullPool

import callgate
from callgate.buttons.store import create_button
from callgate.db import dispose, get_db
from callgate.db.migrate import upgrade
from callgate.db.models import Call, DailyUsage, WcsSession
from callgate.hooks.verify import sign
from dev.bench import servers, workload
from dev.bench.console_app import console_app

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ORIGIN = servers.ORIGIN
HOOK_SECRET = "bench-hook-secret"
OPEN = "100000000/minute"
BUTTON = servers.button_fields(ORIGIN)
IDLE_BUSY = ("idle", "busy")
_numbers = itertools.count(1)


def seed_busy(url: str, button_id: str, calls: int, now: datetime) -> None:
    """Write `calls` finished calls of `button_id` placed today before `now`, and the day's row."""
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    step = max(timedelta(0), now - timedelta(minutes=1) - start) / max(1, calls)
    pairs = [_finished(button_id, n, start + step * n, float(n % 120)) for n in range(calls)]
    engine = create_engine(url, poolclass=NullPool)
    day: dict[str, object] = {"button_id": button_id, "day": now.date().isoformat()}
    day["calls"] = calls
    if "seconds" in {c["name"] for c in inspect(engine).get_columns("daily_usage")}:
        day |= {"seconds": float(sum(n % 120 for n in range(calls))), "timezone": "UTC"}
    with engine.begin() as connection:
        for first in range(0, calls, 5000):
            batch = pairs[first : first + 5000]
            connection.execute(insert(WcsSession), [session for session, _ in batch])
            connection.execute(insert(Call), [call for _, call in batch])
        connection.execute(insert(DailyUsage), [day])
        if engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))
    engine.dispose()


def _finished(button_id: str, n: int, at: datetime, talk: float) -> tuple[dict, dict]:
    """Return the session and call rows of the n-th call, placed at `at`, talked `talk` s."""
    sid = f"busy-s{n}"
    session: dict[str, object] = {
        "session_id": sid,
        "jti": f"busy-j{n}",
        "button_id": button_id,
        "origin": ORIGIN,
    }
    session |= {"status": "DISCONNECTED", "opened_at": at}
    session["closed_at"] = at + timedelta(seconds=talk + 2)
    call: dict[str, object] = {
        "call_id": f"busy-c{n}",
        "session_id": sid,
        "button_id": button_id,
        "callee": "7001",
    }
    call |= {"created_at": at, "established_at": at, "talk_seconds": talk}
    call |= {"finished_at": at + timedelta(seconds=talk), "final_status": "FINISH"}
    return session, call


def hook(client: FlaskClient, method: str, body: dict) -> int:
    """POST a signed WCS hook; return the status code."""
    raw = json.dumps(body, separators=(",", ":")).encode()
    headers = {"Authorization": sign(raw, HOOK_SECRET), "Content-Type": "application/json"}
    return client.post(f"/hooks/wcs/{method}", data=raw, headers=headers).status_code


def token(client: FlaskClient, button_id: str) -> tuple[int, str]:
    """Ask for a call token as the widget does; return the status and the token."""
    answer = client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})
    return answer.status_code, (answer.get_json() or {}).get("token", "")


def connected(client: FlaskClient, button_id: str) -> int:
    """Connect a new WCS session for `button_id`; return its number (workload.session_id)."""
    n = next(_numbers)
    body = workload.connect_body(n, token(client, button_id)[1], ORIGIN)
    if hook(client, "connect", body) != 200:
        raise SystemExit(f"/connect refused for {button_id}")
    return n


def timed(action) -> tuple[float, float]:
    """Return the wall and this process's CPU milliseconds `action()` took; stop unless 200."""
    began, cpu = time.perf_counter(), time.process_time()
    status = action()
    spent = ((time.perf_counter() - began) * 1000, (time.process_time() - cpu) * 1000)
    if status != 200:
        raise SystemExit(f"answer {status}, not 200")
    return spent


def one_round(client: FlaskClient, button_id: str, requests: int) -> dict[str, list]:
    """Time `requests` token requests and `/call`s of `button_id`; end the calls afterwards."""
    tokens = [timed(lambda: token(client, button_id)[0]) for _ in range(requests)]
    sessions = [connected(client, button_id) for _ in range(requests)]
    calls = []
    for n in sessions:
        calls.append(timed(lambda n=n: hook(client, "call", workload.call_body(n))))
        hook(client, "CallStatusEvent", workload.finish_body(n))
    return {"token": tokens, "call": calls}


def measure(app: Flask, buttons: dict[str, str], rounds: int, requests: int) -> dict:
    """Return {(kind, button name): [milliseconds]} over alternating rounds."""
    client = app.test_client()
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for number in range(rounds):
        order = list(buttons) if number % 2 == 0 else list(reversed(buttons))
        for name in order:
            for kind, spent in one_round(client, buttons[name], requests).items():
                times.setdefault((kind, name), []).extend(spent)
    return times


def new_database(kind: str, workdir: Path) -> tuple[str, str | None]:
    """Return the URL of a new empty database, and the PostgreSQL name to drop afterwards."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'busy.sqlite3'}", None
    name = f"cg_bench_busy_{os.getpid()}"
    server = create_engine(POSTGRES, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}", name


def drop(name: str | None) -> None:
    """Drop the bench's PostgreSQL database, if it made one."""
    if name is None:
        return
    server = create_engine(POSTGRES, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def bench(kind: str, calls: int, rounds: int, requests: int) -> list[str]:
    """Run the benchmark on one database kind; return its table's lines."""
    with tempfile.TemporaryDirectory() as workdir:
        url, name = new_database(kind, Path(workdir))
        try:
            upgrade(url)
            limits = {f"RATE_LIMITS_{k}": OPEN for k in ("IP", "PREFIX", "BUTTON", "GLOBAL")}
            app = console_app(url, WCS_HOOK_SECRETS=[HOOK_SECRET], LOG_LEVEL="WARNING", **limits)
            with app.app_context():
                ids = {n: create_button(get_db(), dict(BUTTON)).id for n in ("idle", "busy")}
            seed_busy(url, ids["busy"], calls, datetime.now(UTC))
            times = measure(app, ids, rounds, requests)
            dispose(app)
        finally:
            drop(name)
    lines = []
    for what in ("token", "call"):
        figures = []
        for index in (0, 1):  # wall, then CPU
            idle, busy = (statistics.median(t[index] for t in times[(what, b)]) for b in IDLE_BUSY)
            figures.append(f"{idle:>9.2f} {busy:>9.2f} {busy / idle:>7.2f}")
        lines.append(f"{kind:<11} {what:<6} " + "   ".join(figures))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    print(f"callgate from {Path(callgate.__file__).parent}; {args.calls} calls today on busy")
    head = f"{'idle ms':>9} {'busy ms':>9} {'ratio':>7}"
    print(f"{'':<18} {'wall':^25}   {'CPU of this process':^25}")
    print(f"{'database':<11} {'kind':<6} {head}   {head}")
    for kind in kinds:
        for line in bench(kind, args.calls, args.rounds, args.requests):
            print(line, flush=True)


if __name__ == "__main__":
    main()

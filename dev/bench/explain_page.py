"""Where one console page's time goes: each SQL statement's own time and plan, then Python's.

Fetches `--path` once logged in as the seed's admin (dev/bench/seed_scale.py) while recording
its statements; then runs each SELECT again under EXPLAIN ANALYZE (PostgreSQL) or times it
(SQLite, with its EXPLAIN QUERY PLAN); then profiles one more fetch and prints the functions
that took longest. Nothing here asserts a time.

    .venv/bin/python -m dev.bench.explain_page --url URL [--path /console/] [--plans]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from sqlalchemy import event

from callgate.db import engine_of
from dev.bench.console_app import console_app, logged_in
from dev.bench.seed_scale import ADMIN, PASSWORD


def recorded(engine, client, path: str) -> tuple[list[tuple[str, object]], float]:
    """Fetch `path`; return its statements with their parameters and the fetch's seconds."""
    found: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        found.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    began = time.perf_counter()
    try:
        client.get(path).get_data()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return found, time.perf_counter() - began


def explained(engine, statement: str, parameters: object) -> tuple[float, list[str]]:
    """Return the seconds `statement` takes on its own and its plan's lines."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            cursor.execute("SET jit = off")  # as the console's sessions (db/timeouts.py)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            lines = [str(row[0]) for row in cursor.fetchall()]
            took = next((ln for ln in reversed(lines) if ln.startswith("Execution Time")), "")
            return float(took.split(":")[1].split()[0]) / 1000 if took else 0.0, lines
        began = time.perf_counter()
        cursor.execute(statement, parameters)
        cursor.fetchall()
        took_s = time.perf_counter() - began
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        return took_s, [str(row[3]) for row in cursor.fetchall()]
    finally:
        raw.close()


def main() -> None:
    """Log in, fetch the page, print each statement's time, then the profile's top lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--path", default="/console/")
    parser.add_argument("--plans", action="store_true", help="print every plan whole")
    args = parser.parse_args()
    app = console_app(args.url)
    engine = engine_of(app)
    client = logged_in(app, ADMIN, PASSWORD)
    client.get(args.path).get_data()  # warm the caches once
    statements, seconds = recorded(engine, client, args.path)
    print(f"{args.path}: {seconds * 1000:.0f} ms, {len(statements)} statements")
    total = 0.0
    for n, (statement, parameters) in enumerate(statements, 1):
        if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        took, lines = explained(engine, statement, parameters)
        total += took
        head = " ".join(statement.split())[:160]
        print(f"\n#{n} {took * 1000:.1f} ms  {head}")
        for line in lines if args.plans else lines[:6]:
            print("    " + line)
    print(f"\nSQL alone: {total * 1000:.0f} ms of {seconds * 1000:.0f} ms")
    profile = cProfile.Profile()
    profile.runcall(lambda: client.get(args.path).get_data())
    pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    engine.dispose()


if __name__ == "__main__":
    main()

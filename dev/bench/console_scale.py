"""Benchmark the console's pages on a seeded database (dev/bench/seed_scale.py).

Each page is fetched in process with the Flask test client, logged in as the seed's admin:
once under tracemalloc (peak memory, SQL statements, HTML size), then `--runs` times untraced
for the median time. Nothing here asserts a time.

    .venv/bin/python -m dev.bench.console_scale --url URL [--runs 3] [--only Overview,CSV]
        [--rollup build|none|as-is]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from sqlalchemy import event, text

from callgate.apikeys.keys import SCOPES, Creator, create_key
from callgate.calls import rollup
from callgate.db import engine_of, get_db, rollups
from callgate.db.models import utcnow
from dev.bench.console_app import console_app, logged_in
from dev.bench.seed_scale import ADMIN, PASSWORD, button_id


def keyset_p100(engine) -> str:
    """Return the cursor "Older" carries to page 100 of the calls (the 4,950th newest call)."""
    query = text(
        "SELECT created_at, call_id FROM calls ORDER BY created_at DESC, call_id DESC "
        "LIMIT 1 OFFSET 4949"
    )
    with engine.connect() as connection:
        row = connection.execute(query).one()
    at = row[0] if isinstance(row[0], datetime) else datetime.fromisoformat(row[0])
    return quote(f"{at.replace(tzinfo=UTC).isoformat()}|{row[1]}")


def pages(engine) -> list[tuple[str, str]]:
    """Return (name, path) of each page measured."""
    month = utcnow().date() - timedelta(days=30)
    return [
        ("Overview", "/console/"),
        ("Calls p1", "/console/calls"),
        ("Calls p100", "/console/calls?page=100"),
        ("Calls p100 (keyset)", f"/console/calls?page=100&after={keyset_p100(engine)}"),
        ("Calls of one button", f"/console/calls?button={button_id(1)}"),
        ("Calls from one page", "/console/calls?page_path=/p7"),
        ("Calls from no page", "/console/calls?page_path=/nowhere"),
        ("Calls of one campaign", "/console/calls?campaign=c3"),
        ("CSV (a month)", f"/console/calls.csv?from={month.isoformat()}"),
        ("Audit p1", "/console/audit"),
        ("Buttons list", "/console/buttons"),
        ("Callbacks", "/console/callbacks"),
    ]


def api_pages() -> list[tuple[str, str]]:
    """Return (name, path) of each management API list measured."""
    return [
        ("API calls", "/api/v1/manage/calls"),
        ("API calls of one button", f"/api/v1/manage/calls?button={button_id(1)}"),
        ("API buttons", "/api/v1/manage/buttons"),
        ("API callbacks", "/api/v1/manage/callbacks"),
    ]


def api_key(app) -> str:
    """Make a key of every scope for the seed's workspace (a new name each run)."""
    with app.app_context():
        name = f"bench {time.time_ns()}"
        _row, text = create_key(get_db(), 1, name, list(SCOPES), Creator("cli"))
    return text


def measure(
    client, engine, path: str, runs: int, headers: dict | None = None
) -> tuple[float, int, float, int, int]:
    """Return median seconds, statements, peak MB, status and body bytes of GET `path`."""
    counted = [0]

    def count(*_args: object) -> None:
        counted[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    tracemalloc.start()
    answer = client.get(path, headers=headers)
    body = len(answer.get_data())
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    event.remove(engine, "before_cursor_execute", count)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        client.get(path, headers=headers).get_data()
        times.append(time.perf_counter() - began)
    return statistics.median(times), counted[0], peak, answer.status_code, body


def prepare(app, rollup_wanted: str) -> str:
    """Build or drop the overview's rollup as asked; say what was done."""
    if rollup_wanted == "as-is":
        return "as it was"
    with app.app_context():
        db = get_db()
        rollups.forget(db)
        db.commit()
        if rollup_wanted == "none":
            return "none (counted live)"
        began = time.perf_counter()
        rollup.refresh(db, utcnow())
        return f"built in {(time.perf_counter() - began) * 1000:.0f} ms"


def main() -> None:
    """Log in, fetch each page, print a table row per page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="comma-separated page names")
    parser.add_argument(
        "--rollup",
        choices=("build", "none", "as-is"),
        default="build",
        help="build the overview's rollup first (as the watchdog does), drop it, or leave it",
    )
    args = parser.parse_args()
    app = console_app(args.url)
    engine = engine_of(app)
    with engine.connect() as connection:
        calls = connection.scalar(text("SELECT count(*) FROM calls"))
    print(f"{engine.dialect.name}, {calls} calls, overview rollup: {prepare(app, args.rollup)}")
    print("| Page | median of 3 | SQL statements | peak memory | status | HTML |")
    print("|---|---|---|---|---|---|")
    client = logged_in(app, ADMIN, PASSWORD)
    wanted = set(args.only.split(",")) if args.only else None
    bearer = {"Authorization": f"Bearer {api_key(app)}"}
    measured = [(n, p, None) for n, p in pages(engine)] + [(n, p, bearer) for n, p in api_pages()]
    for name, path, headers in measured:
        if wanted and name not in wanted:
            continue
        seconds, statements, peak, status, body = measure(client, engine, path, args.runs, headers)
        print(
            f"| {name} | {seconds * 1000:.0f} ms | {statements} | {peak:.1f} MB | {status} "
            f"| {body / 1000:.0f} kB |",
            flush=True,
        )
    engine.dispose()


if __name__ == "__main__":
    main()

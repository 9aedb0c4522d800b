"""Seed a database at scale: many buttons and many calls, WCS sessions and audit events.

Builds the data set the console is measured on (dev/bench/console_scale.py): `--buttons`
buttons in the default workspace, and `--rows` rows each of calls, wcs_sessions and
audit_events spread evenly over the last `--days` days up to now, written by the database
itself (`generate_series` on PostgreSQL, a recursive CTE on SQLite), plus 10,000 callback
requests and an admin to log in as. `--small` is the size CI can afford.

    .venv/bin/python -m dev.bench.seed_scale --database sqlite|postgresql [--small]
        [--buttons 10000] [--rows 1000000] [--days 90] [--url URL]

Prints the database's URL and how long each table took.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from callgate.buttons.store import new_values
from callgate.db import make_engine
from callgate.db.migrate import upgrade
from callgate.db.models import Button, utcnow
from callgate.db.visitors import CallbackRequest
from callgate.vault.fernet import build, encrypt
from dev.bench.scale_sql import big_tables

ENCRYPTION_KEY = "UsZYWtYz6lBue5EE7f6SrcVgLmg9S6An6mE27We09AU="
ADMIN, PASSWORD = "admin@bench.example", "bench password 0123"
ORIGIN = "https://shop.bench.example"
REGULAR, SMALL = (10_000, 1_000_000), (2_000, 50_000)
CALLBACKS = 10_000


def button_id(n: int) -> str:
    """Return the id of seeded button number `n` (0-based)."""
    return f"bench{n + 100000}"


def seed(engine: Engine, buttons: int, rows: int, days: int) -> dict[str, float]:
    """Fill the migrated, empty database behind `engine`; return seconds per table."""
    now = utcnow().replace(microsecond=0)
    start = now - timedelta(days=days)
    took: dict[str, float] = {}
    began = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(insert(Button), _buttons(buttons, start))
        connection.execute(insert(CallbackRequest), _callbacks(buttons, start, days))
    took["buttons"] = time.perf_counter() - began
    for name, statement in big_tables(engine.dialect.name):
        began = time.perf_counter()
        params = {
            "n": rows,
            "b": buttons,
            "epoch": int(start.timestamp()),
            "step": days * 86400 / rows,
        }
        with engine.begin() as connection:
            connection.execute(text(statement), params)
        took[name] = time.perf_counter() - began
    began = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    took["analyze"] = time.perf_counter() - began
    return took


def _buttons(count: int, start) -> list[dict]:
    password = encrypt(build([ENCRYPTION_KEY]), "bench-sip-password")
    always = {day: ["00:00-24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    return [
        new_values()
        | {
            "id": button_id(n),
            "name": f"Button {n:05d}",
            "origins": [ORIGIN],
            "gateway_url": "wss://gw.bench.example:8443",
            "app_key": "defaultApp",
            "callee": "7001",
            "sip_login": f"web-{n}",
            "sip_auth_name": None,
            "sip_password": password,
            "sip_domain": "pbx.bench.example",
            "sip_outbound_proxy": None,
            "schedule": always,
            "workspace_id": 1,
            "created_at": start + timedelta(seconds=n),
        }
        for n in range(count)
    ]


def _callbacks(buttons: int, start, days: int) -> list[dict]:
    step = days * 86400 / CALLBACKS
    return [
        {
            "button_id": button_id(n % buttons),
            "phone": f"+1555{n:07d}",
            "origin": ORIGIN,
            "status": "new" if n % 3 else "done",
            "created_at": start + timedelta(seconds=n * step),
        }
        for n in range(CALLBACKS)
    ]


def admin(url: str) -> None:
    """Create the admin the benchmark logs in as."""
    from callgate.accounts import users
    from dev.bench.console_app import console_app

    app = console_app(url)
    with app.app_context():
        from callgate.db import get_db

        users.create(get_db(), ADMIN, "admin", PASSWORD)
        get_db().commit()


def new_url(kind: str, name: str) -> str:
    """Return the URL of a new empty database (an existing one of that name is dropped)."""
    if kind == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='cg-scale-')) / 'scale.sqlite3'}"
    from dev.bench.databases import new_database

    workdir = Path(tempfile.mkdtemp(prefix=name.replace("_", "-")))
    return new_database("postgresql", workdir)


def main() -> None:
    """Parse the arguments, make and migrate the database, seed it, say where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--url", help="an empty database to use instead of a new one")
    parser.add_argument("--small", action="store_true", help="2,000 buttons, 50,000 rows")
    parser.add_argument("--buttons", type=int)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args()
    buttons, rows = SMALL if args.small else REGULAR
    url = args.url or new_url(args.database, "cg_scale")
    began = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    took = seed(engine, args.buttons or buttons, args.rows or rows, args.days)
    engine.dispose()
    admin(url)
    for name, seconds in took.items():
        print(f"  {name:14} {seconds:6.1f} s")
    print(f"seeded in {time.perf_counter() - began:.1f} s: {url}")


if __name__ == "__main__":
    main()

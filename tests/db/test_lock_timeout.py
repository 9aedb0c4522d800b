"""A locked database fails the hot path closed within 2 s: 503, never a worker held for 30 s.

Another connection holds a write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: EXCLUSIVE locks on
every table, which still let plain reads through). The bound is the requirement itself (WCS
waits 3-5 s for a hook); the time is printed, and asserted with a wide margin.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from callgate.db import get_db
from callgate.db.models import Base, WcsSession
from tests import databases
from tests.data import ORIGIN
from tests.wcs import session_id

BOUND = 2.0


@contextmanager
def write_locked(url: str) -> Iterator[None]:
    """Hold a write lock on the whole database from another connection."""
    engine = databases.raw_engine(url)
    with engine.connect() as connection:
        if url.startswith("sqlite"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            connection.exec_driver_sql("BEGIN")
            connection.exec_driver_sql(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        try:
            yield
        finally:
            connection.exec_driver_sql("ROLLBACK")
    engine.dispose()


def timed(request: Callable[[], object]) -> tuple[object, float]:
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


@pytest.fixture
def prepared(app, button, wcs, get_token) -> dict:
    """A token not yet used, and a session connected, ready to call."""
    sid = wcs.open_session(get_token(button.id)["token"], ORIGIN)
    return {"token": get_token(button.id)["token"], "sid": sid, "call": wcs.call_body(sid)}


def test_the_hot_path_fails_closed_fast_while_the_database_is_locked(
    app, client, button, wcs, prepared, database_url
):
    requests = {
        "token": lambda: client.post(
            f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN}
        ),
        "connect": lambda: wcs.post(
            "connect", wcs.connect_body(prepared["token"], ORIGIN, session_id())
        ),
        "call": lambda: wcs.post("call", prepared["call"]),
        "CallStatusEvent": lambda: wcs.post(
            "CallStatusEvent", wcs.event_body(prepared["sid"], "TRYING", "c-1")
        ),
    }
    with write_locked(database_url):
        answers = {name: timed(request) for name, request in requests.items()}
    for name, (response, seconds) in answers.items():
        print(f"{name}: {response.status_code} in {seconds:.2f} s while locked")
        assert response.status_code == 503, (name, response.get_json())
        assert seconds < BOUND, f"{name} took {seconds:.2f} s"
    assert answers["token"][0].get_json()["error"] == "unavailable"
    assert answers["connect"][0].get_json() == {"status": 503, "reason": "service unavailable"}
    with app.app_context():
        assert get_db().scalar(select(func.count()).select_from(WcsSession)) == 1
    assert wcs.post("call", prepared["call"]).status_code == 200


@pytest.mark.parametrize("value", [0, -1, 4001, 60000])
def test_a_lock_timeout_that_would_not_bound_the_wait_is_refused(make_app, value):
    from callgate.errors import ConfigError

    with pytest.raises(ConfigError, match="CALLGATE_DB_LOCK_TIMEOUT_MS"):
        make_app(DB_LOCK_TIMEOUT_MS=value)

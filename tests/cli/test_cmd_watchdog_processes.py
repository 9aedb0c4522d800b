"""Two real watchdog processes on one database: one acts, the other takes over when it dies."""

from __future__ import annotations

import base64
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from callgate.audit.trail import list_events
from callgate.db import get_db
from callgate.db.leases import LeaseRow
from callgate.db.models import Call, utcnow
from tests.browser.stack import free_port
from tests.cli.test_cmd_watchdog import overlong_call
from tests.servers import ROOT, environment, eventually

WATCHDOG = [str(ROOT / "bin" / "callgate"), "calls", "watchdog", "--interval", "0.5"]
Running = dict[str, tuple[subprocess.Popen, Path]]


@pytest.fixture
def watchdogs(database_url, wcs_rest, tmp_path: Path):
    """Start one watchdog process per WCS API user name, with a 2 s lease; return them."""
    started: Running = {}

    def start(*users: str) -> Running:
        for user in users:
            settings = {"WCS_API_URL": wcs_rest.url, "WCS_API_USER": user, "LOG_LEVEL": "DEBUG"}
            env = environment(database_url, free_port(), WCS_API_PASSWORD="pw", **settings)
            log = tmp_path / f"{user}.log"
            with log.open("w") as out:
                command = [*WATCHDOG, "--lease", "2"]
                process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
            started[user] = (process, log)
        return started

    yield start
    for process, _log in started.values():
        process.kill()
        process.wait(timeout=10)


def senders(wcs_rest) -> list[str]:
    """Return the WCS API user of each terminate request so far, in order."""
    users = []
    for request in list(wcs_rest.requests):
        pair = base64.b64decode(request["headers"]["Authorization"].removeprefix("Basic "))
        users.append(pair.decode().split(":")[0])
    return users


def lease_rows(app) -> list[tuple[str, datetime]]:
    with app.app_context():
        return [(r.holder, r.expires_at) for r in get_db().query(LeaseRow)]


def takeovers(app) -> list[tuple[str, datetime]]:
    """Return (holder, when) of each lease takeover audited, oldest first."""
    with app.app_context():
        events = [e for e in reversed(list_events(get_db())) if e["action"] == "watchdog"]
    return [
        (e["reason"].split(" ")[0], datetime.fromisoformat(e["at"]))
        for e in events
        if e["reason"].endswith("took the watchdog lease (2s)")
    ]


def ended(app, call_id: str) -> bool:
    with app.app_context():
        return get_db().get(Call, call_id).ended_by == "watchdog: max duration"


def kill_the_holder(wcs_rest, running: Running) -> str:
    """Wait until one watchdog has acted a few rounds alone; SIGKILL it; return its user."""
    assert eventually(lambda: len(wcs_rest.requests) >= 4, 20), "no watchdog acted"
    [holder] = set(senders(wcs_rest))
    standby = next(user for user in running if user != holder)
    assert eventually(lambda: "standing by" in running[standby][1].read_text(), 10)
    running[holder][0].kill()  # no chance to release the lease
    running[holder][0].wait(timeout=10)
    return holder


def test_one_of_two_watchdogs_acts_and_the_other_takes_over_when_it_dies(
    app, button, start_call, wcs_rest, watchdogs
):
    call_id = overlong_call(app, button, start_call, utcnow() - timedelta(seconds=120))
    wcs_rest.status = 500  # the call stays open, so the holder tries again every round
    running = watchdogs("first", "second")
    holder = kill_the_holder(wcs_rest, running)
    [(dead, expired_at)] = lease_rows(app)
    assert f":{running[holder][0].pid}:" in dead
    standby = next(user for user in running if user != holder)
    seen = len(wcs_rest.requests)
    assert eventually(lambda: standby in senders(wcs_rest)[seen:], 15), "no takeover"
    after = senders(wcs_rest)[seen:]
    assert set(after[after.index(standby) :]) == {standby}
    wcs_rest.status = 200
    assert eventually(lambda: ended(app, call_id), 10)
    [(alive, _)] = lease_rows(app)
    assert f":{running[standby][0].pid}:" in alive
    [(first, _), (second, taken_at)] = takeovers(app)
    assert (first, second) == (dead, alive) and taken_at >= expired_at
    running[standby][0].terminate()
    assert running[standby][0].wait(timeout=10) == 0
    assert lease_rows(app) == []

"""`flask calls watchdog` and its lease: of all the watchdogs that run, exactly one acts."""

from __future__ import annotations

import json
import signal
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from callgate.audit.trail import list_events
from callgate.buttons.store import update_button
from callgate.calls.lease import Lease
from callgate.db import get_db
from callgate.telemetry import metrics

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ONCE = ["calls", "watchdog", "--once"]


def overlong_call(app, button, start_call, started: datetime) -> str:
    """Place a call of `button` (max duration 60 s) at `started`; return its id."""
    with app.app_context():
        update_button(get_db(), button.id, {"max_duration": 60})
    with time_machine.travel(started, tick=False):
        response, body = start_call(button.id)
    assert response.status_code == 200
    return body["callId"]


@pytest.fixture
def call_id(app, button, start_call) -> str:
    return overlong_call(app, button, start_call, START)


@pytest.fixture
def watchdog_runner(make_app, app, wcs_rest):
    """A CLI runner for an app that knows the WCS REST API (same database as `app`)."""
    return make_app(WCS_API_URL=wcs_rest.url).test_cli_runner()


def leases(sql) -> list[tuple]:
    return [tuple(row) for row in sql("SELECT name, holder FROM leases")]


def takeovers(app) -> list[str]:
    with app.app_context():
        events = list_events(get_db())
    return [e["reason"] for e in reversed(events) if "watchdog lease" in (e["reason"] or "")]


def rounds(role: str) -> float:
    samples = metrics.WATCHDOG_ROUNDS.collect()[0].samples
    return next((s.value for s in samples if s.labels == {"role": role}), 0.0)


def test_once_stands_by_while_another_watchdog_holds_the_lease(
    app, watchdog_runner, wcs_rest, call_id, sql
):
    before = rounds("standby")
    with app.app_context():
        Lease("watchdog", 15, "other-host:4242:0a1b").take(get_db(), START + timedelta(seconds=59))
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        text = watchdog_runner.invoke(args=ONCE)
        as_json = watchdog_runner.invoke(args=[*ONCE, "--json"])
    assert (text.exit_code, text.output) == (
        0,
        "Another watchdog holds the lease and acts; this one did nothing.\n",
    )
    assert (as_json.exit_code, json.loads(as_json.output)) == (0, [])
    assert wcs_rest.requests == [] and rounds("standby") == before + 2
    assert leases(sql) == [("watchdog", "other-host:4242:0a1b")]
    assert takeovers(app) == []
    assert sql("SELECT first_day FROM overview_rollups") == []


def test_once_takes_the_lease_acts_audits_and_releases_it(
    app, watchdog_runner, wcs_rest, call_id, sql
):
    before = rounds("holder")
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        result = watchdog_runner.invoke(args=[*ONCE, "--json"])
    assert result.exit_code == 0, result.output
    assert [o["callId"] for o in json.loads(result.output)] == [call_id]
    [reason] = takeovers(app)
    assert reason.endswith(" took the watchdog lease (15s)")
    assert leases(sql) == [] and rounds("holder") == before + 1
    [(first_day,)] = sql("SELECT first_day FROM overview_rollups")  # the day's rollup, built
    assert str(first_day) == str(START.date() - timedelta(days=29))


@pytest.mark.parametrize(("interval", "lease"), [("5", "5"), ("5", "1"), ("10", "9.5")])
def test_a_lease_no_longer_than_the_interval_is_refused(watchdog_runner, interval, lease):
    result = watchdog_runner.invoke(args=[*ONCE, "--interval", interval, "--lease", lease])
    assert result.exit_code == 2
    assert "Invalid value for --lease: must be longer than --interval" in result.output


def test_the_loop_holds_the_lease_and_releases_it_when_stopped(
    watchdog_runner, call_id, sql, monkeypatch
):
    held = []

    def interrupt(seconds: float) -> None:
        held.append((seconds, leases(sql)))
        raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", interrupt)
    previous = signal.getsignal(signal.SIGTERM)
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        result = watchdog_runner.invoke(
            args=["calls", "watchdog", "--interval", "2", "--lease", "7"]
        )
    assert result.exit_code == 0, result.output
    [(seconds, [(name, holder)])] = held
    assert (seconds, name) == (2, "watchdog") and holder.count(":") == 2
    assert leases(sql) == [] and signal.getsignal(signal.SIGTERM) is previous

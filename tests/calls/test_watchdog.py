"""The max-duration watchdog: which calls are overlong, ending them through WCS, recording it."""

from __future__ import annotations

import json
import logging
import socket
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from callgate.audit.trail import list_events
from callgate.buttons.store import update_button
from callgate.calls import watchdog
from callgate.calls.lease import Lease
from callgate.calls.watchdog import OpenCall
from callgate.calls.wcs_api import WcsApi
from callgate.db import get_db
from callgate.db.models import Call, CallSlot
from callgate.telemetry import metrics

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("elapsed", "limit", "over"),
    [(0, 60, False), (59.9, 60, False), (60, 60, True), (61, 60, True), (899, 900, False)],
)
def test_overlong(elapsed, limit, over):
    call = OpenCall("c", "b", START, limit)
    now = START + timedelta(seconds=elapsed)
    assert watchdog.overlong([call], now) == ([call] if over else [])


@pytest.fixture
def short_calls(app, button, wcs, start_call) -> list[dict]:
    """Two calls of a button whose max duration is 60 s, placed at START and START + 30 s."""
    with app.app_context():
        update_button(get_db(), button.id, {"max_duration": 60})
    with time_machine.travel(START, tick=False) as clock:
        first = start_call(button.id)[1]
        wcs.call_status(first, "ESTABLISHED")
        clock.shift(30)
        return [first, start_call(button.id)[1]]


def run_round(
    app, api: WcsApi, seconds: float, lease: Lease | None = None
) -> list[tuple[str, str]]:
    with app.app_context():
        outcomes = watchdog.run_once(get_db(), api, START + timedelta(seconds=seconds), lease)
    return [(o.call.call_id, o.result) for o in outcomes]


def watchdog_events(app) -> list[dict]:
    with app.app_context():
        return [e for e in list_events(get_db()) if e["action"] == "watchdog"]


def stored(app, call_id: str) -> Call:
    with app.app_context():
        return get_db().get(Call, call_id)


def test_open_calls_leave_out_finished_calls_and_closed_sessions(app, button, wcs, start_call):
    with app.app_context():
        update_button(get_db(), button.id, {"max_concurrent": 3})
    finished, closed, running = (start_call(button.id)[1] for _ in range(3))
    wcs.call_status(finished, "FINISH")
    wcs.post("ConnectionStatusEvent", wcs.event_body(closed["sessionId"], "DISCONNECTED"))
    with app.app_context():
        calls = watchdog.open_calls(get_db())
    assert [(c.call_id, c.button_id, c.max_duration) for c in calls] == [
        (running["callId"], button.id, 900)
    ]


def test_a_round_ends_calls_over_their_limit(app, wcs, wcs_rest, short_calls):
    first, second = short_calls
    api = WcsApi(wcs_rest.url)
    assert run_round(app, api, 59) == [] and wcs_rest.requests == []
    assert run_round(app, api, 60) == [(first["callId"], "ended")]
    assert [r["body"] for r in wcs_rest.requests] == [{"callId": first["callId"]}]
    call = stored(app, first["callId"])
    assert (call.ended_by, call.final_status) == ("watchdog: max duration", "FINISH")
    assert (call.finished_at, call.talk_seconds) == (START + timedelta(seconds=60), 60.0)
    with app.app_context():
        slots = list(get_db().scalars(select(CallSlot.call_id)))
        [event] = watchdog_events(app)
    assert slots == [second["callId"]]
    assert (event["action"], event["outcome"], event["reason"]) == (
        "watchdog",
        "done",
        "max duration 60s reached",
    )
    assert (event["callId"], event["buttonId"]) == (call.call_id, call.button_id)
    with time_machine.travel(START + timedelta(seconds=61), tick=False):
        wcs.call_status(first, "FINISH")
    assert stored(app, first["callId"]).finished_at == START + timedelta(seconds=60)
    assert run_round(app, api, 89) == [] and len(wcs_rest.requests) == 1
    assert run_round(app, api, 90) == [(second["callId"], "ended")]


def test_wcs_api_down_is_logged_and_retried_next_round(app, wcs_rest, short_calls, caplog):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        down = WcsApi(f"http://127.0.0.1:{unused.getsockname()[1]}/rest-api", timeout=2)
        with caplog.at_level(logging.ERROR):
            assert run_round(app, down, 60) == [(short_calls[0]["callId"], "failed")]
    assert "is over its limit; not ended: WCS REST API unreachable" in caplog.text
    assert stored(app, short_calls[0]["callId"]).ended_by is None
    assert run_round(app, WcsApi(wcs_rest.url), 65) == [(short_calls[0]["callId"], "ended")]


@pytest.mark.parametrize(
    ("holder", "taken_at", "acts"),
    [("watchdog-1", 46, True), ("watchdog-1", 45, False), ("watchdog-2", 46, False)],
    ids=["held", "expired-before-acting", "held-by-another"],
)
def test_a_round_acts_only_while_its_lease_holds(
    app, wcs_rest, short_calls, holder, taken_at, acts
):
    lease = Lease("watchdog", 15, "watchdog-1")
    with app.app_context():
        Lease("watchdog", 15, holder).take(get_db(), START + timedelta(seconds=taken_at))
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        outcomes = run_round(app, WcsApi(wcs_rest.url), 60, lease)
    assert outcomes == ([(short_calls[0]["callId"], "ended")] if acts else [])
    assert len(wcs_rest.requests) == (1 if acts else 0)
    assert (stored(app, short_calls[0]["callId"]).ended_by is not None) is acts


@pytest.mark.parametrize(
    ("status", "result", "ended"), [(404, "gone", True), (401, "failed", False)]
)
def test_wcs_answers(app, wcs_rest, short_calls, status, result, ended):
    wcs_rest.status = status
    assert run_round(app, WcsApi(wcs_rest.url), 60) == [(short_calls[0]["callId"], result)]
    call = stored(app, short_calls[0]["callId"])
    assert (call.finished_at is not None, call.ended_by is not None) == (ended, ended)
    reasons = [e["reason"] for e in watchdog_events(app)]
    assert reasons == (["max duration 60s reached; WCS no longer knew the call"] if ended else [])


@pytest.fixture
def watchdog_runner(make_app, app, wcs_rest):
    """A CLI runner for an app that knows the WCS REST API (same database as `app`)."""
    return make_app(WCS_API_URL=wcs_rest.url, WCS_API_USER="admin").test_cli_runner()


def test_command_once_prints_what_it_did(watchdog_runner, button, short_calls):
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        text = watchdog_runner.invoke(args=["calls", "watchdog", "--once"])
        again = watchdog_runner.invoke(args=["calls", "watchdog", "--once", "--json"])
        idle = watchdog_runner.invoke(args=["calls", "watchdog", "--once"])
    call_id = short_calls[0]["callId"]
    assert (text.exit_code, text.output) == (
        0,
        f"ended: call {call_id} of button {button.id}: max duration 60s reached\n",
    )
    assert (again.exit_code, json.loads(again.output)) == (0, [])
    assert idle.output == "No call is over its limit.\n"


def test_command_once_fails_when_wcs_does(watchdog_runner, wcs_rest, short_calls):
    wcs_rest.status = 500
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        result = watchdog_runner.invoke(args=["calls", "watchdog", "--once", "--json"])
    assert result.exit_code == 1
    assert '"result": "failed"' in result.output and "could not be ended" in result.output


def test_command_loops_until_interrupted(watchdog_runner, wcs_rest, short_calls, monkeypatch):
    def interrupt(seconds: float) -> None:
        assert seconds == 2.5
        raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", interrupt)
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        result = watchdog_runner.invoke(args=["calls", "watchdog", "--interval", "2.5"])
    assert result.exit_code == 0, result.output
    assert [r["body"]["callId"] for r in wcs_rest.requests] == [short_calls[0]["callId"]]


def test_command_needs_the_api_url(runner):
    result = runner.invoke(args=["calls", "watchdog", "--once"])
    assert result.exit_code == 1
    assert "CALLGATE_WCS_API_URL is not set" in result.output


def test_the_call_log_shows_who_ended_the_call(app, runner, wcs_rest, short_calls):
    run_round(app, WcsApi(wcs_rest.url), 60)
    logged = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)
    assert [c["endedBy"] for c in logged] == [None, "watchdog: max duration"]
    assert "watchdog: max duration" in runner.invoke(args=["calls", "list"]).output


def test_a_call_that_ended_meanwhile_is_left_as_it_ended(app, wcs, wcs_rest, short_calls):
    first = short_calls[0]
    with app.app_context():
        later = START + timedelta(seconds=60)
        [open_call] = watchdog.overlong(watchdog.open_calls(get_db()), later)
    wcs.call_status(first, "BUSY")
    wcs_rest.status = 404
    with app.app_context():
        outcome = watchdog.end_call(get_db(), WcsApi(wcs_rest.url), open_call, START)
    assert (outcome.result, outcome.detail) == ("gone", "the call had ended meanwhile")
    call = stored(app, first["callId"])
    assert (call.final_status, call.ended_by) == ("BUSY", "callee busy")
    assert watchdog_events(app) == []


def watchdog_count(result: str) -> float:
    samples = metrics.WATCHDOG_ACTIONS.collect()[0].samples
    return next((s.value for s in samples if s.labels == {"result": result}), 0.0)


@pytest.mark.parametrize(("status", "result"), [(200, "ended"), (500, "failed")])
def test_each_action_is_counted_for_the_metrics(
    watchdog_runner, wcs_rest, short_calls, status, result
):
    wcs_rest.status = status
    before = watchdog_count(result)
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        watchdog_runner.invoke(args=["calls", "watchdog", "--once"])
    assert watchdog_count(result) == before + 1

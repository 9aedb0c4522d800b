"""The budget's counter row: it agrees with the call rows, and the check reads it.

Whatever happens to a button's calls (placed, answered, finished, retried, ended by their
session only, ended by the watchdog, across midnight in the button's time zone), the day's row
plus the calls in progress must give what counting the call rows gives.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from callgate.buttons.store import get_button, update_button
from callgate.calls import watchdog
from callgate.calls.wcs_api import WcsApi
from callgate.db import get_db
from callgate.guardrails import budget
from tests.data import ORIGIN

TOKYO = "Asia/Tokyo"  # its day starts at 15:00 UTC
BEFORE_MIDNIGHT = datetime(2026, 11, 26, 14, 50, tzinfo=UTC)
AFTER_MIDNIGHT = datetime(2026, 11, 26, 15, 0, 30, tzinfo=UTC)


@pytest.fixture
def app(roomy_app):
    """These tests fetch more tokens per minute than the per-address limit allows."""
    return roomy_app


def set_button(app, button_id: str, **fields: object) -> None:
    with app.app_context():
        update_button(get_db(), button_id, fields)


def both(app, button_id: str, now: datetime) -> tuple[budget.Usage, budget.Usage]:
    """Return (the counter's figures, the call rows' figures) of the day of `now`."""
    with app.app_context():
        db = get_db()
        button = get_button(db, button_id)
        return budget.counted(db, button, now), budget.usage(db, button, now)


def assert_agree(app, button_id: str, now: datetime) -> budget.Usage:
    counted, recounted = both(app, button_id, now)
    assert counted.calls == recounted.calls
    assert counted.seconds == pytest.approx(recounted.seconds, abs=1e-6)
    return recounted


def token_status(client, button_id: str) -> int:
    response = client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})
    return response.status_code


def test_the_counter_agrees_with_the_call_rows_across_midnight(
    app, button, wcs, start_call, wcs_rest
):
    set_button(app, button.id, max_concurrent=20, max_duration=600, timezone=TOKYO)
    with time_machine.travel(BEFORE_MIDNIGHT, tick=False) as clock:
        done, running, closed, failed, long = [start_call(button.id)[1] for _ in range(5)]
        for call in (done, running, closed, long):
            wcs.call_status(call, "ESTABLISHED")
        clock.shift(100)
        wcs.call_status(done, "FINISH")
        wcs.call_status(failed, "FAILED")
        disconnected = wcs.event_body(closed["sessionId"], "DISCONNECTED")
        assert wcs.post("ConnectionStatusEvent", disconnected).status_code == 200
        clock.shift(60)
        for retried in ((done, "FINISH"), (done, "ESTABLISHED"), (failed, "FAILED")):
            wcs.call_status(*retried)
        wcs.call_status(done, "FAILED")  # a second terminal status changes nothing
        hangup = wcs.event_body(done["sessionId"], "ESTABLISHED", done["callId"])
        assert wcs.post("hangup", hangup).status_code == 200
        used = assert_agree(app, button.id, datetime.now(UTC))
        assert (used.calls, used.seconds) == (5, 100 + 160 + 100 + 160)
        clock.move_to(AFTER_MIDNIGHT)
        wcs.call_status(running, "FINISH")  # counts towards the day it was placed in
        late, skewed = start_call(button.id)[1], start_call(button.id)[1]
        wcs.call_status(late, "ESTABLISHED")
        wcs.call_status(skewed, "FINISH")
        clock.shift(-20)  # another instance's clock: ESTABLISHED stamped before the FINISH
        wcs.call_status(skewed, "ESTABLISHED")
        clock.shift(50)
        now = datetime.now(UTC)
    with app.app_context():
        ended = watchdog.run_once(get_db(), WcsApi(wcs_rest.url), now)
    assert [outcome.call.call_id for outcome in ended] == [long["callId"]]
    yesterday = assert_agree(app, button.id, BEFORE_MIDNIGHT + timedelta(minutes=9))
    assert yesterday.calls == 5
    today = assert_agree(app, button.id, now)
    assert (today.calls, today.seconds) == (2, 30 + 20)


def test_the_check_reads_the_counter_row(app, client, button, wcs, start_call, sql):
    set_button(app, button.id, daily_minutes=10)
    _, call = start_call(button.id)
    wcs.call_status(call, "ESTABLISHED")
    wcs.call_status(call, "FINISH")
    assert token_status(client, button.id) == 200
    sql("UPDATE daily_usage SET seconds = 600")
    assert token_status(client, button.id) == 403


def test_a_row_from_before_the_counter_falls_back_to_the_call_rows(
    app, client, button, wcs, start_call, sql
):
    set_button(app, button.id, daily_minutes=1, max_concurrent=5)
    with time_machine.travel(BEFORE_MIDNIGHT, tick=False) as clock:
        start_call(button.id)
        # What migration 0030 leaves in a row written before it: calls, no seconds, no zone.
        sql("UPDATE daily_usage SET seconds = NULL, timezone = NULL")
        _, second = start_call(button.id)
        wcs.call_status(second, "ESTABLISHED")
        clock.shift(60)
        wcs.call_status(second, "FINISH")
        assert sql("SELECT calls, seconds, timezone FROM daily_usage") == [(2, None, None)]
        used = assert_agree(app, button.id, datetime.now(UTC))
        assert (used.calls, used.seconds) == (2, 60.0)
        assert token_status(client, button.id) == 403


def test_a_new_time_zone_makes_the_day_count_from_the_call_rows(
    app, client, button, wcs, start_call, sql
):
    set_button(app, button.id, daily_calls=3, max_concurrent=5)
    with time_machine.travel(BEFORE_MIDNIGHT, tick=False) as clock:
        _, first = start_call(button.id)
        wcs.call_status(first, "ESTABLISHED")
        set_button(app, button.id, timezone="Europe/Moscow")  # still the 26th there, as in UTC
        clock.shift(30)
        _, second = start_call(button.id)
        wcs.call_status(first, "FINISH")
        assert sql("SELECT day, calls, seconds FROM daily_usage") == [("2026-11-26", 2, None)]
        used = assert_agree(app, button.id, datetime.now(UTC))
        assert (used.calls, used.seconds) == (2, 30.0)
        set_button(app, button.id, timezone="UTC")  # back: the row stays uncounted
        start_call(button.id)
        assert assert_agree(app, button.id, datetime.now(UTC)).calls == 3
        assert token_status(client, button.id) == 403

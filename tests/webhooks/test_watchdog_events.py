"""The watchdog's own events: call.ended when it ends a call, gateway.unreachable when WCS fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.webhooks import events as webhook_events
from tests.webhooks.test_events import queued, subscribe
from tests.webhooks.test_watchdog_delivery import ONCE


def later() -> datetime:
    """Past the calls' max duration, well within every retention period (the sweep runs too)."""
    return datetime.now(UTC) + timedelta(hours=2)


def overlong(app, button, start_call, wcs_rest, status):
    subscribe(app)
    with app.app_context():
        update_button(get_db(), button.id, {"max_duration": 60})
    response, call = start_call(button.id)
    assert response.status_code == 200
    wcs_rest.status = status
    return call


def test_the_watchdog_ending_a_call_queues_call_ended(make_app, app, button, start_call, wcs_rest):
    call = overlong(app, button, start_call, wcs_rest, 200)
    runner = make_app(WCS_API_URL=wcs_rest.url).test_cli_runner()
    with time_machine.travel(later(), tick=False):
        assert runner.invoke(args=ONCE).exit_code == 0
    kinds = [kind for kind, _ in queued(app)]
    assert kinds == ["call.started", "call.ended"]
    assert (
        queued(app)[-1][1]["endedBy"].startswith("watchdog")
        and queued(app)[-1][1]["callId"] == call["callId"]
    )


def test_wcs_failing_queues_gateway_unreachable_once(make_app, app, button, start_call, wcs_rest):
    overlong(app, button, start_call, wcs_rest, 500)
    runner = make_app(WCS_API_URL=wcs_rest.url).test_cli_runner()
    with time_machine.travel(later(), tick=False):
        # A call it could not end makes the round fail (exit status 1).
        assert runner.invoke(args=ONCE).exit_code == 1
        with app.app_context():  # the same day again: not queued a second time
            assert webhook_events.emit_daily(get_db(), button.id, "gateway.unreachable", {}) == 0
    kinds = [kind for kind, _ in queued(app)]
    assert kinds == ["call.started", "gateway.unreachable"]

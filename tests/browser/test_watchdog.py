"""The max-duration watchdog ends a real call: the visitor sees it end, the log says who did."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.widget import call_log, start_call, status, wait_until

MAX_DURATION = 15  # room for a loaded machine: setup and one `flask` run must fit inside


def watchdog_once(stack) -> list[dict]:
    """Run `flask calls watchdog --once --json` against the stack; return what it ended."""
    return json.loads(stack.flask("calls", "watchdog", "--once", "--json"))


def test_the_watchdog_ends_a_call_over_the_max_duration(make_page, stack):
    stack.flask("button", "update", stack.button_id, "--max-duration", str(MAX_DURATION))
    try:
        page = make_page()
        start_call(page)
        call_id = stack.control("/__dev/stats")["calls"][-1]["callId"]
        # Other tests may have left calls whose FINISH was lost; only this call matters here.
        assert call_id not in [o["callId"] for o in watchdog_once(stack)]
        expect(status(page)).to_have_text("In call")

        wait_until(
            lambda: [o for o in watchdog_once(stack) if o["callId"] == call_id],
            timeout=MAX_DURATION + 20,
            step=0.5,
        )
        expect(status(page)).to_have_text("Call ended")
        assert page.evaluate("window.__states")[-1] == "ended"
        [ended] = wait_until(
            lambda: [c for c in call_log(stack) if c["callId"] == call_id and c["finalStatus"]]
        )
        assert (ended["endedBy"], ended["finalStatus"]) == ("watchdog: max duration", "FINISH")
        assert ended["talkSeconds"] >= MAX_DURATION - 1
        [gateway] = [c for c in stack.control("/__dev/stats")["calls"] if c["callId"] == call_id]
        assert (gateway["status"], gateway["endedBy"]) == ("FINISH", "rest-api terminate")
    finally:
        stack.flask("button", "update", stack.button_id, "--max-duration", "900")

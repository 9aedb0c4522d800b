"""Call setup under either reading of WCS, as the visitor sees it: a far side that is busy, that
sends a 183 before answering, or never answers (the setup deadline); a SIP account that fails to
register; a refused `/call` delivered as a `fail` frame (a session WARN, the call left pending);
and a WARN mid-call, which ends nothing and blocks no reconnect."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.states import own_button
from tests.browser.widget import (
    call_button,
    inbound_audio_packets,
    start_call,
    status,
    wait_until,
)

CALLBACK = "Request a callback"


def states(page) -> list[str]:
    return page.evaluate("window.__states")


def shot(page, screenshots, name: str) -> None:
    if screenshots:
        page.screenshot(path=screenshots / name)


def last_call(stack) -> dict:
    calls = stack.control("/__dev/stats")["calls"]
    return calls[-1] if calls else {}


def test_no_answer_within_the_setup_deadline_ends_the_attempt_with_a_callback_offer(
    make_page, stack, button_settings, screenshots
):
    button_settings("--callback", "--max-concurrent", "1")
    # The hangup reaches the backend late, as under load: until then the one line counts busy.
    late = {"hook_delay": 3, "hook_delay_methods": ["hangup", "CallStatusEvent"]}
    stack.control("/__dev/faults", {"call_outcome": "silent"} | late)
    page = make_page(listen=lambda page: page.clock.install())
    call_button(page).click()
    wait_until(lambda: last_call(stack).get("invite"))  # `/call` was answered; then silence
    expect(status(page)).to_have_text("Connecting…")
    page.clock.run_for("00:10")
    expect(status(page)).to_have_text("Connecting…")
    page.clock.run_for("00:06")
    expect(status(page)).to_have_text("The call could not be connected. Please try again later.")
    expect(page.get_by_role("button", name=CALLBACK)).to_be_visible()
    expect(call_button(page, "Call again")).to_be_enabled()
    assert states(page) == ["connecting", "failed"]
    shot(page, screenshots, "setup-timeout.png")
    wait_until(lambda: stack.control("/__dev/stats")["sessions"]["open"] == 0)


def test_a_refused_call_delivered_as_a_fail_frame_is_a_refusal(make_page, stack, screenshots):
    path = own_button(stack, "--max-concurrent", "1", "--callback")
    start_call(make_page(path))  # another visitor holds the only line
    stack.control("/__dev/faults", {"call_refusal_as_fail": True})
    page = make_page(path)
    call_button(page).click()
    expect(status(page)).to_have_text("The line is busy", timeout=10_000)
    expect(page.get_by_role("button", name=CALLBACK)).to_be_visible()
    assert last_call(stack)["status"] == "FAILED" and not last_call(stack)["invite"]
    shot(page, screenshots, "setup-refused-as-fail.png")
    wait_until(lambda: stack.control("/__dev/stats")["sessions"]["open"] == 1)


def test_a_busy_far_side_says_the_line_is_busy(make_page, stack, button_settings, screenshots):
    button_settings("--callback")
    stack.control("/__dev/faults", {"call_outcome": "busy"})
    page = make_page()
    call_button(page).click()
    expect(status(page)).to_have_text("The line is busy", timeout=10_000)
    expect(page.get_by_role("button", name=CALLBACK)).to_be_visible()
    assert states(page) == ["connecting", "ringing", "failed"]
    shot(page, screenshots, "setup-busy.png")


def test_a_183_rings_then_the_answer_brings_the_call(make_page, stack, screenshots):
    stack.control("/__dev/faults", {"call_outcome": "progress"})
    page = make_page()
    start_call(page)
    assert states(page) == ["connecting", "ringing", "incall"]
    assert inbound_audio_packets(page, 50) >= 50
    shot(page, screenshots, "setup-183.png")
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")


def test_a_failed_sip_registration_says_calls_are_not_available(make_page, stack, screenshots):
    path = own_button(stack, "--sip-register", "--callback")
    stack.control("/__dev/faults", {"registration_failure": True})
    page = make_page(path)
    call_button(page).click()
    expect(status(page)).to_have_text("Calls are not available right now", timeout=10_000)
    expect(page.get_by_role("button", name=CALLBACK)).to_be_visible()
    assert states(page)[-1] == "failed"
    shot(page, screenshots, "setup-registration.png")
    wait_until(lambda: stack.control("/__dev/stats")["sessions"]["open"] == 0)


def test_a_refused_keypad_press_mid_call_ends_nothing_and_blocks_no_reconnect(
    make_page, stack, button_settings, screenshots
):
    button_settings("--dtmf")
    page = make_page()
    start_call(page)
    stack.flask("killswitch", "on", "--button", stack.button_id)
    try:
        page.get_by_role("group", name="Keypad").get_by_role("button", name="5").click()
        refused = wait_until(lambda: [h for h in hooks(stack) if h["method"] == "sendDtmf"])
        assert [h["status"] for h in refused] == [403]
    finally:
        stack.flask("killswitch", "off", "--button", stack.button_id)
    page.wait_for_timeout(500)  # the `fail` frame, and the WARN it raises, have arrived
    expect(status(page)).to_have_text("In call")
    shot(page, screenshots, "setup-warn-mid-call.png")
    assert stack.control("/__dev/cut", {})["cut"] == 1
    expect(status(page)).to_have_text("Reconnecting…")
    expect(status(page)).to_have_text("In call", timeout=20_000)
    assert states(page)[-2:] == ["reconnecting", "incall"]
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")


def hooks(stack) -> list[dict]:
    return stack.control("/__dev/stats")["hooks"]

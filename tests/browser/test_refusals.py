"""What the visitor sees when something refuses the call, and that nothing goes through."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.widget import call_button, call_log, start_call, status, wait_until


def test_origin_not_allowed_shows_unavailable_and_gets_no_token(make_page, stack):
    tokens = []

    def listen(page) -> None:
        page.on("request", lambda r: tokens.append(r.url) if r.url.endswith("/token") else None)

    warnings: list[str] = []

    def listen_all(page) -> None:
        listen(page)
        page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)

    page = make_page(origin=stack.stranger, listen=listen_all)
    button = call_button(page)
    expect(button).to_be_disabled()
    assert any(stack.stranger in w and "the button's owner must add" in w for w in warnings), (
        warnings
    )
    expect(button).to_have_attribute("title", "Calls are not enabled for this site")
    button.click(force=True)
    page.wait_for_timeout(500)
    assert tokens == []
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0


def test_microphone_denied_explains_and_offers_retry(make_page, stack):
    page = make_page(microphone=False)
    call_button(page).click()
    expect(status(page)).to_have_text("Allow microphone access to call")
    expect(call_button(page, "Call again")).to_be_visible()
    # A failure wears its own colour and icon, not the green of a live call.
    expect(page.locator("callgate-button .cg")).to_have_class(re.compile(r"\bfailed\b"))
    icon = page.locator("callgate-button .head svg")
    expect(icon).to_have_css("color", "rgb(179, 38, 30)")
    assert icon.locator("path").get_attribute("d").startswith("M1 21h22L12 2")
    # The gateway connection is set up beside the microphone prompt, so it may have opened;
    # no call is placed and nothing is left open.
    assert stack.control("/__dev/stats")["calls"] == []
    wait_until(lambda: stack.control("/__dev/stats")["sessions"]["open"] == 0)


def test_refused_connect_shows_why_and_retry_succeeds(make_page, stack):
    stack.control(
        "/__dev/faults", {"hook_delay": 7, "hook_delay_methods": ["connect"], "hook_delay_times": 1}
    )
    page = make_page()
    call_button(page).click()
    expect(status(page)).to_have_text("The call took too long to start", timeout=20_000)
    call_button(page, "Call again").click()
    expect(status(page)).to_have_text("In call", timeout=20_000)
    page.get_by_role("button", name="Hang up").click()


def test_backend_down_after_connect_fails_closed(make_page, stack):
    before = len(call_log(stack))
    stack.control("/__dev/faults", {"backend_down_after_connect": True})
    page = make_page()
    call_button(page).click()
    expect(status(page)).to_have_text("The call was not accepted", timeout=20_000)
    stats = stack.control("/__dev/stats")
    assert stats["sessions"]["opened"] == 1
    assert all(call["invite"] is None for call in stats["calls"])
    assert all(call["status"] != "ESTABLISHED" for call in stats["calls"])
    assert len(call_log(stack)) == before


def test_call_after_a_fault_is_cleared_works(make_page, stack):
    page = make_page()
    assert start_call(page) > 0
    page.get_by_role("button", name="Hang up").click()

"""The keypad: shown in a call only for buttons with DTMF on, and its digits reach the gateway."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.widget import start_call, status, wait_until


def dtmf_hooks(stack) -> list[int]:
    return [
        h["status"] for h in stack.control("/__dev/stats")["hooks"] if h["method"] == "sendDtmf"
    ]


def last_call_actions(stack) -> list[str]:
    return stack.control("/__dev/stats")["calls"][-1]["actions"]


def test_keypad_sends_digits_by_click_and_keyboard(make_page, stack, button_settings):
    button_settings("--dtmf")
    page = make_page()
    keypad = page.get_by_role("group", name="Keypad")
    expect(keypad).to_be_hidden()
    start_call(page)
    expect(keypad).to_be_visible()
    keys = keypad.get_by_role("button")
    expect(keys).to_have_text(list("123456789*0#"))
    for index in range(12):
        box = keys.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    keypad.get_by_role("button", name="5", exact=True).click()
    keys.first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("#")
    assert wait_until(lambda: len(dtmf_hooks(stack)) == 3 and dtmf_hooks(stack)) == [200] * 3
    wait_until(lambda: len(last_call_actions(stack)) == 3)
    assert last_call_actions(stack) == ["sendDtmf 5", "sendDtmf 1", "sendDtmf #"]
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    expect(keypad).to_be_hidden()


def test_no_keypad_without_dtmf(make_page, stack):
    page = make_page()
    start_call(page)
    expect(page.get_by_role("group", name="Keypad")).to_have_count(0)
    page.get_by_role("button", name="Hang up").focus()
    page.keyboard.press("5")
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    assert dtmf_hooks(stack) == []
    assert last_call_actions(stack) == []

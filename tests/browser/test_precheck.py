"""The pre-call check: a level meter that moves with the microphone, a warning for a silent
one, a device picker, help after a denied prompt, and nothing of it when the owner turns it off."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import CHROMIUM, FLAGS
from tests.browser.widget import call_button, start_call, status

SILENT = "We hear nothing from your microphone. Is it muted? Try another one."


def meter(page):
    return page.get_by_role("meter", name="Microphone level")


def slow_call(stack) -> None:
    """Hold the call hook for a few seconds, so the visitor stays in "Connecting…"."""
    stack.control(
        "/__dev/faults", {"hook_delay": 4, "hook_delay_methods": ["call"], "hook_delay_times": 1}
    )


def test_the_meter_moves_with_the_microphone_while_connecting(make_page, stack, screenshots):
    slow_call(stack)
    page = make_page()
    call_button(page).click()
    expect(status(page)).to_have_text("Connecting…")
    expect(meter(page)).to_be_visible()
    page.wait_for_function(
        """() => {
          const m = document.querySelector('callgate-button').shadowRoot.querySelector('meter');
          return m && m.value > 0.05;
        }"""
    )
    if screenshots:
        page.screenshot(path=screenshots / "connecting.png")
    expect(page.locator("callgate-button .hint")).to_be_hidden()
    expect(status(page)).to_have_text("In call", timeout=20_000)
    assert page.evaluate("window.__gum") == 1  # opened once, handed to the call
    page.get_by_role("button", name="Hang up").click()


def test_the_device_picker_switches_the_microphone(make_page, stack):
    page = make_page()
    start_call(page)
    picker = page.get_by_label("Microphone", exact=True)
    expect(picker).to_be_hidden()  # folded away during the call
    devices = page.get_by_role("button", name="Devices")
    devices.click()
    expect(devices).to_have_attribute("aria-expanded", "true")
    expect(picker).to_be_visible()
    options = picker.locator("option")
    assert options.count() >= 2
    other = options.nth(1).get_attribute("value")
    picker.select_option(other)
    page.wait_for_function("window.__gum === 2")
    expect(status(page)).to_have_text("In call")
    speaker = page.get_by_label("Speaker", exact=True)
    if page.evaluate("'setSinkId' in HTMLMediaElement.prototype"):
        expect(speaker.locator("option")).not_to_have_count(0)
    page.get_by_role("button", name="Hang up").click()


def test_no_meter_when_the_owner_turns_the_check_off(make_page, stack, button_settings):
    button_settings("--no-precheck")
    page = make_page()
    start_call(page)
    expect(meter(page)).to_be_hidden()
    page.get_by_role("button", name="Hang up").click()


def test_a_denied_prompt_says_how_to_allow_it_again(make_page, stack):
    page = make_page(microphone=False)
    call_button(page).click()
    expect(status(page)).to_have_text("Allow microphone access to call")
    expect(page.locator("callgate-button .hint")).to_contain_text("set Microphone to Allow")
    expect(call_button(page, "Call again")).to_be_enabled()


def write_silence(path: Path, seconds: int = 10, rate: int = 48000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * seconds * rate)
    return path


@pytest.fixture(scope="module")
def silent_browser(browser, tmp_path_factory):
    """A browser whose fake microphone delivers only silence (a muted headset, iOS quirks)."""
    silence = write_silence(tmp_path_factory.mktemp("silence") / "silence.wav")
    args = [*FLAGS, f"--use-file-for-fake-audio-capture={silence}"]
    chromium = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
    yield chromium
    chromium.close()


def test_a_silent_microphone_is_detected(silent_browser, stack, screenshots):
    context = silent_browser.new_context(permissions=["microphone"])
    try:
        page = context.new_page()
        page.goto(stack.host + "/")
        start_call(page)
        expect(page.locator("callgate-button .hint")).to_have_text(SILENT, timeout=10_000)
        if screenshots:
            page.screenshot(path=screenshots / "silent.png")
        page.get_by_role("button", name="Hang up").click()
        expect(status(page)).to_have_text("Call ended")
    finally:
        context.close()

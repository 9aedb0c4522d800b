"""Quality you can see: the indicator follows the dev gateway's loss and delay, and the
figures are stored with the call."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.widget import reported, start_call, status


def quality(page):
    return page.locator("callgate-button .quality")


def test_loss_and_delay_turn_the_indicator_poor_with_a_hint_and_are_stored(
    make_page, stack, screenshots
):
    page = make_page()
    start_call(page)
    expect(quality(page)).to_have_text("Good connection", timeout=10_000)
    stack.control("/__dev/faults", {"media_loss": 0.3, "media_delay": 0.35, "media_jitter": 0.08})
    expect(quality(page)).to_have_text("Poor connection", timeout=15_000)
    expect(page.locator("callgate-button .hint")).to_have_text(
        "Your connection is weak; the audio may break up."
    )
    if screenshots:
        page.screenshot(path=screenshots / "quality.png")
    stack.control("/__dev/faults", {})
    expect(quality(page)).to_have_text("Good connection", timeout=15_000)
    expect(page.locator("callgate-button .hint")).to_be_hidden()
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    entry = reported(stack, "quality")
    print(f"stored quality: {entry['quality']}")
    assert entry["quality"]["grade"] == "poor"
    assert entry["quality"]["samples"] >= 5
    assert entry["quality"]["rttMs"] > 0

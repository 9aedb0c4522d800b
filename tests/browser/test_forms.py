"""No dead ends and the visitor's say: a callback request when closed, consent before the first
call, and a rating after it, each stored where the owner reads it."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.browser.states import closed_today
from tests.browser.widget import call_button, reported, start_call, status

CONSENT = "Calls are recorded to train our staff. By calling you agree to the recording."


def callbacks(stack) -> list[dict]:
    """The stack button's callback requests (other tests of the stack leave their own)."""
    return json.loads(stack.flask("callbacks", "list", "--button", stack.button_id, "--json"))


def test_a_closed_button_takes_a_callback_request(make_page, stack, button_settings, screenshots):
    closed_today(button_settings, "--callback", "--fallback", "tel:+493012345678")
    page = make_page()
    call_button(page).hover()
    expect(status(page)).to_contain_text("We are closed")
    expect(page.locator("callgate-button .detail")).to_contain_text("Opening hours")
    if screenshots:
        page.screenshot(path=screenshots / "closed.png")
    page.get_by_role("button", name="Request a callback").click()
    phone = page.get_by_label("Your phone number")
    expect(phone).to_be_focused()
    phone.fill("+44 909 8790000")  # premium rate: refused by the server
    page.get_by_role("button", name="Send").click()
    expect(page.locator("callgate-button .error")).to_have_text(
        "Please enter a valid phone number, e.g. +49 30 1234567"
    )
    expect(phone).to_have_attribute("aria-invalid", "true")
    phone.fill("+49 30 901820")
    page.get_by_label("Note (optional)").fill("After 3 pm, please")
    if screenshots:
        page.screenshot(path=screenshots / "callback.png")
    page.get_by_role("button", name="Send").click()
    expect(status(page)).to_have_text("Thank you! We will call you back.")
    # Still closed: the corner button keeps its grey, its clock and the closed message.
    grey = ("background-color", "rgb(95, 99, 104)")
    expect(call_button(page)).to_have_css(*grey)
    expect(call_button(page)).to_have_accessible_name(re.compile("We are closed"))
    if screenshots:
        page.screenshot(path=screenshots / "callback-sent-closed.png")
    [stored] = callbacks(stack)
    assert (stored["phone"], stored["note"], stored["origin"]) == (
        "+4930901820",
        "After 3 pm, please",
        stack.host,
    )
    # Every request counts, the refused one too: one more this hour, then the limit.
    for _ in range(2):
        page.get_by_role("button", name="Close", exact=True).click()
        expect(call_button(page)).to_have_css(*grey)  # the panel closed, the button still closed
        call_button(page).click()
        page.get_by_role("button", name="Request a callback").click()
        page.get_by_label("Your phone number").fill("+49 30 901820")
        page.get_by_role("button", name="Send").click()
    expect(page.locator("callgate-button .error")).to_have_text(
        "Too many requests from here. Please try again later."
    )
    assert len(callbacks(stack)) == 2


def test_consent_is_required_before_the_call_and_stored_with_it(
    make_page, stack, button_settings, screenshots
):
    button_settings("--consent-text", CONSENT)
    tokens: list[str] = []
    page = make_page(
        listen=lambda p: p.on(
            "request", lambda r: tokens.append(r.url) if r.url.endswith("/token") else None
        )
    )
    call_button(page).click()
    expect(page.get_by_text(CONSENT)).to_be_visible()
    accept = page.get_by_role("button", name="Accept and call")
    expect(accept).to_be_focused()
    if screenshots:
        page.screenshot(path=screenshots / "consent.png")
    assert tokens == [] and page.evaluate("window.__gum") == 0
    accept.click()
    expect(status(page)).to_have_text("In call", timeout=20_000)
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    logged = reported(stack, "consent")
    assert logged["consent"]["text"] == CONSENT
    assert logged["consent"]["at"] < logged["startedAt"]  # stored at the acceptance, not the end
    call_button(page, "Call again").click()  # accepted once: no second notice
    expect(status(page)).to_have_text("In call", timeout=20_000)
    page.get_by_role("button", name="Hang up").click()


def test_a_rating_after_the_call_is_stored(make_page, stack, button_settings, screenshots):
    button_settings("--rating")
    page = make_page()
    start_call(page)
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    stars = page.get_by_role("group", name="How was the call?")
    expect(stars.get_by_role("button", name="1 out of 5")).to_be_focused()
    stars.get_by_role("button", name="4 out of 5").click()
    stars.get_by_role("button", name="Echo").click()
    if screenshots:
        page.screenshot(path=screenshots / "rating.png")
    stars.get_by_role("button", name="Send").click()
    expect(status(page)).to_have_text("Thank you for your feedback!")
    assert page.evaluate("window.__states")[-1] == "rated"
    assert reported(stack, "rating")["rating"] == {"score": 4, "tags": ["echo"]}


def test_a_notice_changed_since_the_page_loaded_is_shown_again_before_the_call(
    make_page, stack, button_settings
):
    button_settings("--consent-text", CONSENT)
    page = make_page()
    call_button(page).click()
    expect(page.get_by_text(CONSENT)).to_be_visible()
    button_settings("--consent-text", "Calls are recorded.\nWe keep them 30 days.")
    page.get_by_role("button", name="Accept and call").click()
    notice = page.locator("callgate-button .notice")
    expect(notice).to_have_text("Calls are recorded.\nWe keep them 30 days.")
    expect(page.get_by_role("button", name="Accept and call")).to_be_focused()
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0
    page.get_by_role("button", name="Accept and call").click()
    expect(status(page)).to_have_text("In call", timeout=20_000)
    page.get_by_role("button", name="Hang up").click()
    logged = reported(stack, "consent")
    assert logged["consent"]["text"] == "Calls are recorded.\nWe keep them 30 days."

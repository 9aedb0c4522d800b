"""Outside business hours the visitor reads why and how else to reach the company; no call.

The button alone shows it is closed; the message and the rest come with the panel, on intent."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.states import closed_today
from tests.browser.widget import call_button, status

BUILT_IN = "We are closed right now. Please call during our opening hours."


def token_and_sdk_requests(seen: list[str]):
    """Record in `seen` the URLs of the page's token and SDK requests."""

    def record(url: str) -> None:
        if url.endswith("/token") or "/sdk/" in url:
            seen.append(url)

    def listen(page) -> None:
        page.on("request", lambda r: record(r.url))

    return listen


@pytest.mark.parametrize(
    ("extra", "message", "link", "href"),
    [
        (
            ("--closed-message", "Back on Monday", "--fallback", "tel:+493012345678"),
            "Back on Monday",
            "+493012345678",
            "tel:+493012345678",
        ),
        (
            ("--fallback", "https://example.com/contact"),
            BUILT_IN,
            "example.com/contact",
            "https://example.com/contact",
        ),
    ],
)
def test_closed_shows_message_and_fallback_and_fetches_no_token_nor_sdk(
    make_page, stack, button_settings, screenshots, extra, message, link, href
):
    closed_today(button_settings, *extra)
    seen: list[str] = []
    page = make_page(listen=token_and_sdk_requests(seen))
    # Before any intent the button alone says so: grey, with the message in its name.
    expect(call_button(page)).to_have_accessible_name(f"Call us — {message}")
    expect(call_button(page)).to_have_css("background-color", "rgb(95, 99, 104)")
    expect(status(page)).to_have_count(0)
    call_button(page).hover()
    expect(status(page)).to_have_text(message)
    expect(page.get_by_role("link", name=link)).to_have_attribute("href", href)
    if screenshots and href.startswith("tel:"):
        page.screenshot(path=screenshots / "closed.png")
    page.get_by_role("button", name="Close", exact=True).click()
    expect(status(page)).to_be_hidden()
    call_button(page).click()
    expect(status(page)).to_have_text(message)
    page.wait_for_timeout(500)
    assert seen == []
    assert page.evaluate("window.__states") == ["closed", "idle", "closed"]
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0


def test_no_fallback_link_when_none_is_set(make_page, button_settings):
    closed_today(button_settings)
    page = make_page()
    call_button(page).focus()  # intent by keyboard
    expect(status(page)).to_have_text(BUILT_IN)
    expect(call_button(page)).to_be_focused()  # the message shows; the focus stays
    expect(page.locator("callgate-button a")).to_have_count(0)


def test_closing_after_the_page_loaded_is_told_by_the_token_endpoint(
    make_page, stack, button_settings
):
    seen: list[str] = []
    page = make_page(listen=token_and_sdk_requests(seen))
    expect(call_button(page)).to_be_enabled()
    call_button(page).hover()  # the panel and the full config load on intent, while still open
    expect(page.locator("callgate-button .panel")).to_be_attached()
    closed_today(button_settings)
    call_button(page).click()
    expect(status(page)).to_have_text(BUILT_IN)
    expect(call_button(page)).to_be_visible()
    assert len([url for url in seen if url.endswith("/token")]) == 1
    assert page.evaluate("window.__states") == ["connecting", "closed"]
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0

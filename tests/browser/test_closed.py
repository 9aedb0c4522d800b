"""Outside business hours the visitor reads why and how else to reach the company; no call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.widget import call_button, status

BUILT_IN = "We are closed right now. Please call during our opening hours."


def closed_today(change, *extra: str) -> None:
    """Close the button: today and tomorrow (UTC) are holidays, so a midnight cannot reopen it."""
    today = datetime.now(UTC).date()
    days = [today.isoformat(), (today + timedelta(days=1)).isoformat()]
    change("--timezone", "UTC", *[arg for day in days for arg in ("--holiday", day)], *extra)


def token_requests(tokens: list[str]):
    def listen(page) -> None:
        page.on("request", lambda r: tokens.append(r.url) if r.url.endswith("/token") else None)

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
def test_closed_shows_message_and_fallback_and_fetches_no_token(
    make_page, stack, button_settings, screenshots, extra, message, link, href
):
    closed_today(button_settings, *extra)
    tokens: list[str] = []
    page = make_page(listen=token_requests(tokens))
    expect(status(page)).to_have_text(message)
    expect(page.get_by_role("link", name=link)).to_have_attribute("href", href)
    if screenshots and href.startswith("tel:"):
        page.screenshot(path=screenshots / "closed.png")
    page.get_by_role("button", name="Close").click()
    expect(status(page)).to_be_hidden()
    call_button(page).click()
    expect(status(page)).to_have_text(message)
    page.wait_for_timeout(500)
    assert tokens == []
    assert page.evaluate("window.__states") == ["closed", "idle", "closed"]
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0


def test_no_fallback_link_when_none_is_set(make_page, button_settings):
    closed_today(button_settings)
    page = make_page()
    expect(status(page)).to_have_text(BUILT_IN)
    expect(page.locator("callgate-button a")).to_have_count(0)


def test_closing_after_the_page_loaded_is_told_by_the_token_endpoint(
    make_page, stack, button_settings
):
    tokens: list[str] = []
    page = make_page(listen=token_requests(tokens))
    expect(call_button(page)).to_be_enabled()
    call_button(page).hover()  # the panel and the full config load on intent, while still open
    expect(page.locator("callgate-button .panel")).to_be_attached()
    closed_today(button_settings)
    call_button(page).click()
    expect(status(page)).to_have_text(BUILT_IN)
    expect(call_button(page)).to_be_visible()
    assert len(tokens) == 1
    assert page.evaluate("window.__states") == ["connecting", "closed"]
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0

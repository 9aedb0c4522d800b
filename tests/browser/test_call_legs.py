"""A visitor picks Support with a hostile name; Support is busy and the call overflows to Sales;
the owner opens the call in the console: the phone system got Sales, the cleaned name and the
page, and each leg links the other. Through the dev gateway, the real SDK, a real browser.

This file sorts before test_console.py, whose last test throttles logins from 127.0.0.1.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.console import log_in
from tests.browser.widget import call_button, status

pytestmark = pytest.mark.postgresql_also

OWNER = "legs-owner@example.test"
PASSWORD = "a call legs owner's long password"
HOSTILE = 'Ann "<sip:evil@example.net>";\u2028Lee\\'


@pytest.fixture(scope="module")
def owner(stack) -> str:
    stack.flask(
        *("users", "create", "--email", OWNER, "--role", "admin", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    return OWNER


def test_the_console_shows_both_legs_with_what_the_phone_got(
    browser, make_page, stack, routed, owner, screenshots
):
    stack.control("/__dev/faults", {"callee_outcomes": {"7003": "busy"}})
    page = make_page("/routes?utm_campaign=winter")
    call_button(page).click()
    page.get_by_role("radio", name="Support").check()
    page.get_by_label("Your name (optional)").fill(HOSTILE)
    page.get_by_role("button", name="Call", exact=True).click()
    page.get_by_role("button", name="Accept and call").click()
    expect(status(page)).to_have_text("In call", timeout=20_000)
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    calls = [c for c in stack.control("/__dev/stats")["calls"] if c.get("inviteMessage")]
    first, second = calls[-2]["callId"], calls[-1]["callId"]
    console = browser.new_context(viewport={"width": 1280, "height": 900})
    owner_page = console.new_page()
    log_in(owner_page, stack.api, owner, PASSWORD)
    owner_page.goto(f"{stack.api}/console/calls/{second}")
    facts = owner_page.locator("#context-facts")
    expect(facts).to_contain_text("Route" + "Sales")
    expect(facts).to_contain_text("Visitor's name" + "Ann sip:evil@example.net Lee")
    expect(facts).to_contain_text("Page" + "/routes")
    expect(facts).to_contain_text("Campaign" + "utm_campaign=winter")
    expect(facts).to_contain_text("the call to 7003 (busy or not answered in its ring time)")
    if screenshots:
        owner_page.screenshot(path=screenshots / "console-call-overflow.png", full_page=True)
    facts.get_by_role("link", name="the call to 7003").click()
    expect(owner_page).to_have_url(f"{stack.api}/console/calls/{first}")
    expect(owner_page.locator("#context-facts")).to_contain_text("Route" + "Support")
    expect(owner_page.locator("#context-facts")).to_contain_text(
        "Overflowed to" + "the call to 7002"
    )
    console.close()

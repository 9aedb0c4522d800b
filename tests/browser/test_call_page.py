"""From the owner's textarea to the call page: a notice of several lines typed in the console,
accepted by a visitor before the call, the call rated; the console shows all of it.

Reproduction: browsers send a textarea's line breaks as CR LF, which the notice refused; and the
console showed neither the rating nor the consent nor the call's quality.
This file sorts before test_console.py, whose last test throttles logins from 127.0.0.1.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.console import fill_button_form, log_in
from tests.browser.stack import SIP
from tests.browser.widget import LONG, call_button, reported, status, wait_until

OWNER = "call-page-owner@example.test"
PASSWORD = "a call page owner's long password"
LINES = ["Calls are recorded to train our staff.", "By calling you agree to the recording."]


@pytest.fixture(scope="module")
def owner(stack) -> str:
    stack.flask(
        *("users", "create", "--email", OWNER, "--role", "admin", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    return OWNER


def create_with_notice(page, stack) -> str:
    """Make a button in the editor, typing the notice line by line; return its tag."""
    page.goto(f"{stack.api}/console/buttons/new")
    fill_button_form(
        page,
        {
            "Name": "Recorded line",
            "Allowed origins": stack.host,
            "Callee": SIP["callee"],
            "Gateway (WCS) URL": stack.gateway,
            "SIP login": SIP["login"],
            "SIP password": SIP["password"],
            "Hours": "24/7",
        },
    )
    notice = page.get_by_label("Notice to accept before the first call")
    notice.click()
    notice.press_sequentially(LINES[0])
    notice.press("Enter")
    notice.press_sequentially(LINES[1])
    page.get_by_label("Ask for a 1–5 rating after the call").check()
    page.get_by_role("button", name="Create button").click()
    expect(page.get_by_text("Your button is ready")).to_be_visible()
    return page.locator("#snippet").inner_text().strip()


def test_a_typed_notice_is_accepted_and_the_call_page_shows_it_with_rating_and_quality(
    browser, make_page, stack, owner, screenshots
):
    console = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = console.new_page()
    log_in(page, stack.api, OWNER, PASSWORD)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    snippet = create_with_notice(page, stack)
    button_id = re.search(r'data-button="([^"]+)"', snippet).group(1)
    shown = json.loads(stack.flask("button", "show", button_id, "--json"))
    assert shown["visitor"]["consentText"] == "\n".join(LINES)

    stack.routes["/recorded"] = (pages.page(snippet), {})
    visitor = make_page("/recorded")
    call_button(visitor).click()
    expect(visitor.locator("callgate-button .notice")).to_have_text("\n".join(LINES))
    visitor.get_by_role("button", name="Accept and call").click()
    expect(status(visitor)).to_have_text("In call", timeout=LONG)
    visitor.wait_for_timeout(4000)  # a few seconds of quality samples
    visitor.get_by_role("button", name="Hang up").click()
    stars = visitor.get_by_role("group", name="How was the call?")
    stars.get_by_role("button", name="4 out of 5").click()
    stars.get_by_role("button", name="Echo").click()
    stars.get_by_role("button", name="Send").click()
    expect(status(visitor)).to_have_text("Thank you for your feedback!")
    logged = reported(stack, "rating")
    assert logged["consent"]["text"] == "\n".join(LINES)
    assert logged["consent"]["at"] < logged["startedAt"]  # accepted before the call began

    page.goto(f"{stack.api}/console/calls?button={button_id}")
    row = page.locator('tr[data-kind="call"]').first
    expect(row).to_contain_text("4 of 5")
    row.get_by_role("link", name="Details").click()
    facts = page.locator("#visitor-facts")
    expect(facts).to_contain_text("4 of 5")
    expect(facts).to_contain_text("echo")
    expect(facts.locator("dd").nth(2)).to_have_text("\n".join(LINES))
    expect(facts).to_contain_text(logged["consent"]["at"][:10])
    wait_until(lambda: page.reload() or "round trip" in facts.inner_text())
    expect(facts).to_contain_text(re.compile(r"(good|fair|poor) · round trip \d+ ms"))
    if screenshots:
        page.screenshot(path=screenshots / "console-call-visitor.png", full_page=True)

    page.goto(f"{stack.api}/console/buttons/{button_id}")
    page.get_by_role("textbox", name="Calls per day", exact=True).fill("20")
    page.get_by_role("button", name="Save button").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    stack.flask("killswitch", "on", "--button", button_id)
    stack.flask("killswitch", "off", "--button", button_id)
    page.goto(f"{stack.api}/console/audit?kind=changes&button={button_id}")
    expect(page.locator('tr[data-action="button.create"]')).to_contain_text(OWNER)
    changed = page.locator('tr[data-action="button.update"]')
    expect(changed).to_contain_text("Calls per day: 100 → 20")
    expect(page.locator('tr[data-action="killswitch"]').first).to_contain_text("command line")
    if screenshots:
        page.screenshot(path=screenshots / "console-audit.png", full_page=True)
    console.close()

"""Every console page on a phone (375 px): nothing wider than the screen, lists scroll inside.

Reproduction: the Calls and Callbacks pages were 753 and 710 px wide, because the visually
hidden texts in their tables were positioned against the page, not the table's scroll box.
This file sorts before test_console.py, whose last test throttles logins from 127.0.0.1.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.browser.console import log_in
from tests.browser.states import own_button
from tests.browser.widget import start_call, status
from tests.databases import raw_engine

OWNER = "phone-owner@example.test"
PASSWORD = "a phone owner's long password"
PHONE = {"width": 375, "height": 740}
PAGES = (
    "/console/",
    "/console/buttons",
    "/console/buttons/new",
    "/console/buttons/{button}",
    "/console/buttons/{button}/embed?created=1",
    "/console/buttons/{button}/routes?edit={route}",
    "/console/calls",
    "{call}",
    "{attempt}",
    "/console/callbacks",
    "/console/audit",
    "/console/killswitch",
    "/console/alerts",
    "/console/people",
    "/console/account",
    "/console/no-such-page",
)


@pytest.fixture(scope="module")
def owned(stack):
    """An admin of its own, and a button with a call, a refused attempt and a callback request."""
    stack.flask(
        *("users", "create", "--email", OWNER, "--role", "admin", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    path = own_button(stack, "--callback", "--name", "Phone line with a rather long name")
    return path, path.rsplit("/", 1)[1]


def leave_traces(make_page, stack, path: str, button_id: str) -> None:
    """A call, a refused token request and a callback request, as visitors leave them."""
    page = make_page(path)
    start_call(page)
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    stack.give_back_callback_allowance()
    sent = page.evaluate(
        """async ([url, body]) => (await fetch(url, {method: 'POST', body})).status""",
        [
            f"{stack.api}/api/v1/buttons/{button_id}/callbacks",
            json.dumps({"phone": "+49 30 901820", "note": "After 3 pm, please, any weekday"}),
        ],
    )
    assert sent == 201
    stranger = make_page(origin=stack.stranger)
    stranger.evaluate(
        """async (url) => (await fetch(url, {method: 'POST'}).catch(() => ({status: 0}))).status""",
        f"{stack.api}/api/v1/buttons/{button_id}/token",
    )
    # The stack is shared: give this address its callback allowance back for the other tests.
    engine = raw_engine(stack.database_url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM rate_counters WHERE key LIKE '%/callback/%'"))
    engine.dispose()


def route_of(stack, button_id: str) -> str:
    """Return the id of the button's Sales route, made on first use."""
    listed = json.loads(stack.flask("button", "route", "list", button_id, "--json"))
    if not listed:
        stack.flask("button", "route", "add", button_id, "--label", "Sales", "--callee", "7002")
        listed = json.loads(stack.flask("button", "route", "list", button_id, "--json"))
    return listed[0]["id"]


def detail_links(page, api: str, button_id: str) -> dict[str, str]:
    page.goto(f"{api}/console/calls?button={button_id}")
    call = page.locator('tr[data-kind="call"] a').first.get_attribute("href")
    attempt = page.locator('tr[data-kind="attempt"] a').first.get_attribute("href")
    return {"call": call, "attempt": attempt}


def test_no_console_page_is_wider_than_a_phone(browser, make_page, stack, owned, screenshots):
    path, button_id = owned
    leave_traces(make_page, stack, path, button_id)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, stack.api, OWNER, PASSWORD)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    links = detail_links(page, stack.api, button_id)
    links["route"] = route_of(stack, button_id)
    widths = {}
    for template in PAGES:
        target = template.format(button=button_id, **links)
        page.goto(stack.api + target)
        widths[target] = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if screenshots and target == "/console/calls":
            page.screenshot(path=screenshots / "console-phone-calls.png")
        if screenshots and "/routes?edit=" in target:
            page.screenshot(path=screenshots / "console-phone-routes.png", full_page=True)
    page.goto(f"{stack.api}/console/login")  # logged in: the overview; a fresh context for login
    context.close()
    wide = {target: sizes for target, sizes in widths.items() if sizes[0] > sizes[1]}
    assert wide == {}
    assert len(widths) == len(PAGES) and all(sizes[1] == 375 for sizes in widths.values())


def test_the_login_page_fits_a_phone(browser, stack):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{stack.api}/console/login")
    sizes = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    context.close()
    assert sizes[0] <= sizes[1] == 375


def test_a_route_is_edited_and_a_secret_shown_once_on_the_routes_page(
    browser, stack, owned, screenshots
):
    _path, button_id = owned
    route_of(stack, button_id)
    context = browser.new_context()
    page = context.new_page()
    log_in(page, stack.api, OWNER, PASSWORD)
    page.goto(f"{stack.api}/console/buttons/{button_id}/routes")
    page.get_by_role("link", name="Edit Sales").click()
    expect(page.get_by_role("heading", name="Edit the route “Sales”")).to_be_visible()
    page.get_by_label("Callee").fill("7009")
    page.get_by_role("button", name="Save route").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(page.locator("#routes")).to_contain_text("7009")
    page.get_by_role("button", name="Make a secret").click()
    secret = page.get_by_label("New secret")
    expect(secret).to_have_value(re.compile(r"[A-Za-z0-9_-]{40,}"))
    shown = secret.input_value()
    if screenshots:
        page.screenshot(path=screenshots / "console-routes.png", full_page=True)
    page.goto(f"{stack.api}/console/buttons/{button_id}/routes")
    expect(page.get_by_text("The newest secret was made on")).to_be_visible()
    assert shown not in page.content()
    context.close()

"""The button on hostile host pages: strict CSP, hostile CSS, the tag included twice."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.stack import SIP
from tests.browser.widget import call_button, start_call, status


def test_strict_csp_call_works_without_violations(make_page):
    page = make_page("/csp")
    start_call(page)
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    assert page.evaluate("window.__violations") == []


def box(page) -> dict:
    button = call_button(page)
    expect(button).to_be_visible()
    return button.bounding_box()


def test_hostile_css_changes_nothing(make_page):
    plain = box(make_page("/"))
    hostile_page = make_page("/hostile")
    hostile = box(hostile_page)
    assert hostile == plain
    assert hostile["height"] >= 44 and hostile["width"] >= 44
    start_call(hostile_page)
    hostile_page.get_by_role("button", name="Hang up").click()


def test_script_included_twice_gives_one_button(make_page):
    page = make_page("/twice")
    expect(call_button(page)).to_be_visible()
    page.wait_for_timeout(500)
    assert page.locator("callgate-button").count() == 1
    assert call_button(page).count() == 1


def test_a_page_whose_policy_blocks_the_microphone_tells_its_owner(make_page, stack):
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{stack.button_id}"></script>'
    stack.routes["/no-mic"] = (pages.page(snippet), {"Permissions-Policy": "microphone=()"})
    page = make_page("/no-mic")
    call_button(page).click()
    expect(status(page)).to_have_text(
        "This page blocks the microphone. Site owner: allow it with the header "
        "Permissions-Policy: microphone=(self)."
    )
    assert page.evaluate("window.__gum") == 0  # no prompt that cannot appear
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0


def test_a_frame_without_microphone_access_tells_the_page_owner(make_page, stack):
    created = stack.flask(
        *("button", "create", "--name", "Framed", "--origin", stack.stranger),
        *("--callee", SIP["callee"], "--gateway-url", stack.gateway, "--sip-login", SIP["login"]),
        *("--hours", "24/7", "--sip-password-stdin", "--json"),
        stdin=SIP["password"] + "\n",
    )
    button_id = json.loads(created)["id"]
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{button_id}"></script>'
    stack.stranger_routes["/framed"] = (pages.page(snippet), {})
    frame = f"<iframe src='{stack.stranger}/framed' style='width:420px;height:400px'></iframe>"
    stack.routes["/framing"] = (pages.page(frame), {})
    page = make_page("/framing")
    inner = page.frame_locator("iframe")
    inner.get_by_role("button", name="Call us").click()
    expect(inner.get_by_role("status")).to_have_text(
        "The call button is in a frame without microphone access. Site owner: add "
        'allow="microphone" to the iframe.'
    )

"""The button on hostile host pages: strict CSP, hostile CSS, the tag included twice."""

from __future__ import annotations

from playwright.sync_api import expect

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

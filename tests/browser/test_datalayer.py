"""data-datalayer: the button's states mirrored into the page's window.dataLayer, opt-in only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.widget import start_call, status

KEYS = {"event", "callgate_button", "callgate_state", "callgate_reason"}


@pytest.fixture
def host_page(stack, make_page):
    """Serve and open a page of `head`, then the tag with `attributes`; return it and its errors."""
    added = []  # removed when the test ends: the stack is shared

    def open_page(path: str, attributes: str = "", head: str = ""):
        tag = f'<script async src="{stack.api}/widget.js" data-button="{stack.button_id}"'
        stack.routes[path] = (pages.page(f"{tag} {attributes}></script>", head=head), {})
        added.append(path)
        errors: list = []
        return make_page(
            path, listen=lambda p: p.on("pageerror", lambda error: errors.append(error))
        ), errors

    try:
        yield open_page
    finally:
        for path in added:
            stack.routes.pop(path, None)


def call_and_hang_up(page) -> None:
    """Call, hang up, and wait for "Call ended": a whole run of states."""
    start_call(page)
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")


def test_states_are_pushed_after_what_the_page_had(host_page, stack):
    """Each state becomes one callgate_state entry, in order, after the page's own entry."""
    existing = "<script>window.dataLayer = [{existing: 1}];</script>"
    page, errors = host_page("/datalayer", "data-datalayer", head=existing)
    call_and_hang_up(page)
    page.wait_for_function("window.dataLayer.some(e => e.event === 'callgate_state')", timeout=5000)
    # One evaluation: both lists are filled in the same event dispatch, so they agree.
    layer, states = page.evaluate("[window.dataLayer, window.__states]")
    assert layer[0] == {"existing": 1}
    pushed = layer[1:]
    assert all(set(entry) == KEYS for entry in pushed)
    assert {entry["event"] for entry in pushed} == {"callgate_state"}
    assert {entry["callgate_button"] for entry in pushed} == {stack.button_id}
    assert [entry["callgate_state"] for entry in pushed] == states
    assert states[-1] == "ended" and "incall" in states
    assert all(entry["callgate_reason"] is None for entry in pushed)  # no failure on the way
    assert errors == []


def test_without_the_attribute_no_datalayer_is_made(host_page):
    """The plain tag leaves window as it was: no dataLayer, whatever the button did."""
    page, errors = host_page("/no-datalayer")
    call_and_hang_up(page)
    assert "incall" in page.evaluate("window.__states")
    assert page.evaluate("typeof window.dataLayer") == "undefined"
    assert errors == []


def test_a_datalayer_without_push_is_left_alone(host_page):
    """A page's dataLayer that is no array (no push) neither breaks the button nor changes."""
    odd = "<script>window.dataLayer = {existing: 1};</script>"
    page, errors = host_page("/odd-datalayer", "data-datalayer", head=odd)
    call_and_hang_up(page)
    assert page.evaluate("window.__states")[-1] == "ended"
    assert page.evaluate("window.dataLayer") == {"existing": 1}
    assert errors == []

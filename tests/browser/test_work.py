"""Proof of work in a real browser: under pressure the widget solves its challenge while the
visitor reads "Connecting…", in a worker or, where the page's policy forbids one, on the main
thread, and the call goes through."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.widget import (
    LONG,
    call_button,
    limited_button,
    request_token,
    status,
)

#: Records each token request's answer and each state, with the page's clock.
RECORD = """
window.__tokens = []; window.__timeline = [];
document.addEventListener('callgate:state',
  e => window.__timeline.push([performance.now(), e.detail.state]));
const fetched = window.fetch;
window.fetch = function (url, init) {
  const sent = performance.now(), body = init && init.body;
  return fetched.apply(this, arguments).then(response => {
    if (String(url).endsWith('/token')) {
      window.__tokens.push({sent, answered: performance.now(), status: response.status, body});
    }
    return response;
  });
};
"""


def under_pressure(stack, path: str, headers: dict[str, str]) -> str:
    """Serve a page at `path` for a button whose day allowance of 4 tokens is half used."""
    button_id = limited_button(stack, "button=4/day")
    assert [request_token(stack, button_id) for _ in range(2)] == [200, 200]
    assert request_token(stack, button_id) == 428  # the next visitor must solve
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{button_id}"></script>'
    stack.routes[path] = (pages.page(snippet), headers)
    return button_id


def solve_and_call(make_page, path: str):
    page = make_page(path, listen=lambda p: p.add_init_script(RECORD))
    call_button(page).click()
    expect(status(page)).to_have_text("In call", timeout=LONG)
    tokens = page.evaluate("window.__tokens")
    assert [t["status"] for t in tokens] == [428, 200]
    assert "proof" not in json.loads(tokens[0]["body"])
    assert json.loads(tokens[1]["body"])["proof"].count(".") >= 2
    # While the challenge was being solved, the visitor read "Connecting…" and nothing else.
    solving = (tokens[0]["answered"], tokens[1]["sent"])
    states = page.evaluate("window.__timeline")
    assert [s for t, s in states if t <= solving[1]] == ["connecting"]
    print(f"solved in {solving[1] - solving[0]:.0f} ms")
    return page


def test_the_widget_solves_its_challenge_in_a_worker_and_the_call_goes_through(
    make_page, stack, screenshots
):
    under_pressure(stack, "/busy", {})
    page = solve_and_call(make_page, "/busy")
    assert page.evaluate("window.__violations") == []
    if screenshots:
        page.screenshot(path=screenshots / "call-after-challenge.png")
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")


def test_a_page_that_forbids_workers_still_gets_its_call(make_page, stack):
    csp = {"Content-Security-Policy": pages.strict_csp(stack.api, stack.gateway)}
    under_pressure(stack, "/busy-csp", csp)
    page = solve_and_call(make_page, "/busy-csp")
    # The blob worker was refused by the page's policy; the main thread solved it in slices.
    assert any("blob" in violation for violation in page.evaluate("window.__violations"))
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")

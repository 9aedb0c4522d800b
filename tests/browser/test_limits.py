"""A rate-limited visitor: the widget can read the 429 and says calls are unavailable."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.widget import call_button, limited_button, request_token, status


def test_rate_limited_visitor_sees_unavailable_not_a_network_error(make_page, stack):
    button_id = limited_button(stack)
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{button_id}"></script>'
    stack.routes["/limited"] = (pages.page(snippet), {})
    assert request_token(stack, button_id) == 200  # another visitor took today's one token
    answers = []

    def listen(page) -> None:
        page.on(
            "response",
            lambda r: (
                answers.append((r.status, r.headers.get("access-control-allow-origin")))
                if r.url.endswith("/token")
                else None
            ),
        )

    page = make_page("/limited", listen=listen)
    call_button(page).click()
    expect(status(page)).to_have_text("Calls are not available right now")
    expect(call_button(page, "Call again")).to_be_disabled()  # a daily limit: not before tomorrow
    assert answers == [(429, stack.host)]
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0
    assert request_token(stack, button_id) == 429


def test_a_short_wait_is_counted_down_from_retry_after_with_the_retry_disabled(make_page, stack):
    button_id = limited_button(stack, "ip=1/minute")
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{button_id}"></script>'
    stack.routes["/per-minute"] = (pages.page(snippet), {})
    assert request_token(stack, button_id) == 200  # this address used its one token a minute
    waits: list[str] = []

    def listen(page) -> None:
        page.on(
            "response",
            lambda r: waits.append(r.headers["retry-after"]) if r.url.endswith("/token") else None,
        )

    page = make_page("/per-minute", listen=listen)
    call_button(page).click()
    expect(status(page)).to_have_text(re.compile(r"Too many call attempts\. Try again in \d+ s"))
    [wait] = waits
    shown = int(re.search(r"in (\d+) s", status(page).inner_text()).group(1))
    assert 0 < shown <= int(wait) <= 60
    retry = call_button(page, "Call again")
    expect(retry).to_be_disabled()
    retry.click(force=True)
    page.wait_for_timeout(300)
    assert len(waits) == 1  # no new token request while the wait lasts

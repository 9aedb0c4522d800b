"""A rate-limited visitor: the widget can read the 429 and says calls are unavailable."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.stack import SIP
from tests.browser.widget import call_button, status


def limited_button(stack) -> str:
    """Create a button allowing one token a day; return its id."""
    created = stack.flask(
        *("button", "create", "--name", "Limited", "--origin", stack.host),
        *("--callee", SIP["callee"], "--gateway-url", stack.gateway, "--sip-login", SIP["login"]),
        *("--token-limit", "button=1/day", "--hours", "24/7", "--sip-password-stdin", "--json"),
        stdin=SIP["password"] + "\n",
    )
    return json.loads(created)["id"]


def request_token(stack, button_id: str) -> int:
    request = urllib.request.Request(
        f"{stack.api}/api/v1/buttons/{button_id}/token",
        method="POST",
        headers={"Origin": stack.host},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


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
    assert answers == [(429, stack.host)]
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0
    assert request_token(stack, button_id) == 429

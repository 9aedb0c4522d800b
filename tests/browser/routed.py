"""A second button on the browser tests' stack with routes and caller context: Sales and Support
(which overflows to Sales after 20 s) open, Night closed today; a name field, a notice and the
recording flag. Its host page is /routes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.browser.stack import SIP
from tests.browser.test_accessibility import clean_page

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NOTICE = "Calls may be recorded."


def flask_json(stack, *args: str) -> dict:
    return json.loads(stack.flask(*args, "--json"))


@pytest.fixture(scope="module")
def routed(stack) -> dict:
    """A second button on the stack: Sales and Support open, Night closed today; a name field,
    a notice, and the recording flag. Its page is /routes."""
    created = stack.flask(
        *("button", "create", "--name", "Routes test", "--origin", stack.host),
        *("--callee", SIP["callee"], "--gateway-url", stack.gateway, "--sip-login", SIP["login"]),
        *("--sip-domain", "pbx.example.test", "--hours", "24/7", "--sip-password-stdin"),
        *("--consent-text", NOTICE, "--json"),
        stdin=SIP["password"] + "\n",
    )
    button_id = json.loads(created)["id"]
    add = ("button", "route", "add", button_id)
    sales = flask_json(stack, *add, "--label", "Sales", "--label-ru", "Продажи", "--callee", "7002")
    support = flask_json(
        stack,
        *add,
        "--label",
        "Support",
        "--label-ru",
        "Поддержка",
        "--callee",
        "7003",
        "--ring-time",
        "20",
        "--overflow",
        sales["id"],
    )
    other_day = DAYS[(datetime.now(UTC).weekday() + 3) % 7]
    flask_json(
        stack,
        *add,
        "--label",
        "Night",
        "--label-ru",
        "Ночь",
        "--callee",
        "7009",
        "--hours",
        f"{other_day} 09:00-10:00",
    )
    stack.flask(
        "button", "context", button_id, "--ask-name", "optional", "--recording", "if-consented"
    )
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{button_id}"></script>'
    stack.routes["/routes"] = (clean_page(snippet, "en"), {})
    return {"id": button_id, "support": support["id"]}
